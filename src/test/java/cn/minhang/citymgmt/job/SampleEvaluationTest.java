package cn.minhang.citymgmt.job;

import cn.minhang.citymgmt.app.EvaluateCommand;
import cn.minhang.citymgmt.sources.SourceDefinition;
import cn.minhang.citymgmt.sources.Sources;
import cn.minhang.citymgmt.support.Processes;
import cn.minhang.citymgmt.support.SparkTestSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The bundled sample data, 2022 then 2023 as the contract wants years run: 浦锦街道 2023 must come
 * out as its real report says, and every unit of the district must be scored.
 */
class SampleEvaluationTest extends SparkTestSession {
    @TempDir
    static Path dir;
    static Path warehouse;
    static RunSummary run2023;

    @BeforeAll
    static void evaluateBothYears() {
        warehouse = dir.resolve("warehouse");
        // Interpreted, as the session runs every test and as production runs a district (run.interpreted_below):
        // EvaluateScriptIT compares a compiled run with interpreted ones row for row.
        for (int year : new int[]{2022, 2023}) {
            // The evaluation alone: the report and forms are steps of the application (DistrictReportTest, FormsTest).
            JobOptions options = EvaluateCommand.parse("--year", String.valueOf(year), "--warehouse", warehouse.toString());
            RunSummary summary = new EvaluationJob(options, JobConfig.load(options, Processes.PROJECT, Map.of())).run(spark());
            assertThat(summary.succeeded()).as(summary.describe()).isTrue();
            run2023 = summary;
        }
    }

    private static Dataset<Row> table(String name) {
        return spark().read().format("delta").load(warehouse.resolve(name).toString()).where("fiscal_year = 2023");
    }

    /** The value as unit_metrics holds it, DECIMAL(24,6). */
    private static BigDecimal metric(String unit, String metric) {
        return table("unit_metrics").where("unit_id = '" + unit + "' AND metric_id = '" + metric + "'").first().getAs("value");
    }

    private static BigDecimal m(String value) {
        return new BigDecimal(value).setScale(6);
    }

    @Test
    void everyTableOfBothYearsIsRowForRowWhatTheJobWroteBeforeTheStreamingIngest() {
        // golden/sample.tsv: digests of 2022 then 2023 run with the job as it was before the
        // streaming reader, the single-shuffle classification, the concurrent writes and the
        // skipping of known files (issue #8). The 2023 run here skips the files of 2022 only.
        cn.minhang.citymgmt.support.TableDigests.assertUnchanged(spark(),
                Processes.PROJECT.resolve("src/test/resources/golden/sample.tsv"), warehouse);
    }

    @Test
    void everySourceIsCleanedAndEveryRowAccountedFor() {
        for (SourceDefinition source : Sources.ALL) {
            assertThat(table(source.name()).count()).as(source.name()).isPositive();
        }
        assertThat(table("reconciliation").where("status <> 'ok'").collectAsList()).isEmpty();
        assertThat(table("reconciliation").where("check_name = 'rows_read_accounted_for'").count()).isEqualTo(Sources.ALL.size());
        assertEquals(0L, table("quarantine").count());
        assertThat(table("hotline_cases").columns()).contains("caller_key").doesNotContain("caller_phone", "caller_name", "address");
    }

    @Test
    void pujinOperationsMatchTheSeedReport() {
        assertEquals(m("82.42"), metric("MH-PJ", "waste.dry_tonnes_per_day"));
        assertEquals(m("55.14"), metric("MH-PJ", "waste.wet_tonnes_per_day"));
        assertEquals(m("36.49"), metric("MH-PJ", "waste.recyclable_tonnes_per_day"));
        assertEquals(m("24.86"), metric("MH-PJ", "waste.low_value_recyclable_tonnes_per_day"));
        assertEquals(m("135"), metric("MH-PJ", "waste.refusals"));
        assertEquals(m("2305"), metric("MH-PJ", "hotline.cases_hotline_12345"));
        assertEquals(m("1105"), metric("MH-PJ", "hotline.cases_city_ops"));
        assertEquals(m("31"), metric("MH-PJ", "hotline.cases_petition"));
        assertEquals(871, table("hotline_cases").where("unit_id = 'MH-PJ' AND channel = 'hotline_12345' AND origin = 'passive'").count());
        assertEquals(m("70"), metric("MH-PJ", "elevator.signed_in_year"));
        assertEquals(m("5"), metric("MH-PJ", "elevator.started_in_year"));
        assertEquals(m("3"), metric("MH-PJ", "elevator.completed_in_year"));
        assertEquals(m("10"), metric("MH-PJ", "elevator.in_service_total"));
        assertEquals(m("12"), metric("MH-PJ", "asset.park_count"));
        assertEquals(m("70.0"), metric("MH-PJ", "asset.road_km"));
        assertEquals(m("357.0"), metric("MH-PJ", "asset.drain_pipe_km"));
        assertEquals(m("430000.0"), metric("MH-PJ", "asset.public_green_m2"));
        assertEquals(m("1740000.0"), metric("MH-PJ", "asset.cleaning_area_m2"));
        assertEquals(m("14952"), metric("MH-PJ", "asset.street_tree_count"));
        assertEquals(m("4"), metric("MH-PJ", "works.finished_in_year"));
    }

