package cn.minhang.citymgmt.scoring;

import java.math.BigDecimal;
import java.util.Collection;

/**
 * Totals and grades of the scorecard (scoring rules §7). Ranks and percentiles are district-wide
 * and live only as window functions in unit_scorecard; indicator scores are rounded where they are
 * made ({@link RuleOutcome}).
 */
public final class Grading {

    private static final BigDecimal EXCELLENT = BigDecimal.valueOf(90);
    private static final BigDecimal GOOD = BigDecimal.valueOf(80);
    private static final BigDecimal FAIR = BigDecimal.valueOf(60);

    private Grading() {
    }

    /** Level-1 scores and the total are sums of the rounded indicator scores, not rounded sums. */
    public static BigDecimal sumOfRounded(Collection<BigDecimal> scores) {
        BigDecimal sum = Numbers.round2(BigDecimal.ZERO);
        for (BigDecimal s : scores) {
            sum = sum.add(Numbers.round2(s));
        }
        return sum;
    }

    /**
     * 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差; the total is compared as given (already a sum of cents).
     * The one grade rule: unit_scorecard applies it through Spark, the monitoring page to a
     * projected total. No total, no grade (null).
     */
    public static String grade(BigDecimal total) {
        if (total == null) {
            return null;
        }
        if (total.compareTo(EXCELLENT) >= 0) {
            return "优";
        }
        if (total.compareTo(GOOD) >= 0) {
            return "良";
        }
        return total.compareTo(FAIR) >= 0 ? "中" : "差";
    }
}
