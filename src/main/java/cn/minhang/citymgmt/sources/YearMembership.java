package cn.minhang.citymgmt.sources;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * Which fiscal years a record belongs to (its governing date, in the contract's words).
 * A run for year Y keeps the records that belong to Y and counts the others as other years.
 */
@FunctionalInterface
public interface YearMembership extends Serializable {

    enum Verdict { IN_YEAR, OTHER_YEAR, UNREADABLE }

    Verdict of(TypedRecord record, int fiscalYear);

    /** The year of one date or timestamp column. */
    static YearMembership ofDate(String column) {
        return ofDateElse(column, null);
    }

    /** The year of {@code column}, or of {@code fallback} when the first is empty. */
    static YearMembership ofDateElse(String column, String fallback) {
        return (r, y) -> {
            Object value = r.get(column);
            if (value == null && fallback != null) {
                value = r.get(fallback);
            }
            Integer year = yearOf(value);
            return year == null ? Verdict.UNREADABLE : year == y ? Verdict.IN_YEAR : Verdict.OTHER_YEAR;
        };
    }

    /** An integer fiscal-year column. */
    static YearMembership ofYearColumn(String column) {
        return (r, y) -> r.get(column) instanceof Integer year
                ? (year == y ? Verdict.IN_YEAR : Verdict.OTHER_YEAR)
                : Verdict.UNREADABLE;
    }

    /**
     * Every year whose calendar overlaps [from, end], where end is the first non-empty of
     * {@code endColumns}; none means ongoing.
     */
    static YearMembership overlapping(String from, String... endColumns) {
        return (r, y) -> {
            if (!(r.get(from) instanceof LocalDate start)) {
                return Verdict.UNREADABLE;
            }
            LocalDate end = LocalDate.MAX;
            for (String column : endColumns) {
                if (r.get(column) instanceof LocalDate e) {
                    end = e;
                    break;
                }
            }
            return start.getYear() <= y && end.getYear() >= y ? Verdict.IN_YEAR : Verdict.OTHER_YEAR;
        };
    }

    /**
     * From the year of the earliest of {@code columns} on: records whose counts accumulate over
     * the years (a lift in service since 2019 still counts in 2023's total).
     */
    static YearMembership fromEarliest(String... columns) {
        return (r, y) -> {
            Integer earliest = null;
            for (String column : columns) {
                Integer year = yearOf(r.get(column));
                if (year != null && (earliest == null || year < earliest)) {
                    earliest = year;
                }
            }
            return earliest == null ? Verdict.UNREADABLE : earliest <= y ? Verdict.IN_YEAR : Verdict.OTHER_YEAR;
        };
    }

    /** Dimensions such as the list of units hold in every year. */
    static YearMembership everyYear() {
        return (r, y) -> Verdict.IN_YEAR;
    }

    private static Integer yearOf(Object value) {
        if (value instanceof LocalDate d) {
            return d.getYear();
        }
        return value instanceof LocalDateTime t ? t.getYear() : null;
    }
}
