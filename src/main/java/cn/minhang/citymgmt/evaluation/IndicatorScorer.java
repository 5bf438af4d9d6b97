package cn.minhang.citymgmt.evaluation;

import cn.minhang.citymgmt.framework.Indicator;
import cn.minhang.citymgmt.metrics.MetricCatalog;
import cn.minhang.citymgmt.scoring.BudgetRule;
import cn.minhang.citymgmt.sources.Grade;
import cn.minhang.citymgmt.scoring.MeasureUnit;
import cn.minhang.citymgmt.scoring.Measures;
import cn.minhang.citymgmt.scoring.ParsedTarget;
import cn.minhang.citymgmt.scoring.QualitativeRule;
import cn.minhang.citymgmt.scoring.QuantitativeRule;
import cn.minhang.citymgmt.scoring.RuleOutcome;
import cn.minhang.citymgmt.scoring.TargetParser;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * Chooses and applies the rule for one unit × indicator (§2–§5): the unit's target where it wrote
 * a usable one, else the framework's default; records, last year, or an assessment as the method
 * says. Pure Java, so every path is tested without Spark; Spark maps it over all units at once.
 */
public record IndicatorScorer(int fiscalYear, QuantitativeRule quantitative, QualitativeRule qualitative)
        implements Serializable {

    public ScoredIndicator score(Indicator indicator, IndicatorInput in) {
        String metricUnit = indicator.metricId() == null ? null
                : MetricCatalog.find(indicator.metricId()).map(MetricCatalog.Entry::unit).orElse(null);
        Target target = target(indicator, in.unitTarget(), metricUnit);
        RuleOutcome outcome;
        String note = target.note();
        try {
            outcome = switch (indicator.method()) {
                case BUDGET -> in.actual() == null && in.recordCount() == 0
                        ? noData(indicator)
                        : BudgetRule.score(indicator.weight(), in.actual());
                case METRIC -> indicator.quantitative()
                        ? quantitative.score(indicator.weight(), in.actual(), target.value(), indicator.polarity())
                        : qualitative.byMetric(indicator.weight(), in.actual(), indicator.achievedAt(),
                        indicator.partialAt(), indicator.gradeDirection());
                case IMPROVEMENT -> (in.actual() == null || in.previous() == null) && in.assessedGrade() != null
                        ? assessed(indicator, in)
                        : qualitative.byImprovement(indicator.weight(), in.actual(), in.previous(),
                        indicator.partialAt(), fiscalYear);
                case ASSESSMENT -> in.assessedGrade() == null
                        ? new RuleOutcome(BigDecimal.ZERO, cn.minhang.citymgmt.scoring.ScoreStatus.NO_DATA, null, null,
                        "no assessment for this unit")
                        : assessed(indicator, in);
            };
        } catch (IllegalArgumentException e) {
            outcome = new RuleOutcome(BigDecimal.ZERO, cn.minhang.citymgmt.scoring.ScoreStatus.DATA_ERROR, null, null, e.getMessage());
        }
        if (outcome.note() != null) {
            note = note == null ? outcome.note() : outcome.note() + "; " + note;
        }
        return new ScoredIndicator(target.text(), target.source(), target.value(), metricUnit, in.actual(),
                Measures.of(outcome.completionRatio()),
                outcome.gradeCode(), outcome.score(), outcome.statusCode(), note);
    }

    private RuleOutcome assessed(Indicator indicator, IndicatorInput in) {
        return qualitative.byAssessment(indicator.weight(), Grade.parse(in.assessedGrade()), in.assessedFraction());
    }

    private static RuleOutcome noData(Indicator indicator) {
        return new RuleOutcome(BigDecimal.ZERO, cn.minhang.citymgmt.scoring.ScoreStatus.NO_DATA, null, null,
                "no records for this unit");
    }

    private record Target(String text, String source, BigDecimal value, String note) {
    }

    /**
     * The unit's own target when it is readable in the metric's unit; otherwise the framework's
     * default, with a note saying why — a unit's typo must not decide its score silently.
     */
    private static Target target(Indicator indicator, String unitTarget, String metricUnit) {
        String fallbackNote = null;
        if (unitTarget != null) {
            if (!indicator.quantitative()) {
                return new Target(unitTarget, "unit", null, null);
            }
            BigDecimal value = numericIn(unitTarget, metricUnit);
            if (value != null) {
                return new Target(unitTarget, "unit", value, null);
            }
            fallbackNote = "target '" + unitTarget + "' unreadable, framework default used";
        }
        if (!indicator.quantitative()) {
            return new Target(indicator.defaultTarget(), "default", null, null);
        }
        return new Target(indicator.defaultTarget(), "default", numericIn(indicator.defaultTarget(), metricUnit),
                fallbackNote != null ? fallbackNote : "no target filed, framework default used");
    }

    /** Held as the column holds it, so the target scored is the target_value stored. */
    private static BigDecimal numericIn(String text, String metricUnit) {
        ParsedTarget parsed = TargetParser.parse(text);
        if (!parsed.isNumeric()) {
            return null;
        }
        try {
            return Measures.of(parsed.valueIn(MeasureUnit.parse(metricUnit)));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
