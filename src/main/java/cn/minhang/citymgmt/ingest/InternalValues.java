package cn.minhang.citymgmt.ingest;

import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.types.UTF8String;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Plain Java values as Spark's internal ones, column by column, so that the reader hands Spark
 * rows it can use as they are (no {@code Row} objects converted one at a time).
 */
final class InternalValues {
    private InternalValues() {
    }

    static Object of(Object value, DataType type, ZoneId zone) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return UTF8String.fromString(s);
        }
        if (value instanceof BigDecimal d) {
            DecimalType t = (DecimalType) type;
            return Decimal.apply(d, t.precision(), t.scale());
        }
        if (value instanceof LocalDate d) {
            return (int) d.toEpochDay();
        }
        if (value instanceof LocalDateTime t) {
            // The contract's timestamps are local times in the configured zone.
            return ChronoUnit.MICROS.between(java.time.Instant.EPOCH, t.atZone(zone).toInstant());
        }
        return value; // Integer, Long, Boolean are their own internal form
    }

    static UTF8String string(String s) {
        return s == null ? null : UTF8String.fromString(s);
    }

    static GenericArrayData strings(List<String> values) {
        Object[] out = new Object[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = UTF8String.fromString(values.get(i));
        }
        return new GenericArrayData(out);
    }

    static ArrayBasedMapData intToLong(Map<Integer, Long> map) {
        Object[] keys = new Object[map.size()];
        Object[] values = new Object[map.size()];
        int i = 0;
        for (Map.Entry<Integer, Long> e : map.entrySet()) {
            keys[i] = e.getKey();
            values[i++] = e.getValue();
        }
        return new ArrayBasedMapData(new GenericArrayData(keys), new GenericArrayData(values));
    }
}
