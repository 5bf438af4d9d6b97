package cn.minhang.citymgmt.sources;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * Which fiscal years a record belongs to (its governing date, in the contract's words), as a span
 * of years. A run for year Y keeps the records whose span holds Y and counts the others as other
 * years; the span is also what the deliveries table records per file, so that a later run can skip
 * a file none of whose records belongs to the years it evaluates.
 */
@FunctionalInterface
public interface YearMembership extends Serializable {

    enum Verdict { IN_YEAR, OTHER_YEAR, UNREADABLE }

    /** First and last year of a record; {@link #OPEN} at either end when unbounded. */
    record Span(int first, int last) implements Serializable {
        public boolean holds(int year) {
            return first <= year && year <= last;
        }
    }

    /** The unbounded end of a span: a dimension holds in every year, a lift in service in every later one. */
    int OPEN_START = Integer.MIN_VALUE;
    int OPEN = Integer.MAX_VALUE;

    /** The years the record belongs to, or null when no readable date places it in any year. */
    Span span(TypedRecord record);

    default Verdict of(TypedRecord record, int fiscalYear) {
        Span span = span(record);
        return span == null ? Verdict.UNREADABLE : span.holds(fiscalYear) ? Verdict.IN_YEAR : Verdict.OTHER_YEAR;
    }

    /** The year of one date or timestamp column. */
    static YearMembership ofDate(String column) {
        return ofDateElse(column, null);
    }

    /** The year of {@code column}, or of {@code fallback} when the first is empty. */
    static YearMembership ofDateElse(String column, String fallback) {
        return r -> {
            Object value = r.get(column);
            if (value == null && fallback != null) {
                value = r.get(fallback);
            }
            Integer year = yearOf(value);
            return year == null ? null : new Span(year, year);
        };
    }

    /** An integer fiscal-year column. */
    static YearMembership ofYearColumn(String column) {
        return r -> r.get(column) instanceof Integer year ? new Span(year, year) : null;
    }

    /**
     * Every year whose calendar overlaps [from, end], where end is the first non-empty of
     * {@code endColumns}; none means ongoing.
     */
    static YearMembership overlapping(String from, String... endColumns) {
        return r -> {
            if (!(r.get(from) instanceof LocalDate start)) {
                return null;
            }
            for (String column : endColumns) {
                if (r.get(column) instanceof LocalDate e) {
                    return new Span(start.getYear(), e.getYear());
                }
            }
            return new Span(start.getYear(), OPEN);
        };
    }

    /**
     * From the year of the earliest of {@code columns} on: records whose counts accumulate over
     * the years (a lift in service since 2019 still counts in 2023's total).
     */
    static YearMembership fromEarliest(String... columns) {
        return r -> {
            Integer earliest = null;
            for (String column : columns) {
                Integer year = yearOf(r.get(column));
                if (year != null && (earliest == null || year < earliest)) {
                    earliest = year;
                }
            }
            return earliest == null ? null : new Span(earliest, OPEN);
        };
    }

    /** Dimensions such as the list of units hold in every year. */
    static YearMembership everyYear() {
        return r -> new Span(OPEN_START, OPEN);
    }

    private static Integer yearOf(Object value) {
        if (value instanceof LocalDate d) {
            return d.getYear();
        }
        return value instanceof LocalDateTime t ? t.getYear() : null;
    }
}
