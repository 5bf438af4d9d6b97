package cn.minhang.citymgmt.evaluation;

import cn.minhang.citymgmt.framework.Framework;
import cn.minhang.citymgmt.support.SparkTestSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * unit_scorecard's change against last year on tiny inline scores: the total change is kept only
 * where both years scored the same indicators on data; otherwise the comparable change says what
 * moved on the indicators both years scored on data.
 */
class UnitScorecardTest extends SparkTestSession {
    private static final Framework FRAMEWORK = Framework.load(Path.of("conf/framework"), 2023);
    private static final String UNITS = "unit_id STRING, short_name STRING, unit_type STRING";
    private static final String SCORES = "unit_id STRING, indicator_id STRING, score DECIMAL(5,2), status STRING";
    private static final String CARD = "unit_id STRING, total_score DECIMAL(5,2)";

    private static Dataset<Row> rows(String ddl, Row... rows) {
        return spark().createDataFrame(List.of(rows), StructType.fromDDL(ddl));
    }

    private static Row score(String unit, String indicator, String score, String status) {
        return row(unit, indicator, new BigDecimal(score), status);
    }

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    /** SAME: both years on data on the same indicators (a no_data in both years is the same basis). */
    private static final Row[] NOW = {
            score("SAME", "budget.execution_rate", "9.00", "ok"),
            score("SAME", "outcome.cityscape", "5.00", "ok"),
            score("SAME", "outcome.greening", "0.00", "no_data"),
            // BASELINE: last year's cityscape had no baseline (0, no_baseline); this year it is scored.
            score("BASELINE", "budget.execution_rate", "10.00", "over_executed"),
            score("BASELINE", "outcome.cityscape", "4.00", "ok"),
            score("BASELINE", "outcome.greening", "6.00", "assessed"),
            // NEW: a unit without last year's scorecard.
            score("NEW", "budget.execution_rate", "7.00", "ok"),
            score("NEW", "outcome.cityscape", "3.00", "ok")};
    private static final Row[] BEFORE = {
            score("SAME", "budget.execution_rate", "8.00", "ok"),
            score("SAME", "outcome.cityscape", "3.00", "assessed"),
            score("SAME", "outcome.greening", "0.00", "no_data"),
            score("BASELINE", "budget.execution_rate", "9.00", "ok"),
            score("BASELINE", "outcome.cityscape", "0.00", "no_baseline"),
            score("BASELINE", "outcome.greening", "5.00", "overshoot")};

    private static Dataset<Row> units() {
        return rows(UNITS, row("SAME", "同口径街道", "subdistrict"), row("BASELINE", "无基数镇", "town"), row("NEW", "新设工业区", "industrial_zone"));
    }

    private static Map<String, Row> byUnit(Dataset<Row> card) {
        Map<String, Row> out = new HashMap<>();
        card.collectAsList().forEach(r -> out.put(r.getAs("unit_id"), r));
        return out;
    }

    private static Map<String, Row> scorecard(boolean withPreviousYear) {
        return byUnit(UnitScorecard.compute(FRAMEWORK, rows(SCORES, NOW), units(),
                withPreviousYear ? rows(CARD, row("SAME", d("11.00")), row("BASELINE", d("14.00"))) : null,
                withPreviousYear ? rows(SCORES, BEFORE) : null));
    }

    @Test
    void sameBasisKeepsTheTotalChangeAndTheComparableChangeEqualsIt() {
        Row same = scorecard(true).get("SAME");
        assertEquals(d("14.00"), same.getAs("total_score"));
        assertEquals(d("11.00"), same.getAs("previous_total"));
        assertEquals(d("3.00"), same.getAs("total_change"));
        assertEquals(d("3.00"), same.getAs("comparable_change"));
        assertEquals(2, same.<Integer>getAs("comparable_indicators"), "budget and cityscape; greening had no data in either year");
        assertEquals(true, same.getAs("totals_comparable"));
    }

    @Test
    void noBaselineLastYearMakesTheTotalsIncomparable() {
        Row baseline = scorecard(true).get("BASELINE");
        assertEquals(d("20.00"), baseline.getAs("total_score"));
        assertEquals(d("14.00"), baseline.getAs("previous_total"));
        assertNull(baseline.getAs("total_change"), "20.00 − 14.00 would count cityscape's missing baseline as progress");
        assertEquals(d("2.00"), baseline.getAs("comparable_change"), "(10 + 6) − (9 + 5): budget and greening only");
        assertEquals(2, baseline.<Integer>getAs("comparable_indicators"));
        assertEquals(false, baseline.getAs("totals_comparable"));
        // Ranks stay on the total.
        assertEquals(1, baseline.<Integer>getAs("district_rank"));
    }

    @Test
    void withoutAPreviousYearEverythingIsNull() {
        Row unitNew = scorecard(true).get("NEW");
        for (Row r : List.of(unitNew, scorecard(false).get("SAME"), scorecard(false).get("BASELINE"))) {
            for (String c : List.of("previous_total", "total_change", "comparable_change", "comparable_indicators", "totals_comparable")) {
                assertNull(r.getAs(c), r.getAs("unit_id") + " " + c);
            }
        }
    }

    @Test
    void scoredOnDataMeansTheRuleOrAnAssessmentHadData() {
        assertThat(cn.minhang.citymgmt.scoring.ScoreStatus.onDataCodes()).containsExactlyInAnyOrder("ok", "assessed", "overshoot", "over_executed");
    }

    @Test
    void newColumnsAreAppendedAfterTheExistingOnes() {
        Dataset<Row> card = UnitScorecard.compute(FRAMEWORK, rows(SCORES, NOW), units(), null, null);
        assertThat(Arrays.asList(card.columns())).containsExactly("unit_id", "short_name", "unit_type",
                "score_budget", "score_mgmt", "score_output", "score_outcome", "score_satisfaction", "total_score",
                "indicators_no_data", "fiscal_year", "grade", "district_rank", "percentile", "previous_total", "total_change",
                "comparable_change", "comparable_indicators", "totals_comparable");
        assertEquals("decimal(6,2)", card.schema().apply("comparable_change").dataType().simpleString());
        assertEquals("int", card.schema().apply("comparable_indicators").dataType().simpleString());
        assertEquals("boolean", card.schema().apply("totals_comparable").dataType().simpleString());
    }
}
