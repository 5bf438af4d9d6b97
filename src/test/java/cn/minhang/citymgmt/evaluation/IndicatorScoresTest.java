package cn.minhang.citymgmt.evaluation;

import cn.minhang.citymgmt.framework.Framework;
import cn.minhang.citymgmt.scoring.QualitativeRule;
import cn.minhang.citymgmt.scoring.QuantitativeRule;
import cn.minhang.citymgmt.support.SparkTestSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * indicator_scores on inline metrics, targets and assessments of two units: what the Spark joins
 * hand to {@link IndicatorScorer} (the rules themselves are IndicatorScorerTest's), and that every
 * unit gets every indicator of the framework whether it has data or not.
 */
class IndicatorScoresTest extends SparkTestSession {
    private static final Framework FRAMEWORK = Framework.load(Path.of("conf/framework"), 2023);
    private static final IndicatorScorer SCORER = new IndicatorScorer(2023, QuantitativeRule.DEFAULT, QualitativeRule.DEFAULT);
    private static final String METRICS = "unit_id STRING, metric_id STRING, value DECIMAL(24,6), record_count BIGINT";

    private static Dataset<Row> metrics() {
        return dataFrame(METRICS,
                row("PJ", "budget.execution_rate", d("97.23"), 155L),
                row("PJ", "asset.public_green_m2", d("215000"), 10L),
                row("PJ", "survey.cityscape_mean_score", d("84.32"), 1L));
    }

    /** EMPTY is a unit of the district without a single record, target or assessment. */
    private static Map<String, Row> scores(Dataset<Row> previousMetrics) {
        Dataset<Row> units = dataFrame("unit_id STRING", row("PJ"), row("EMPTY"));
        Dataset<Row> targets = dataFrame("unit_id STRING, indicator_id STRING, target STRING",
                row("PJ", "output.public_green", "=43.00(万平方米)"));
        Dataset<Row> assessments = dataFrame("unit_id STRING, indicator_id STRING, grade STRING, fraction DECIMAL(5,4)",
                row("PJ", "mgmt.decision", "partial", new BigDecimal("0.7500")));
        Map<String, Row> out = new HashMap<>();
        IndicatorScores.compute(spark(), FRAMEWORK, SCORER, units, metrics(), previousMetrics, targets, assessments)
                .collectAsList().forEach(r -> out.put(r.getAs("unit_id") + "/" + r.getAs("indicator_id"), r));
        return out;
    }

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    @Test
    void everyUnitGetsEveryIndicatorAndNoDataIsNoFreeMark() {
        Map<String, Row> scores = scores(null);
        assertEquals(2 * FRAMEWORK.indicators().size(), scores.size());
        FRAMEWORK.indicators().forEach(i -> {
            Row r = scores.get("EMPTY/" + i.id());
            assertEquals(2023, r.<Integer>getAs("fiscal_year"), i.id());
            assertEquals(d("0.00"), r.getAs("score"), i.id());
            assertEquals("no_data", r.getAs("status"), i.id());
            assertEquals(0L, r.<Long>getAs("record_count"), i.id());
            assertEquals(i.weight().setScale(2), r.getAs("weight"), i.id());
        });
    }

    @Test
    void metricsTargetsAndAssessmentsReachTheirIndicator() {
        Map<String, Row> scores = scores(null);
        Row budget = scores.get("PJ/budget.execution_rate");
        assertEquals(d("9.72"), budget.getAs("score"), "10 × 97.23 %");
        assertEquals(155L, budget.<Long>getAs("record_count"));

        Row green = scores.get("PJ/output.public_green");
        assertEquals("unit", green.getAs("target_source"), "PJ's own target, not the framework's");
        assertEquals(d("430000.000000"), green.getAs("target_value"), "43 万平方米 in m²");
        assertEquals(d("0.50"), green.getAs("score"), "weight 1 × 215,000 ÷ 430,000");

        Row decision = scores.get("PJ/mgmt.decision");
        assertEquals("assessed", decision.getAs("status"));
        assertEquals("partial", decision.getAs("grade"));
        assertEquals(d("2.25"), decision.getAs("score"), "weight 3 × the assessor's 0.75");
        assertEquals("no_data", scores.get("PJ/mgmt.finance").getAs("status"), "an assessment is for its own indicator only");
    }

    @Test
    void lastYearsMetricIsTheBaselineOfAnImprovement() {
        Row without = scores(null).get("PJ/outcome.cityscape");
        assertEquals("no_baseline", without.getAs("status"));
        assertNull(without.getAs("previous_value"));

        Dataset<Row> lastYear = dataFrame(METRICS, row("PJ", "survey.cityscape_mean_score", d("82.10"), 1L));
        Row with = scores(lastYear).get("PJ/outcome.cityscape");
        assertEquals(d("82.100000"), with.getAs("previous_value"));
        assertEquals("achieved", with.getAs("grade"), "84.32 after 82.10 improved");
        assertEquals(d("5.00"), with.getAs("score"));
    }
}
