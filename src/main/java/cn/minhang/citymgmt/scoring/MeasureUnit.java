package cn.minhang.citymgmt.scoring;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * The units metrics are held in (scoring rules §6). Units of one dimension convert through a
 * base unit (m for length, m² for area); units of different dimensions never convert.
 */
public enum MeasureUnit {
    COUNT("count", Dimension.COUNT, BigDecimal.ONE),
    KM("km", Dimension.LENGTH, new BigDecimal("1000")),
    M("m", Dimension.LENGTH, BigDecimal.ONE),
    M2("m2", Dimension.AREA, BigDecimal.ONE),
    /** 亩 as the rules fix it: 666.67 m², not the exact 2000/3. */
    MU("mu", Dimension.AREA, new BigDecimal("666.67")),
    T("t", Dimension.MASS, BigDecimal.ONE),
    YEARS("years", Dimension.DURATION, BigDecimal.ONE),
    /** Rates are held as percent, 0–100. */
    PERCENT("percent", Dimension.RATIO, BigDecimal.ONE);

    /** What a quantity measures; only quantities of the same dimension compare. */
    public enum Dimension { COUNT, LENGTH, AREA, MASS, DURATION, RATIO }

    private final String code;
    private final Dimension dimension;
    private final BigDecimal baseFactor;

    MeasureUnit(String code, Dimension dimension, BigDecimal baseFactor) {
        this.code = code;
        this.dimension = dimension;
        this.baseFactor = baseFactor;
    }

    public String code() {
        return code;
    }

    public Dimension dimension() {
        return dimension;
    }

    /** How many base units (m, m², …) one of this unit is. */
    BigDecimal baseFactor() {
        return baseFactor;
    }

    /** Reads a metric code ({@code m2}, {@code KM}); {@code 亩} is the contract's alias for {@code mu}. */
    public static MeasureUnit parse(String text) {
        if (text != null) {
            String key = text.trim().toLowerCase(Locale.ROOT);
            for (MeasureUnit u : values()) {
                if (u.code.equals(key)) {
                    return u;
                }
            }
            if (key.equals("亩")) {
                return MU;
            }
        }
        throw new IllegalArgumentException("unknown measure unit '" + text
                + "' (expected count, km, m, m2, mu, t, years or percent)");
    }
}
