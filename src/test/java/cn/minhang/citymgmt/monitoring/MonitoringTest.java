package cn.minhang.citymgmt.monitoring;

import cn.minhang.citymgmt.budget.BudgetExecution;
import cn.minhang.citymgmt.evaluation.IndicatorInput;
import cn.minhang.citymgmt.evaluation.IndicatorScorer;
import cn.minhang.citymgmt.framework.Framework;
import cn.minhang.citymgmt.framework.Indicator;
import cn.minhang.citymgmt.scoring.Polarity;
import cn.minhang.citymgmt.scoring.QualitativeRule;
import cn.minhang.citymgmt.scoring.QuantitativeRule;
import cn.minhang.citymgmt.sources.SourceDefinition;
import cn.minhang.citymgmt.sources.Sources;
import cn.minhang.citymgmt.support.SparkTestSession;
import cn.minhang.citymgmt.tables.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mid-year monitoring on tiny inline fixtures, as of 31 July 2023 (day 212 of 365, 时间进度 58.08 %):
 * which records are known by the day, budget progress against time progress, target progress
 * (pro-rated for cumulative measures), the projection scored by the year-end rules, and the 预警 list.
 */
class MonitoringTest extends SparkTestSession {
    private static final LocalDate DAY = LocalDate.of(2023, 7, 31);
    private static final TimeProgress TIME = new TimeProgress(2023, DAY);
    private static final String LEDGER = "entry_id STRING, unit_id STRING, fiscal_year INT, entry_date DATE, account STRING, "
            + "project_code STRING, project_name STRING, entry_type STRING, amount_yuan DECIMAL(18,2), funding_source STRING";

    private static Dataset<Row> rows(String ddl, Row... rows) {
        return spark().createDataFrame(List.of(rows), StructType.fromDDL(ddl));
    }

    private static Dataset<Row> units(String... ids) {
        return rows("unit_id STRING, short_name STRING", java.util.Arrays.stream(ids).map(id -> row(id, id + "街道")).toArray(Row[]::new));
    }

    private static Row entry(String id, String unit, String date, String account, String type, String amount) {
        return row(id, unit, 2023, Date.valueOf(date), account, account.equals("project") ? "P1" : null, null, type,
                new BigDecimal(amount), null);
    }

    /** A wall-clock time in Shanghai, the session's zone, whatever the test JVM's zone. */
    private static Timestamp shanghai(String localTime) {
        return Timestamp.from(java.time.LocalDateTime.parse(localTime.replace(' ', 'T')).atZone(java.time.ZoneId.of("Asia/Shanghai")).toInstant());
    }

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    private static Map<String, Row> byKey(Dataset<Row> rows, String... key) {
        Map<String, Row> out = new HashMap<>();
        rows.collectAsList().forEach(r -> {
            StringBuilder k = new StringBuilder();
            for (String c : key) {
                k.append(k.length() == 0 ? "" : "/").append((Object) r.getAs(c));
            }
            out.put(k.toString(), r);
        });
        return out;
    }

    private static Dataset<Row> budget(Dataset<Row> ledger, Dataset<Row> units, String margin) {
        Dataset<Row> asOf = AsOfRecords.restrict(Sources.BUDGET_LEDGER, ledger, DAY);
        return Monitoring.budget(BudgetExecution.perAccount(asOf, units, 2023), units, TIME, d(margin));
    }

