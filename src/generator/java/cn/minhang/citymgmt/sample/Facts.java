package cn.minhang.citymgmt.sample;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/** What the generators produced per unit and year, for the targets and self-reports to refer to. */
final class Facts {
    private final Map<String, BigDecimal> values = new TreeMap<>();

    void put(String unit, int year, String key, BigDecimal value) {
        values.put(unit + "|" + year + "|" + key, value);
    }

    void put(String unit, int year, String key, long value) {
        put(unit, year, key, BigDecimal.valueOf(value));
    }

    BigDecimal get(String unit, int year, String key) {
        return values.get(unit + "|" + year + "|" + key);
    }
}
