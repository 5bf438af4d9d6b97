package cn.minhang.citymgmt.monitoring;

import cn.minhang.citymgmt.scoring.Polarity;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * 目标完成进度 of one unit and quantitative indicator at the as-of day: the value to date against
 * the target it should have reached by then. A cumulative measure is held to the pro-rated target
 * (target × 时间进度); a rate, mean, state or stock to its annual target as it stands.
 *
 * @param comparedTarget the target the value is held to, half-up to 2 decimals (null without a target)
 * @param progress       100 × value ÷ compared target, half-up to 2 decimals; only for higher_better
 *                       measures with a compared target above 0 (for lower_better, less is better
 *                       and a share of the target says nothing)
 * @param onTrack        higher_better: value ≥ compared target; lower_better: value ≤ compared target;
 *                       null without a value or a target
 */
public record TargetProgress(BigDecimal comparedTarget, BigDecimal progress, Boolean onTrack) implements Serializable {

    public static TargetProgress of(Polarity polarity, boolean cumulative, BigDecimal toDate, BigDecimal annualTarget, TimeProgress time) {
        if (annualTarget == null || polarity == Polarity.QUALITATIVE) {
            return new TargetProgress(null, null, null);
        }
        BigDecimal compared = cumulative ? time.proRated(annualTarget) : annualTarget;
        BigDecimal shown = compared.setScale(2, RoundingMode.HALF_UP);
        if (toDate == null) {
            return new TargetProgress(shown, null, null);
        }
        BigDecimal progress = polarity == Polarity.HIGHER_BETTER && compared.signum() > 0
                ? toDate.multiply(BigDecimal.valueOf(100)).divide(compared, MathContext.DECIMAL128).setScale(2, RoundingMode.HALF_UP)
                : null;
        boolean onTrack = polarity == Polarity.HIGHER_BETTER ? toDate.compareTo(compared) >= 0 : toDate.compareTo(compared) <= 0;
        return new TargetProgress(shown, progress, onTrack);
    }
}