    @Test
    void budgetProgressIsExecutionToDateAgainstTimeProgress() {
        Dataset<Row> ledger = rows(LEDGER,
                entry("a1", "A", "2023-01-01", "basic", "initial", "1000.00"),
                entry("a2", "A", "2023-01-01", "project", "initial", "2000.00"),
                entry("a3", "A", "2023-03-15", "basic", "payment", "300.00"),
                entry("a4", "A", "2023-04-02", "basic", "refund", "50.00"),
                entry("a5", "A", "2023-06-20", "project", "adjustment", "-200.00"),
                entry("a6", "A", "2023-07-31", "project", "payment", "100.00"),   // the day itself counts
                entry("a7", "A", "2023-08-01", "project", "payment", "1500.00"),  // the day after does not
                entry("a8", "A", "2023-09-01", "basic", "adjustment", "500.00"),  // nor a later adjustment
                entry("c1", "C", "2023-01-01", "basic", "initial", "1000.00"),
                entry("c2", "C", "2023-07-01", "basic", "payment", "500.00"));
        Map<String, Row> rows = byKey(budget(ledger, units("A", "B", "C"), "10"), "unit_id", "account");
        assertEquals(9, rows.size()); // every unit, every account, ledger or not

        Row basic = rows.get("A/basic");
        assertEquals("A街道", basic.getAs("short_name"));
        assertEquals(d("1000.00"), basic.getAs("adjusted_yuan"));
        assertEquals(d("250.00"), basic.getAs("executed_to_date_yuan")); // 300 − 50
        assertEquals(d("25.00"), basic.getAs("execution_progress"));
        assertEquals(d("58.08"), basic.getAs("time_progress"));
        assertEquals(d("33.08"), basic.getAs("gap_points"));
        assertEquals(true, basic.getAs("behind"));
        Row project = rows.get("A/project");
        assertEquals(d("1800.00"), project.getAs("adjusted_yuan"));
        assertEquals(d("100.00"), project.getAs("executed_to_date_yuan"));
        assertEquals(d("5.56"), project.getAs("execution_progress"));
        Row total = rows.get("A/total");
        assertEquals(d("2800.00"), total.getAs("adjusted_yuan"));
        assertEquals(d("350.00"), total.getAs("executed_to_date_yuan"));
        assertEquals(d("12.50"), total.getAs("execution_progress"));
        assertEquals(d("45.58"), total.getAs("gap_points"));
        assertEquals(Date.valueOf(DAY), total.getAs("as_of_date"));

        // C: 50.00 % against 58.08 %, 8.08 points behind time, within the 10-point margin
        assertEquals(d("8.08"), rows.get("C/total").getAs("gap_points"));
        assertEquals(false, rows.get("C/total").getAs("behind"));
        // B: no ledger yet: no progress, nothing judged
        assertNull(rows.get("B/total").getAs("execution_progress"));
        assertNull(rows.get("B/total").getAs("behind"));
        assertEquals("no_data", rows.get("B/total").getAs("status"));

        // the margin is a setting: at 50 points A's total (45.58 behind) is no longer flagged
        assertEquals(false, byKey(budget(ledger, units("A"), "50"), "unit_id", "account").get("A/total").getAs("behind"));
    }

    /**
     * The one hand check against the sample ledger: 浦锦街道 (MH-PJ) as of 31 July 2023, from
     * sample-data/budget_ledger/2023/MH-PJ.csv alone (155 entries; no other file holds an MH-PJ entry
     * of 2023). Summed by hand with a short Python script over the CSV (csv.DictReader, Decimal):
     * entries dated up to 2023-07-31, adjusted = initial + adjustment, executed = payment − refund:
     * basic 1,741,738.00 of 3,400,000.00 (51.23 %), project 75,320,175.27 of 144,819,400.00 (52.01 %),
     * total 77,061,913.27 of 148,219,400.00 (51.99 %): 6.09 points behind time, within the margin.
     * The same script over the whole year gives the published 14,046.37 of 14,445.82 万元 (97.23 %).
     */
    @Test
    void pujinAtTheEndOfJulyMatchesTheLedgerSummedByHand() {
        Dataset<Row> ledger = spark().read().option("header", "true").schema(StructType.fromDDL(LEDGER))
                .csv("sample-data/budget_ledger/2023/MH-PJ.csv");
        Map<String, Row> rows = byKey(budget(ledger, units("MH-PJ"), "10"), "unit_id", "account");
        Row total = rows.get("MH-PJ/total");
        assertEquals(d("148219400.00"), total.getAs("adjusted_yuan"));
        assertEquals(d("77061913.27"), total.getAs("executed_to_date_yuan"));
        assertEquals(d("51.99"), total.getAs("execution_progress"));
        assertEquals(d("6.09"), total.getAs("gap_points"));
        assertEquals(false, total.getAs("behind"));
        assertEquals(d("1741738.00"), rows.get("MH-PJ/basic").getAs("executed_to_date_yuan"));
        assertEquals(d("51.23"), rows.get("MH-PJ/basic").getAs("execution_progress"));
        assertEquals(d("75320175.27"), rows.get("MH-PJ/project").getAs("executed_to_date_yuan"));
        assertEquals(d("144819400.00"), rows.get("MH-PJ/project").getAs("adjusted_yuan"));
    }

