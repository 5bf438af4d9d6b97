package cn.minhang.citymgmt.scoring;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Decimal helpers shared by the rules; package-private because callers use the rules, not the arithmetic. */
final class Numbers {
    /** 16 significant digits: ample for ratios, and no non-terminating-expansion failures. */
    static final MathContext MC = MathContext.DECIMAL64;
    static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Numbers() {
    }

    static BigDecimal round2(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_UP);
    }

    /** Ratios are reported with 4 decimals: enough to show 2-decimal percentages exactly. */
    static BigDecimal round4(BigDecimal value) {
        return value.setScale(4, RoundingMode.HALF_UP);
    }

    /** A number as a person would write it in a note: 20, not 20.00 or 2E+1. */
    static String plain(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    /** A ratio (0.15) as a percentage with 2 decimals (15.00%). */
    static String percent(BigDecimal ratio) {
        return round2(ratio.multiply(HUNDRED)).toPlainString() + "%";
    }

    static BigDecimal requireWeight(BigDecimal weight) {
        if (weight == null || weight.signum() < 0) {
            throw new IllegalArgumentException("weight must be a number ≥ 0, got " + weight);
        }
        return weight;
    }
}
