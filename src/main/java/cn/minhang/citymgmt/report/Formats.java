package cn.minhang.citymgmt.report;

import cn.minhang.citymgmt.scoring.Measures;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the report pages write numbers and times; a missing value is written as a dash. */
final class Formats {
    static final String NONE = "—";

    private Formats() {
    }

    /** Two decimals, rounded half-up: scores and rates. */
    static String fixed(BigDecimal value) {
        return value == null ? NONE : value.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    /** As many decimals as the value has: weights. */
    static String plain(BigDecimal value) {
        return value == null ? NONE : value.stripTrailingZeros().toPlainString();
    }

    static String percent(BigDecimal value) {
        return value == null ? NONE : fixed(value) + "%";
    }

    /** Yuan as 万元 with 2 decimals and thousands separators. */
    static String wan(BigDecimal yuan) {
        if (yuan == null) {
            return NONE;
        }
        DecimalFormat f = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return f.format(yuan.divide(BigDecimal.valueOf(10_000), 2, RoundingMode.HALF_UP));
    }

    /** Thousands separators and at most 2 decimals: values computed from the records. */
    static String number(BigDecimal value) {
        if (value == null) {
            return NONE;
        }
        DecimalFormat f = new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT));
        f.setRoundingMode(RoundingMode.HALF_UP);
        return f.format(value);
    }

    /** A measure (a completed, reported or computed value) as notes and forms show it: {@link Measures#show}. */
    static String measure(BigDecimal value) {
        return value == null ? NONE : Measures.show(value);
    }

    static String count(Long n) {
        return n == null ? NONE : String.format(Locale.ROOT, "%,d", n);
    }

    static String time(Object value) {
        if (value instanceof Timestamp t) {
            return t.toLocalDateTime().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT));
        }
        return value == null ? NONE : value.toString();
    }

    static String orDash(String value) {
        return value == null ? NONE : value;
    }
}