    @Test
    void recordsAreSeenAsTheyStoodAtTheEndOfTheDay() {
        for (SourceDefinition source : Sources.ALL) {
            assertTrue(AsOfRecords.covers(source), source.name() + " says how it is seen as of a day");
        }
        Dataset<Row> cases = rows("case_id STRING, unit_id STRING, received_at TIMESTAMP, closed_at TIMESTAMP, satisfaction STRING",
                row("k1", "A", shanghai("2023-07-31 23:59:00"), shanghai("2023-08-01 09:00:00"), "satisfied"),
                row("k2", "A", shanghai("2023-07-02 10:00:00"), shanghai("2023-07-30 09:00:00"), "dissatisfied"),
                row("k3", "A", shanghai("2023-08-01 00:00:00"), null, null));
        Map<String, Row> seen = byKey(AsOfRecords.restrict(Sources.HOTLINE_CASES, cases, DAY), "case_id");
        assertThat(seen.keySet()).containsExactlyInAnyOrder("k1", "k2"); // received by the end of the day
        assertNull(seen.get("k1").getAs("closed_at")); // closed the day after: still open, not yet rated
        assertNull(seen.get("k1").getAs("satisfaction"));
        assertEquals("dissatisfied", seen.get("k2").getAs("satisfaction"));

        Dataset<Row> lifts = rows("project_id STRING, unit_id STRING, signed_on DATE, started_on DATE, completed_on DATE, in_service_on DATE",
                row("e1", "A", Date.valueOf("2022-05-01"), Date.valueOf("2023-03-01"), Date.valueOf("2023-07-31"), Date.valueOf("2023-09-01")));
        Row lift = AsOfRecords.restrict(Sources.ELEVATOR_PROJECTS, lifts, DAY).first();
        assertEquals(Date.valueOf("2023-07-31"), lift.getAs("completed_on"));
        assertNull(lift.getAs("in_service_on"));
    }

    @Test
    void aRunReplacesItsOwnYearAndDayAndReadersSeeTheTableByNameBesideAPublication(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        String ddl = "fiscal_year INT, as_of_date DATE, unit_id STRING, gap_points DECIMAL(9,2)";
        Date june = Date.valueOf("2023-06-30");
        Date july = Date.valueOf("2023-07-31");
        new cn.minhang.citymgmt.tables.DeltaWarehouse(dir.toString(), "run-june").replaceAsOf(Table.MONITORING_BUDGET,
                rows(ddl, row(2023, june, "A", d("1.00")), row(2023, june, "B", d("2.00"))), 2023, june.toLocalDate());
        new cn.minhang.citymgmt.tables.DeltaWarehouse(dir.toString(), "run-july-1").replaceAsOf(Table.MONITORING_BUDGET,
                rows(ddl, row(2023, july, "A", d("3.00"))), 2023, DAY);
        cn.minhang.citymgmt.tables.DeltaWarehouse again = new cn.minhang.citymgmt.tables.DeltaWarehouse(dir.toString(), "run-july-2");
        again.replaceAsOf(Table.MONITORING_BUDGET, rows(ddl, row(2023, july, "A", d("4.00"))), 2023, DAY);
        // A publication of the year (a year-end run's) never names the monitoring tables: they are read at their latest.
        again.publish(spark(), 2023, java.time.Instant.now(), Map.of());

        cn.minhang.citymgmt.tables.WarehouseTables tables = cn.minhang.citymgmt.tables.WarehouseTables.open(spark(), dir.toString());
        assertTrue(tables.has(Table.MONITORING_BUDGET));
        Map<String, Row> seen = byKey(tables.read(Table.MONITORING_BUDGET), "as_of_date", "unit_id");
        assertThat(seen.keySet()).containsExactlyInAnyOrder("2023-06-30/A", "2023-06-30/B", "2023-07-31/A");
        assertEquals(d("4.00"), seen.get("2023-07-31/A").getAs("gap_points")); // the July rerun replaced July
        assertEquals("run-july-2", seen.get("2023-07-31/A").getAs("run_id"));
        assertEquals("run-june", seen.get("2023-06-30/B").getAs("run_id")); // June untouched
    }

