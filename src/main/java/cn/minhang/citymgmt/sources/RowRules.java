package cn.minhang.citymgmt.sources;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Optional;

import static cn.minhang.citymgmt.sources.RejectReason.DATES_OUT_OF_ORDER;
import static cn.minhang.citymgmt.sources.RejectReason.MISSING_REQUIRED;
import static cn.minhang.citymgmt.sources.RejectReason.OUT_OF_RANGE;

/** The record-level rules the data contract states, as reusable {@link RowRule}s. */
public final class RowRules {
    private RowRules() {
    }

    /** {@code later} must not be earlier than {@code earlier} (dates or timestamps). */
    public static RowRule notBefore(String later, String earlier) {
        return r -> {
            Comparable<Object> a = comparable(r.get(later));
            Object b = comparableValue(r.get(earlier));
            if (a != null && b != null && a.compareTo(b) < 0) {
                return Optional.of(DATES_OUT_OF_ORDER.because(later + " " + r.get(later) + " is before " + earlier + " " + r.get(earlier)));
            }
            return Optional.empty();
        };
    }

    /** Dates that must not go backwards in the given order; missing ones are skipped. */
    public static RowRule inOrder(String... columns) {
        return r -> {
            String previous = null;
            for (String column : columns) {
                if (r.get(column) == null) {
                    continue;
                }
                if (previous != null) {
                    Optional<String> broken = notBefore(column, previous).check(r);
                    if (broken.isPresent()) {
                        return broken;
                    }
                }
                previous = column;
            }
            return Optional.empty();
        };
    }

    /** {@code column} is required when {@code condition} holds the code {@code value}. */
    public static RowRule requiredWhen(String column, String condition, String value) {
        return r -> value.equals(r.get(condition)) && isBlank(r.get(column))
                ? Optional.of(MISSING_REQUIRED.because(column + " (required when " + condition + " = " + value + ")"))
                : Optional.empty();
    }

    /** The date in {@code dateColumn} falls within the calendar year held in {@code yearColumn}. */
    public static RowRule withinYear(String dateColumn, String yearColumn) {
        return r -> {
            Object date = r.get(dateColumn);
            Object year = r.get(yearColumn);
            if (date instanceof LocalDate d && year instanceof Integer y && d.getYear() != y) {
                return Optional.of(OUT_OF_RANGE.because(dateColumn + " " + d + " is outside " + yearColumn + " " + y));
            }
            return Optional.empty();
        };
    }

    /** {@code column} ≤ {@code limit} (e.g. satisfied ≤ respondents). */
    public static RowRule notAbove(String column, String limit) {
        return r -> {
            BigDecimal a = number(r.get(column));
            BigDecimal b = number(r.get(limit));
            return a != null && b != null && a.compareTo(b) > 0
                    ? Optional.of(OUT_OF_RANGE.because(column + " " + a.toPlainString() + " exceeds " + limit + " " + b.toPlainString()))
                    : Optional.empty();
        };
    }

    /** {@code amount} > 0 unless {@code typeColumn} is {@code signedType}, where it may carry either sign but not be 0. */
    public static RowRule positiveUnless(String amount, String typeColumn, String signedType) {
        return r -> {
            BigDecimal a = number(r.get(amount));
            if (a == null || r.get(typeColumn) == null) {
                return Optional.empty();
            }
            boolean signed = signedType.equals(r.get(typeColumn));
            if (signed ? a.signum() == 0 : a.signum() <= 0) {
                return Optional.of(OUT_OF_RANGE.because(amount + " " + a.toPlainString()
                        + (signed ? " must not be 0 for " + signedType : " must be > 0 for " + r.get(typeColumn))));
            }
            return Optional.empty();
        };
    }

    /** When {@code flag} is true, {@code column} must be 0 (e.g. refused trips weigh nothing). */
    public static RowRule zeroWhen(String column, String flag) {
        return r -> {
            BigDecimal a = number(r.get(column));
            return Boolean.TRUE.equals(r.get(flag)) && a != null && a.signum() != 0
                    ? Optional.of(OUT_OF_RANGE.because(column + " " + a.toPlainString() + " must be 0 when " + flag + " is true"))
                    : Optional.empty();
        };
    }

    private static boolean isBlank(Object value) {
        return value == null || value.toString().isBlank();
    }

    private static BigDecimal number(Object value) {
        if (value instanceof BigDecimal b) {
            return b;
        }
        return value instanceof Integer i ? BigDecimal.valueOf(i) : null;
    }

    @SuppressWarnings("unchecked")
    private static Comparable<Object> comparable(Object value) {
        Object v = comparableValue(value);
        return v == null ? null : (Comparable<Object>) v;
    }

    /** Dates compare with timestamps at the start of their day. */
    private static Object comparableValue(Object value) {
        if (value instanceof LocalDate d) {
            return d.atStartOfDay();
        }
        return value instanceof LocalDateTime ? value : null;
    }

    /** An assessment's fraction lies in its grade's band (§3): 0.85 is no "partial". */
    public static RowRule fractionWithinGrade(String fraction, String grade) {
        return r -> {
            BigDecimal f = number(r.get(fraction));
            Object g = r.get(grade);
            if (f == null || g == null) {
                return Optional.empty();
            }
            Grade parsed = Grade.parse(g.toString());
            return parsed.validFraction(f)
                    ? Optional.empty()
                    : Optional.of(OUT_OF_RANGE.because(fraction + " " + f.toPlainString() + " lies outside the "
                    + parsed.code() + " band " + parsed.band()));
        };
    }
}
