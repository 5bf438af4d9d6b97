package cn.minhang.citymgmt.scoring;

import cn.minhang.citymgmt.sources.Grade;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * The result of scoring one indicator for one unit.
 *
 * @param score           points granted, rounded half-up to 2 decimals (§7)
 * @param status          how the score came about
 * @param grade           the grade of a qualitative indicator; null for quantitative ones
 * @param completionRatio actual ÷ target for quantitative indicators (1 = target met, unbounded),
 *                        the share of the weight granted for qualitative and budget ones; 4 decimals;
 *                        null where undefined (target 0, no data)
 * @param note            short English explanation where points were lost or something is odd; else null
 */
public record RuleOutcome(BigDecimal score, ScoreStatus status, Grade grade, BigDecimal completionRatio,
                          String note) implements Serializable {

    public RuleOutcome {
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(status, "status");
        score = Numbers.round2(score);
        completionRatio = completionRatio == null ? null : Numbers.round4(completionRatio);
    }

    static RuleOutcome zero(ScoreStatus status, String note) {
        return new RuleOutcome(BigDecimal.ZERO, status, null, null, note);
    }

    public String statusCode() {
        return status.code();
    }

    /** The grade's code, or null for quantitative indicators; convenient for a Spark row. */
    public String gradeCode() {
        return grade == null ? null : grade.code();
    }
}
