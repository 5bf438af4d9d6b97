package cn.minhang.citymgmt.monitoring;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.Year;

/**
 * 时间进度: the share of the fiscal year (= calendar year) elapsed at the end of the as-of day,
 * days elapsed (the day included) ÷ days in the year. 31 July 2023 is day 212 of 365: 58.08 %.
 * Pro-rated targets and projections use the exact share, only what is shown is rounded (half-up,
 * 2 decimals, as every percentage of the job).
 */
public record TimeProgress(int fiscalYear, LocalDate asOf) implements Serializable {
    private static final MathContext EXACT = MathContext.DECIMAL128;

    public TimeProgress {
        if (asOf.getYear() != fiscalYear) {
            throw new IllegalArgumentException("as-of " + asOf + " is outside fiscal year " + fiscalYear);
        }
    }

    public int daysElapsed() {
        return asOf.getDayOfYear();
    }

    public int daysInYear() {
        return Year.of(fiscalYear).length();
    }

    /** The share elapsed, 0 < share ≤ 1, to 34 significant digits. */
    public BigDecimal share() {
        return BigDecimal.valueOf(daysElapsed()).divide(BigDecimal.valueOf(daysInYear()), EXACT);
    }

    /** 时间进度 as a percentage, half-up to 2 decimals (58.08 for 31 July 2023). */
    public BigDecimal percent() {
        return share().multiply(BigDecimal.valueOf(100)).setScale(2, RoundingMode.HALF_UP);
    }

    /** The part of an annual target a cumulative measure should have reached by the as-of day. */
    public BigDecimal proRated(BigDecimal annualTarget) {
        return annualTarget.multiply(BigDecimal.valueOf(daysElapsed())).divide(BigDecimal.valueOf(daysInYear()), EXACT);
    }

    /** The year-end value of a cumulative measure if the pace so far holds: value ÷ share elapsed. */
    public BigDecimal projected(BigDecimal toDate) {
        return toDate.multiply(BigDecimal.valueOf(daysInYear())).divide(BigDecimal.valueOf(daysElapsed()), EXACT);
    }
}