    // ---------------------------------------------------------------- indicators and warnings

    private static Indicator indicator(String id, String weight, Polarity polarity, Indicator.Method method, String metric,
                                       String target, String achievedAt, String partialAt) {
        return new Indicator(id, "产出指标", "数量指标", id, d(weight), polarity, method, metric, target,
                achievedAt == null ? null : d(achievedAt), partialAt == null ? null : d(partialAt));
    }

    private static final Indicator WORKS = indicator("output.works_done", "1", Polarity.HIGHER_BETTER, Indicator.Method.METRIC,
            "works.finished_in_year", "=4.00(个)", null, null);
    private static final Indicator QUALITY = indicator("output.road_quality", "3", Polarity.HIGHER_BETTER, Indicator.Method.METRIC,
            "inspection.road_pass_rate", "=90.00(%)", null, null);
    private static final Indicator TIMELY = indicator("output.repair_timely", "3", Polarity.QUALITATIVE, Indicator.Method.METRIC,
            "repair.on_time_share", "及时", "95", "80");
    private static final Indicator DECISION = indicator("mgmt.decision", "3", Polarity.QUALITATIVE, Indicator.Method.ASSESSMENT,
            null, "规范", null, null);
    private static final Indicator CITYSCAPE = indicator("outcome.cityscape", "5", Polarity.QUALITATIVE, Indicator.Method.IMPROVEMENT,
            "survey.cityscape_mean_score", "提升", "0", "-2");
    private static final Framework FRAMEWORK = new Framework(2023, List.of(WORKS, QUALITY, TIMELY, DECISION, CITYSCAPE));
    private static final IndicatorScorer SCORER = new IndicatorScorer(2023, new QuantitativeRule(false), QualitativeRule.DEFAULT);

    private static Dataset<Row> indicators() {
        Dataset<Row> metrics = rows("unit_id STRING, metric_id STRING, value DECIMAL(24,6), record_count BIGINT",
                row("A", "works.finished_in_year", d("2"), 2L),
                row("A", "inspection.road_pass_rate", d("92.5"), 40L),
                row("A", "repair.on_time_share", d("85"), 20L),
                row("A", "survey.cityscape_mean_score", d("84.5"), 3L),
                row("B", "works.finished_in_year", null, 0L),
                row("B", "inspection.road_pass_rate", null, 0L),
                row("B", "repair.on_time_share", null, 0L),
                row("B", "survey.cityscape_mean_score", null, 0L));
        Dataset<Row> targets = rows("unit_id STRING, indicator_id STRING, target STRING");
        Dataset<Row> assessments = rows("unit_id STRING, indicator_id STRING, grade STRING, fraction DECIMAL(5,4)");
        return Monitoring.indicators(spark(), FRAMEWORK, SCORER, units("A", "B"), metrics, null, targets, assessments, TIME);
    }

