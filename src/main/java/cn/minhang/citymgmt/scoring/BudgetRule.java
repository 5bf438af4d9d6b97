package cn.minhang.citymgmt.scoring;

import static cn.minhang.citymgmt.scoring.Numbers.HUNDRED;
import static cn.minhang.citymgmt.scoring.Numbers.MC;

import java.math.BigDecimal;

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
                    "negative execution rate " + Numbers.plain(executionRate) + "%: refunds exceed payments");
        }
        BigDecimal share = executionRate.divide(HUNDRED, MC);
        String executed = "executed " + Numbers.round2(executionRate).toPlainString() + "% of the adjusted budget";
        int c = share.compareTo(BigDecimal.ONE);
        if (c > 0) {
            return new RuleOutcome(weight, ScoreStatus.OVER_EXECUTED, null, share, executed);
        }
        return new RuleOutcome(weight.multiply(share), ScoreStatus.OK, null, share, c < 0 ? executed : null);
    }

    public static RuleOutcome score(double weight, Double executionRate) {
        return score(Numbers.of(weight, "weight"), Numbers.ofNullable(executionRate, "executionRate"));
    }

    /** executed ÷ adjusted in percent, unrounded; null when adjusted ≤ 0 (a data error, not 0 or ∞). */
    public static BigDecimal executionRate(BigDecimal executedYuan, BigDecimal adjustedYuan) {
        if (executedYuan == null || adjustedYuan == null || adjustedYuan.signum() <= 0) {
            return null;
        }
        return executedYuan.multiply(HUNDRED).divide(adjustedYuan, MC);
    }

    /** |adjustment| ÷ initial in percent, unrounded; null when initial ≤ 0. */
    public static BigDecimal adjustmentRate(BigDecimal adjustmentYuan, BigDecimal initialYuan) {
        if (adjustmentYuan == null || initialYuan == null || initialYuan.signum() <= 0) {
            return null;
        }
        return adjustmentYuan.abs().multiply(HUNDRED).divide(initialYuan, MC);
    }
}
