package cn.minhang.citymgmt.report;

import org.apache.spark.sql.Row;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One collected row by column name, with lenient typed getters (a column a table lacks reads as null). */
record Rec(Map<String, Object> values) {
    static Rec of(Row row) {
        Map<String, Object> values = new LinkedHashMap<>();
        String[] names = row.schema().fieldNames();
        for (int i = 0; i < names.length; i++) {
            values.put(names[i], row.get(i));
        }
        return new Rec(Collections.unmodifiableMap(values));
    }

    Object get(String column) {
        return values.get(column);
    }

    String str(String column) {
        Object v = values.get(column);
        return v == null ? null : v.toString();
    }

    BigDecimal dec(String column) {
        Object v = values.get(column);
        if (v == null) {
            return null;
        }
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return null;
        }
        if (v instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        try {
            return new BigDecimal(v.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    Double dbl(String column) {
        BigDecimal d = dec(column);
        return d == null ? null : d.doubleValue();
    }

    /** A boolean column; also reads "true" / "false" text. Null for null or anything else. */
    Boolean bool(String column) {
        Object v = values.get(column);
        if (v instanceof Boolean b) {
            return b;
        }
        return v == null ? null : "true".equalsIgnoreCase(v.toString()) ? Boolean.TRUE : "false".equalsIgnoreCase(v.toString()) ? Boolean.FALSE : null;
    }

    Long lng(String column) {
        BigDecimal d = dec(column);
        return d == null ? null : d.longValue();
    }
}