    @Test
    void everyUnitIsScoredOnEveryIndicator() {
        assertEquals(14 * 28, table("indicator_scores").count());
        assertThat(table("indicator_scores").groupBy("unit_id").count().where("count <> 28").collectAsList()).isEmpty();
        assertEquals(14, table("unit_scorecard").count());
        Row budget = table("indicator_scores").where("unit_id = 'MH-PJ' AND indicator_id = 'budget.execution_rate'").first();
        assertEquals(new BigDecimal("9.72"), budget.getAs("score"));
        Row total = table("budget_execution").where("unit_id = 'MH-PJ' AND account = 'total'").first();
        assertEquals(new BigDecimal("97.23"), total.getAs("execution_rate"));
        assertEquals(new BigDecimal("144458200.00"), total.getAs("adjusted_yuan"));
        assertEquals(new BigDecimal("140463700.00"), total.getAs("executed_yuan"));
    }

    @Test
    void totalsAreSumsOfIndicatorScoresAndRanksAreCompetitionRanks() {
        List<Row> mismatches = spark().sql(String.format(
                "SELECT c.unit_id FROM delta.`%s` c JOIN (SELECT unit_id, SUM(score) s FROM delta.`%s` WHERE fiscal_year = 2023 GROUP BY unit_id) i "
                        + "ON c.unit_id = i.unit_id WHERE c.fiscal_year = 2023 AND c.total_score <> i.s",
                warehouse.resolve("unit_scorecard"), warehouse.resolve("indicator_scores"))).collectAsList();
        assertThat(mismatches).isEmpty();
        assertEquals(14, table("reconciliation").where("check_name = 'scorecard_total_equals_indicator_scores' AND status = 'ok'").count());
        List<Row> cards = table("unit_scorecard").orderBy("district_rank").collectAsList();
        assertEquals(1, cards.get(0).<Integer>getAs("district_rank"));
        for (int i = 1; i < cards.size(); i++) {
            BigDecimal previous = cards.get(i - 1).getAs("total_score");
            BigDecimal current = cards.get(i).getAs("total_score");
            int rank = cards.get(i).<Integer>getAs("district_rank");
            int expected = previous.compareTo(current) == 0 ? cards.get(i - 1).<Integer>getAs("district_rank") : i + 1;
            assertEquals(expected, rank);
        }
        assertThat(table("unit_scorecard").where("previous_total IS NULL OR comparable_change IS NULL").count()).isZero();
    }

    /** golden/sample.tsv's digest of unit_scorecard 2023 before total_change was kept to totals on the same basis. */
    private static final String SCORECARD_2023_BEFORE_THE_BASIS_CHECK = "5378346234898231214";

    @Test
    void changeAgainst2022CountsOnlyIndicatorsScoredOnDataInBothYears() {
        // 2022's improvement indicators had no 2021 to compare with (no_baseline, 0): no unit's totals are on the same basis.
        Dataset<Row> cards = table("unit_scorecard");
        assertEquals(14, cards.where("previous_total IS NOT NULL AND total_change IS NULL AND NOT totals_comparable").count());
        // The comparable change, recomputed from both years' indicator scores.
        String onData = "('ok', 'assessed', 'overshoot', 'over_executed')";
        Dataset<Row> expected = spark().sql(String.format(
                "SELECT n.unit_id, CAST(SUM(n.score) - SUM(p.score) AS DECIMAL(6,2)) AS comparable_change, CAST(COUNT(*) AS INT) AS comparable_indicators"
                        + " FROM delta.`%s` n JOIN delta.`%s` p ON p.unit_id = n.unit_id AND p.indicator_id = n.indicator_id AND p.fiscal_year = 2022"
                        + " WHERE n.fiscal_year = 2023 AND n.status IN %s AND p.status IN %s GROUP BY n.unit_id",
                warehouse.resolve("indicator_scores"), warehouse.resolve("indicator_scores"), onData, onData));
        assertThat(cards.select("unit_id", "comparable_change", "comparable_indicators").collectAsList())
                .containsExactlyInAnyOrderElementsOf(expected.collectAsList());

        // Nothing else moved: over the golden columns, with total_change as it was (total − previous), the digest made before.
        List<String> columns = cn.minhang.citymgmt.support.TableDigests.read(Processes.PROJECT.resolve("src/test/resources/golden/sample.tsv"))
                .get("unit_scorecard/2023").columns();
        org.apache.spark.sql.Column[] asBefore = columns.stream().map(c -> c.equals("total_change")
                        ? org.apache.spark.sql.functions.col("total_score").minus(org.apache.spark.sql.functions.col("previous_total")).cast("decimal(6,2)")
                        : org.apache.spark.sql.functions.col(c))
                .toArray(org.apache.spark.sql.Column[]::new);
        Row digest = cards.agg(org.apache.spark.sql.functions.sum(org.apache.spark.sql.functions.xxhash64(asBefore).cast("decimal(38,0)"))).first();
        assertEquals(SCORECARD_2023_BEFORE_THE_BASIS_CHECK, digest.getDecimal(0).toPlainString());
    }

