package cn.minhang.citymgmt.evaluation;

import java.io.Serializable;
import java.math.BigDecimal;

/** One row of indicator_scores before it meets Spark. */
public record ScoredIndicator(String targetText, String targetSource, BigDecimal targetValue, String targetUnit,
                              BigDecimal actualValue, BigDecimal completionRatio, String grade, BigDecimal score,
                              String status, String note) implements Serializable {
}
