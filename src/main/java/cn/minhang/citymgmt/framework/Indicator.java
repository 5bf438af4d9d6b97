package cn.minhang.citymgmt.framework;

import cn.minhang.citymgmt.scoring.Polarity;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * One indicator of a year's framework (指标体系): where it sits (一级/二级/三级), its weight, how its
 * completed value is obtained and, for metric-graded qualitative ones, the grade thresholds.
 */
public record Indicator(String id, String level1, String level2, String name, BigDecimal weight, Polarity polarity,
                        Method method, String metricId, String defaultTarget, BigDecimal achievedAt,
                        BigDecimal partialAt) implements Serializable {

    public enum Method {
        /** Budget execution rate, scored by §5. */
        BUDGET,
        /** A metric from the records: quantitative by §2, or a grade from thresholds by §3. */
        METRIC,
        /** This year's metric against last year's (提升), §3. */
        IMPROVEMENT,
        /** An evaluator's grade from the assessments source. */
        ASSESSMENT
    }

    public boolean quantitative() {
        return polarity != Polarity.QUALITATIVE;
    }

    /** The score column of unit_scorecard this indicator adds to: the id's prefix. */
    public String group() {
        return id.substring(0, id.indexOf('.'));
    }

    /** For metric-graded qualitative indicators: more is better unless the thresholds say otherwise. */
    public Polarity gradeDirection() {
        return achievedAt != null && partialAt != null && achievedAt.compareTo(partialAt) < 0
                ? Polarity.LOWER_BETTER : Polarity.HIGHER_BETTER;
    }
}
