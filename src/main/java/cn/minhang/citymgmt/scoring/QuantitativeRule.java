package cn.minhang.citymgmt.scoring;

import static cn.minhang.citymgmt.scoring.Numbers.MC;
import static cn.minhang.citymgmt.scoring.Numbers.percent;
import static cn.minhang.citymgmt.scoring.Measures.show;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * Scores a quantitative indicator (scoring rules §2) from the completed value {@code a} and the
 * target {@code t}, both already in the indicator's unit.
 *
 * @param deductOvershoot <b>ours</b>: the rules allow a deduction "by the degree of deviation" when
 *                        {@code a ≥ 1.3 × t}; we only flag it by default. When switched on, the score
 *                        is {@code w × max(0, 1 − (a/t − 1.3))}: full marks at 1.3 × t, nothing at
 *                        2.3 × t, linear in between.
 */
public record QuantitativeRule(boolean deductOvershoot) implements Serializable {

    /** The rules' default: an overshoot is flagged, not deducted. */
    public static final QuantitativeRule DEFAULT = new QuantitativeRule(false);

    /** From the rules: at 130% of the target the target itself is suspect. */
    public static final BigDecimal OVERSHOOT_AT = new BigDecimal("1.3");

    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    /**
     * @param weight   points of the indicator, ≥ 0
     * @param actual   completed value; null when there are no records for the unit
     * @param target   target value, in the same unit as {@code actual}
     * @param polarity HIGHER_BETTER or LOWER_BETTER; the written operator is ignored on purpose (§1)
     */
    public RuleOutcome score(BigDecimal weight, BigDecimal actual, BigDecimal target, Polarity polarity) {
        Numbers.requireWeight(weight);
        if (target == null) {
            throw new IllegalArgumentException("target is required");
        }
        if (polarity == null || polarity == Polarity.QUALITATIVE) {
            throw new IllegalArgumentException("a quantitative rule needs higher_better or lower_better, got " + polarity);
        }
        if (actual == null) {
            return RuleOutcome.zero(ScoreStatus.NO_DATA, "no records for this unit");
        }
        if (actual.signum() < 0) {
            return RuleOutcome.zero(ScoreStatus.DATA_ERROR, "negative completed value " + show(actual));
        }
        if (target.signum() < 0) {
            return RuleOutcome.zero(ScoreStatus.DATA_ERROR, "negative target " + show(target) + " cannot be scored");
        }
        return polarity == Polarity.HIGHER_BETTER
                ? higherBetter(weight, actual, target)
                : lowerBetter(weight, actual, target);
    }

    private RuleOutcome higherBetter(BigDecimal w, BigDecimal a, BigDecimal t) {
        if (t.signum() == 0) {
            return new RuleOutcome(w, ScoreStatus.OK, null, null, null);
        }
        BigDecimal ratio = a.divide(t, MC);
        String completed = "completed " + show(a) + " of " + show(t) + " (" + percent(ratio) + ")";
        if (ratio.compareTo(OVERSHOOT_AT) >= 0) {
            String note = completed + ", at least 130% of the target: target probably set too low";
            if (!deductOvershoot) {
                return new RuleOutcome(w, ScoreStatus.OVERSHOOT, null, ratio, note);
            }
            BigDecimal share = BigDecimal.ONE.subtract(ratio.subtract(OVERSHOOT_AT)).max(BigDecimal.ZERO);
            String deducted = share.compareTo(BigDecimal.ONE) < 0 ? "; deducted for the deviation" : "";
            return new RuleOutcome(w.multiply(share), ScoreStatus.OVERSHOOT, null, ratio, note + deducted);
        }
        if (a.compareTo(t) >= 0) {
            return new RuleOutcome(w, ScoreStatus.OK, null, ratio, null);
        }
        // w × a / t rather than w × ratio: one rounding step fewer before the half-up to cents.
        return new RuleOutcome(w.multiply(a).divide(t, MC), ScoreStatus.OK, null, ratio, completed);
    }

    private static RuleOutcome lowerBetter(BigDecimal w, BigDecimal a, BigDecimal t) {
        if (t.signum() == 0) {
            return a.signum() <= 0
                    ? new RuleOutcome(w, ScoreStatus.OK, null, null, null)
                    : new RuleOutcome(BigDecimal.ZERO, ScoreStatus.OK, null, null,
                            "actual " + show(a) + " above the target 0");
        }
        BigDecimal ratio = a.divide(t, MC);
        if (a.compareTo(t) <= 0) {
            return new RuleOutcome(w, ScoreStatus.OK, null, ratio, null);
        }
        BigDecimal twiceT = t.multiply(TWO);
        if (a.compareTo(twiceT) >= 0) {
            return new RuleOutcome(BigDecimal.ZERO, ScoreStatus.OK, null, ratio,
                    "actual " + show(a) + " is at least twice the limit " + show(t));
        }
        // w × (1 − (a − t)/t) = w × (2t − a)/t
        return new RuleOutcome(w.multiply(twiceT.subtract(a)).divide(t, MC), ScoreStatus.OK, null, ratio,
                "actual " + show(a) + " above the limit " + show(t) + " (" + percent(ratio) + " of it)");
    }
}
