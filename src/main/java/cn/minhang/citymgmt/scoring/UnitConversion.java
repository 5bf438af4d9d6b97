package cn.minhang.citymgmt.scoring;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Converts a value written with a Chinese unit into a metric unit (scoring rules §6). A pair that
 * cannot convert is a configuration error and fails loudly, naming both units — never a guess.
 */
public final class UnitConversion {
    private static final BigDecimal TEN_THOUSAND = new BigDecimal("10000");

    /** A written unit: which metric unit it is, times how many of it (万平方米 = 10,000 × m2). */
    private record Written(MeasureUnit unit, BigDecimal multiplier) {
    }

    private static final Map<String, Written> UNITS = new HashMap<>();

    static {
        for (String word : new String[] {"个", "台", "株", "处", "根", "起", "件", "次"}) {
            put(word, MeasureUnit.COUNT, BigDecimal.ONE);
        }
        put("公里", MeasureUnit.KM, BigDecimal.ONE);
        put("千米", MeasureUnit.KM, BigDecimal.ONE);
        put("米", MeasureUnit.M, BigDecimal.ONE);
        put("万平方米", MeasureUnit.M2, TEN_THOUSAND);
        put("平方米", MeasureUnit.M2, BigDecimal.ONE);
        put("亩", MeasureUnit.MU, BigDecimal.ONE);
        put("吨", MeasureUnit.T, BigDecimal.ONE);
        put("年", MeasureUnit.YEARS, BigDecimal.ONE);
        put("%", MeasureUnit.PERCENT, BigDecimal.ONE);
        // Metric codes are accepted as written units too, so a metric value can be converted the same way.
        for (MeasureUnit u : MeasureUnit.values()) {
            put(u.code(), u, BigDecimal.ONE);
        }
    }

    private static void put(String word, MeasureUnit unit, BigDecimal multiplier) {
        UNITS.put(word, new Written(unit, multiplier));
    }

    private UnitConversion() {
    }

    /** Whether {@code unit} is a unit this job can read (after width and space normalisation). */
    public static boolean isKnown(String unit) {
        return lookup(unit) != null;
    }

    /** The metric unit a written unit belongs to ({@code 万平方米} → {@code m2}), or null when unknown. */
    public static MeasureUnit metricUnitOf(String unit) {
        Written w = lookup(unit);
        return w == null ? null : w.unit();
    }

    /** Whether {@code fromUnit} is known and measures what {@code to} measures. */
    public static boolean compatible(String fromUnit, MeasureUnit to) {
        Written w = lookup(fromUnit);
        return w != null && to != null && w.unit().dimension() == to.dimension();
    }

    /**
     * {@code value} written in {@code fromUnit} (公里, 万平方米, %, …) expressed in {@code to}.
     *
     * @throws IllegalArgumentException when the unit is unknown or measures something else
     */
    public static BigDecimal convert(BigDecimal value, String fromUnit, MeasureUnit to) {
        if (value == null || to == null) {
            throw new IllegalArgumentException("value and target unit are required");
        }
        Written w = lookup(fromUnit);
        if (w == null) {
            throw new IllegalArgumentException("unknown unit '" + fromUnit + "', cannot convert it to " + to.code());
        }
        if (w.unit().dimension() != to.dimension()) {
            throw new IllegalArgumentException("cannot convert '" + fromUnit + "' ("
                    + w.unit().dimension().name().toLowerCase(Locale.ROOT) + ") to '" + to.code() + "' ("
                    + to.dimension().name().toLowerCase(Locale.ROOT) + ")");
        }
        BigDecimal inBase = value.multiply(w.multiplier()).multiply(w.unit().baseFactor());
        return to.baseFactor().compareTo(BigDecimal.ONE) == 0
                ? inBase
                : inBase.divide(to.baseFactor(), Numbers.MC);
    }

    private static Written lookup(String unit) {
        if (unit == null) {
            return null;
        }
        String key = normalize(unit);
        Written w = UNITS.get(key);
        if (w == null) {
            w = UNITS.get(key.toLowerCase(Locale.ROOT));
        }
        // 万 is an exact multiplier (10^4), so 万株 or 万吨 is as safe to read as 万平方米.
        if (w == null && key.length() > 1 && key.startsWith("万")) {
            Written base = UNITS.get(key.substring(1));
            if (base != null && base.multiplier().compareTo(BigDecimal.ONE) == 0) {
                w = new Written(base.unit(), TEN_THOUSAND);
            }
        }
        return w;
    }

    /** Full-width forms (％, （）) and ² fold to ASCII; spaces inside a unit carry no meaning. */
    static String normalize(String unit) {
        return Normalizer.normalize(unit, Normalizer.Form.NFKC).replaceAll("[\\s\\p{Z}]+", "");
    }
}
