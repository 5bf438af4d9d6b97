package cn.minhang.citymgmt.evaluation;

import cn.minhang.citymgmt.framework.Framework;
import cn.minhang.citymgmt.support.SparkTestSession;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * unit_scorecard on tiny inline scores: the §7 grade, district rank and percentile (the Column rules
 * the scorecard applies, tested on their own over a few totals), and the change against last year:
 * the total change is kept only where both years scored the same indicators on data; otherwise the
 * comparable change says what moved on the indicators both years scored on data.
 */
class UnitScorecardTest extends SparkTestSession {
    private static final Framework FRAMEWORK = Framework.load(Path.of("conf/framework"), 2023);
    private static final String UNITS = "unit_id STRING, short_name STRING, unit_type STRING";
    private static final String SCORES = "unit_id STRING, indicator_id STRING, score DECIMAL(5,2), status STRING";
    private static final String CARD = "unit_id STRING, total_score DECIMAL(5,2)";
    private static final String TOTALS = "fiscal_year INT, unit_id STRING, total_score DECIMAL(5,2)";

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
        return dataFrame(UNITS, row("SAME", "同口径街道", "subdistrict"), row("BASELINE", "无基数镇", "town"), row("NEW", "新设工业区", "industrial_zone"));
    }

    private static Map<String, Row> byUnit(Dataset<Row> card) {
        Map<String, Row> out = new HashMap<>();
        card.collectAsList().forEach(r -> out.put(r.getAs("unit_id"), r));
        return out;
    }

    private static Map<String, Row> scorecard(boolean withPreviousYear) {
        return byUnit(UnitScorecard.compute(FRAMEWORK, dataFrame(SCORES, NOW), units(),
                withPreviousYear ? dataFrame(CARD, row("SAME", d("11.00")), row("BASELINE", d("14.00"))) : null,
                withPreviousYear ? dataFrame(SCORES, BEFORE) : null));
    }

    private static Row total(String unit, String total) {
        return row(2023, unit, total == null ? null : d(total));
    }

    /** Each unit's grade, district rank and percentile over the given totals, by the scorecard's own Column rules. */
    private static Map<String, Row> placed(Row... totals) {
        Column total = col("total_score");
        return byUnit(dataFrame(TOTALS, totals).select(col("unit_id"), UnitScorecard.grade(total).as("grade"),
                UnitScorecard.districtRank(total).as("district_rank"), UnitScorecard.percentile(total).as("percentile")));
    }

    private static Map<String, Integer> ranks(Map<String, Row> placed) {
        Map<String, Integer> out = new HashMap<>();
        placed.forEach((unit, r) -> out.put(unit, r.getAs("district_rank")));
        return out;
    }

    private static Map<String, Double> percentiles(Map<String, Row> placed) {
        Map<String, Double> out = new HashMap<>();
        placed.forEach((unit, r) -> out.put(unit, r.getAs("percentile")));
        return out;
    }

    @Test
    void gradeBoundaries() {
        Dataset<Row> totals = dataFrame(TOTALS, total("A", "100"), total("B", "90.00"), total("C", "89.99"), total("D", "80"),
                total("E", "79.99"), total("F", "60"), total("G", "59.99"), total("H", "0"), total("NONE", null));
        Map<String, Row> graded = byUnit(totals.select(col("unit_id"), UnitScorecard.grade(col("total_score")).as("grade")));
        Map<String, String> grades = new HashMap<>();
        graded.forEach((unit, r) -> grades.put(unit, r.getAs("grade")));
        Map<String, String> expected = new HashMap<>(Map.of("A", "优", "B", "优", "C", "良", "D", "良", "E", "中", "F", "中",
                "G", "差", "H", "差"));
        expected.put("NONE", null);
        assertEquals(expected, grades, "优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差; no total, no grade");
    }

    @Test
    void competitionRanksShareTiesAndSkip() {
        assertEquals(Map.of("A", 1, "B", 2, "C", 2, "D", 4),
                ranks(placed(total("A", "90"), total("B", "80"), total("C", "80.00"), total("D", "70"))));
        assertEquals(Map.of("A", 4, "B", 1, "C", 2, "D", 2),
                ranks(placed(total("A", "70"), total("B", "90"), total("C", "80.0"), total("D", "80"))), "in any row order");
        assertEquals(Map.of("A", 1, "B", 1, "C", 1), ranks(placed(total("A", "50"), total("B", "50"), total("C", "50"))));
        assertEquals(Map.of(), placed(), "no units, no ranks");
    }

    @Test
    void eachYearIsItsOwnDistrict() {
        Map<String, Row> placed = placed(total("A", "90"), total("B", "80"), row(2022, "A2022", d("85")), row(2022, "B2022", d("95")));
        assertEquals(Map.of("A", 1, "B", 2, "A2022", 2, "B2022", 1), ranks(placed));
        assertEquals(Map.of("A", 50.0, "B", 0.0, "A2022", 0.0, "B2022", 50.0), percentiles(placed));
    }

    @Test
    void percentileIsTheShareStrictlyBelow() {
        assertEquals(Map.of("A", 75.0, "B", 25.0, "C", 25.0, "D", 0.0),
                percentiles(placed(total("A", "90"), total("B", "80"), total("C", "80"), total("D", "70"))), "ties are not below each other");
        assertEquals(Map.of("A", 66.67, "B", 33.33, "C", 0.0),
                percentiles(placed(total("A", "90"), total("B", "80"), total("C", "70"))), "2/3 and 1/3, half-up to 2 decimals");
        assertEquals(Map.of("A", 0.0), percentiles(placed(total("A", "80"))), "a district of one has nobody below");
    }

    @Test
    void theScorecardGradesRanksAndPlacesItsTotals() {
        Map<String, Row> card = scorecard(false);
        // Totals 20 (BASELINE), 14 (SAME), 10 (NEW): the sums of each unit's scores as given.
        assertEquals(d("20.00"), card.get("BASELINE").getAs("total_score"));
        assertEquals(List.of(1, 2, 3), List.of(card.get("BASELINE").<Integer>getAs("district_rank"),
                card.get("SAME").<Integer>getAs("district_rank"), card.get("NEW").<Integer>getAs("district_rank")));
        assertEquals(List.of(66.67, 33.33, 0.0), List.of(card.get("BASELINE").<Double>getAs("percentile"),
                card.get("SAME").<Double>getAs("percentile"), card.get("NEW").<Double>getAs("percentile")));
        assertEquals(List.of("差", "差", "差"), List.of(card.get("BASELINE").<String>getAs("grade"),
                card.get("SAME").<String>getAs("grade"), card.get("NEW").<String>getAs("grade")));
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
        Dataset<Row> card = UnitScorecard.compute(FRAMEWORK, dataFrame(SCORES, NOW), units(), null, null);
        assertThat(Arrays.asList(card.columns())).containsExactly("unit_id", "short_name", "unit_type",
                "score_budget", "score_mgmt", "score_output", "score_outcome", "score_satisfaction", "total_score",
                "indicators_no_data", "fiscal_year", "grade", "district_rank", "percentile", "previous_total", "total_change",
                "comparable_change", "comparable_indicators", "totals_comparable");
        assertEquals("decimal(6,2)", card.schema().apply("comparable_change").dataType().simpleString());
        assertEquals("int", card.schema().apply("comparable_indicators").dataType().simpleString());
        assertEquals("boolean", card.schema().apply("totals_comparable").dataType().simpleString());
    }
}
