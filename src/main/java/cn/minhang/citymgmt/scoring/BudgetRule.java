package cn.minhang.citymgmt.scoring;

import static cn.minhang.citymgmt.scoring.Numbers.HUNDRED;
import static cn.minhang.citymgmt.scoring.Numbers.MC;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Budget execution (scoring rules §5): rates as percent, and the execution-rate score. */
public final class BudgetRule {

    private BudgetRule() {
    }

    /**
     * {@code w × min(rate / 100, 1)}.
     *
     * @param executionRate total execution rate in percent (97.23); null when undefined (adjusted ≤ 0)
     */
    public static RuleOutcome score(BigDecimal weight, BigDecimal executionRate) {
        Numbers.requireWeight(weight);
        if (executionRate == null) {
            return RuleOutcome.zero(ScoreStatus.DATA_ERROR, "execution rate undefined: adjusted budget is not above 0");
        }
        if (executionRate.signum() < 0) {
            return RuleOutcome.zero(ScoreStatus.DATA_ERROR,
                    "negative execution rate " + Measures.show(executionRate) + "%: refunds exceed payments");
        }
        BigDecimal share = executionRate.divide(HUNDRED, MC);
        String executed = "executed " + Measures.show(executionRate) + "% of the adjusted budget";
        int c = share.compareTo(BigDecimal.ONE);
        if (c > 0) {
            return new RuleOutcome(weight, ScoreStatus.OVER_EXECUTED, null, share, executed);
        }
        return new RuleOutcome(weight.multiply(share), ScoreStatus.OK, null, share, c < 0 ? executed : null);
    }

    /**
     * {@code part ÷ base} as a percentage, half-up to 2 decimals; null when the base is not above 0
     * (undefined, a data error, not 0 or ∞). The one rate rule of §5: execution rate (executed ÷
     * adjusted), adjustment rate (|adjustment| ÷ initial) and progress; budget_execution applies it
     * through Spark and the budget-line audit to the figures a unit printed.
     */
    public static BigDecimal percent(BigDecimal part, BigDecimal base) {
        if (part == null || base == null || base.signum() <= 0) {
            return null;
        }
        // One division straight to 2 decimals: a rounding to an intermediate scale first could turn 0.1249999… into 0.13.
        return part.multiply(HUNDRED).divide(base, 2, RoundingMode.HALF_UP);
    }
}