    @Test
    void notesShowMeasuresWithAtMostTwoDecimals() {
        // Measures are shown half-up to 2 decimals (Measures.show): never a binary-fraction tail like 356.9999999999999.
        for (String name : List.of("indicator_scores", "self_report_audit")) {
            assertThat(spark().read().format("delta").load(warehouse.resolve(name).toString())
                    .where("note RLIKE '[0-9][.][0-9]{3,}'").select("fiscal_year", "unit_id", "indicator_id", "note").collectAsList())
                    .as(name).isEmpty();
        }
    }

    @Test
    void improvementIndicatorsReadLastYear() {
        Row cityscape = table("indicator_scores").where("unit_id = 'MH-PJ' AND indicator_id = 'outcome.cityscape'").first();
        assertEquals(m("84.32"), cityscape.getAs("actual_value"));
        assertEquals(m("82.10"), cityscape.getAs("previous_value"));
        assertEquals("achieved", cityscape.getAs("grade"));
    }

    @Test
    void auditFlagsTheStreetTreesPujinReported() {
        Row trees = table("self_report_audit").where("unit_id = 'MH-PJ' AND indicator_id = 'output.street_trees'").first();
        assertEquals("mismatch", trees.getAs("flag"));
        assertEquals(m("14481"), trees.getAs("reported_value"));
        assertEquals(m("14952"), trees.getAs("computed_value"));
        assertEquals("reported 14481.00 count, computed 14952.00 (-3.15%)", trees.getAs("note"));
        Row budget = table("self_report_audit").where("unit_id = 'MH-PJ' AND indicator_id = 'budget.execution_rate'").first();
        assertEquals("ok", budget.getAs("flag"));
    }

    /**
     * The sample carries 浦锦街道's budget lines as the seed report prints them: self_reports accepts
     * the line ids, self_report_audit leaves them to budget_line_audit, and both inconsistencies of the
     * print are flagged, the parts that do not add up to the printed total and the basic rate that is
     * not executed ÷ adjusted, while the lines that are consistent are not.
     */
    @Test
    void pujinsPrintedBudgetLinesAreAuditedAndBothInconsistenciesFlagged() {
        assertEquals(10, table("self_reports").where("unit_id = 'MH-PJ' AND indicator_id LIKE 'budget.%.%'").count());
        assertEquals(0, table("self_report_audit").where("indicator_id LIKE 'budget.%.%'").count());
        List<Row> findings = table("budget_line_audit").collectAsList();
        assertThat(findings).allSatisfy(r -> assertEquals("MH-PJ", r.getAs("unit_id")));
        assertThat(findings).extracting(r -> r.<String>getAs("rule_id") + " " + r.<String>getAs("line_id"))
                .contains("BL-SUM budget.executed.total", "BL-RATE budget.rate.basic")
                .doesNotContain("BL-SUM budget.adjusted.total", "BL-RATE budget.rate.total", "BL-RATE budget.rate.project");
        Row sum = findings.stream().filter(r -> r.getAs("rule_id").equals("BL-SUM")).findFirst().orElseThrow();
        assertEquals(0, new BigDecimal("14046.37").compareTo(sum.getAs("printed")), sum.toString());
        assertEquals(0, new BigDecimal("14048.37").compareTo(sum.getAs("expected")), sum.toString());
        Row rate = findings.stream().filter(r -> r.getAs("rule_id").equals("BL-RATE")).findFirst().orElseThrow();
        assertEquals(0, new BigDecimal("99.42").compareTo(rate.getAs("printed")), rate.toString());
        assertEquals(0, new BigDecimal("100.02").compareTo(rate.<BigDecimal>getAs("expected").setScale(2, java.math.RoundingMode.HALF_UP)), rate.toString());
    }
}