    @Test
    void targetsAreProRatedForCumulativeMeasuresAndTheProjectionIsScoredByTheYearEndRules() {
        Dataset<Row> out = indicators().cache();
        Map<String, Row> rows = byKey(out, "unit_id", "indicator_id");
        assertEquals(10, rows.size());

        Row works = rows.get("A/output.works_done");
        assertEquals("cumulative", works.getAs("accrual")); // from the metric's definition
        assertEquals(d("2.000000"), works.getAs("value_to_date"));
        assertEquals(d("2.32"), works.getAs("compared_target")); // 4 × 212 / 365
        assertEquals(d("86.08"), works.getAs("target_progress"));
        assertEquals(false, works.getAs("on_track"));
        assertEquals(true, works.getAs("projection"));
        assertEquals(d("3.443396"), works.getAs("projected_value")); // 2 × 365 / 212 = 3.4433962…, half-up
        assertEquals(d("0.86"), works.getAs("projected_score")); // 1 × 3.4434 / 4
        // the very rule of the year-end, applied to the projected value, gives the same score
        assertEquals(SCORER.score(WORKS, new IndicatorInput(null, d("3.443396"), 2, null, null, null)).score().setScale(2),
                works.getAs("projected_score"));

        Row quality = rows.get("A/output.road_quality");
        assertEquals("as_it_stands", quality.getAs("accrual"));
        assertEquals(d("90.00"), quality.getAs("compared_target"));
        assertEquals(d("102.78"), quality.getAs("target_progress"));
        assertEquals(true, quality.getAs("on_track"));
        assertEquals(d("92.500000"), quality.getAs("projected_value")); // a rate is projected as it stands
        assertEquals(d("3.00"), quality.getAs("projected_score"));

        Row timely = rows.get("A/output.repair_timely");
        assertEquals("partial", timely.getAs("projected_grade")); // 85 between 80 and 95
        assertEquals(d("2.00"), timely.getAs("projected_score")); // 3 × (60 % + 20 % × 5/15)
        assertEquals(false, timely.getAs("on_track"));

        Row none = rows.get("B/output.works_done");
        assertNull(none.getAs("value_to_date"));
        assertNull(none.getAs("on_track"));
        assertEquals("no_data", none.getAs("projected_status"));
        assertNull(rows.get("A/mgmt.decision").getAs("on_track")); // graded at year end, not monitored
        // an improvement without last year's metrics has no grade: not behind, only without a baseline
        assertEquals("no_baseline", rows.get("A/outcome.cityscape").getAs("projected_status"));
        assertNull(rows.get("A/outcome.cityscape").getAs("on_track"));

        Map<String, Row> warnings = byKey(Monitoring.warnings(rows("fiscal_year INT, as_of_date DATE, unit_id STRING, account STRING, "
                        + "execution_progress DECIMAL(9,2), time_progress DECIMAL(5,2), gap_points DECIMAL(9,2), margin_points DECIMAL(5,2), behind BOOLEAN",
                row(2023, Date.valueOf(DAY), "A", "project", d("5.56"), d("58.08"), d("52.52"), d("10.00"), true),
                row(2023, Date.valueOf(DAY), "A", "basic", d("50.00"), d("58.08"), d("8.08"), d("10.00"), false)), out),
                "unit_id", "kind", "subject");
        assertThat(warnings.keySet()).containsExactlyInAnyOrder(
                "A/budget_behind/project",
                "A/target_behind/output.works_done", "A/target_behind/output.repair_timely",
                "B/no_data/output.works_done", "B/no_data/output.road_quality", "B/no_data/output.repair_timely",
                "B/no_data/outcome.cityscape");
        assertEquals("项目支出执行进度 5.56% 落后时间进度 58.08% 达 52.52 个百分点（容差 10.00 个百分点）",
                warnings.get("A/budget_behind/project").getAs("message"));
        assertThat((String) warnings.get("A/target_behind/output.works_done").getAs("message"))
                .contains("完成 2.00", "按时间进度折算的目标 2.32", "=4.00(个)");
        assertThat((String) warnings.get("B/no_data/output.road_quality").getAs("message")).contains("截至 2023-07-31 尚无数据");
        assertThat((String) warnings.get("A/target_behind/output.repair_timely").getAs("message")).contains("预计等级为 部分达成");
        out.unpersist();
    }
}
