package cn.minhang.citymgmt.job;

import cn.minhang.citymgmt.sources.Column;
import cn.minhang.citymgmt.sources.ColumnType;
import cn.minhang.citymgmt.sources.SourceDefinition;
import cn.minhang.citymgmt.sources.Sources;
import cn.minhang.citymgmt.sources.YearMembership;
import cn.minhang.citymgmt.app.EvaluateCommand;
import cn.minhang.citymgmt.failures.RunStopped;
import cn.minhang.citymgmt.app.ExitCode;
import cn.minhang.citymgmt.support.Deliveries;
import cn.minhang.citymgmt.support.Processes;
import cn.minhang.citymgmt.support.SparkTestSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static cn.minhang.citymgmt.support.Deliveries.LEDGER_HEADER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The whole job on small inline deliveries: what lands where, and what a rerun changes. */
// Its tests share nothing they change (each works in folders of its own), so they run side by side too: a long class
// then never runs alone at the end.
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
class EvaluationJobTest extends SparkTestSession {
    /** One run of 2023 over the fixture, shared by the tests that only read its tables. */
    @TempDir
    static Path shared;
    static Path sharedWarehouse;
    static RunSummary sharedRun;

    @TempDir
    Path dir;
    Path warehouse;
    Deliveries input;

    static final List<String> YEARLY_TABLES = List.of("units", "budget_ledger", "quarantine", "budget_execution",
            "budget_execution_monthly", "reconciliation", "unit_metrics", "indicator_scores", "unit_scorecard", "self_report_audit");
    /** Year 2023 of every table after the first 2023 run, before the rerun. */
    static final Map<String, Dataset<Row>> firstRun = new java.util.HashMap<>();
    static RunSummary run2022;
    static RunSummary firstRun2023;

    /** 2022, then 2023, then 2023 again: the shared warehouse ends as after a rerun. */
    @BeforeAll
    static void runOnce() {
        Deliveries fixture = fixture(shared.resolve("input"));
        sharedWarehouse = shared.resolve("warehouse");
        run2022 = run(shared, fixture, sharedWarehouse, 2022);
        firstRun2023 = run(shared, fixture, sharedWarehouse, 2023);
        for (String t : YEARLY_TABLES) {
            Dataset<Row> rows = shared(t).drop("run_id");
            firstRun.put(t, spark().createDataFrame(rows.collectAsList(), rows.schema()));
        }
        sharedRun = run(shared, fixture, sharedWarehouse, 2023);
    }

    @BeforeEach
    void deliveries() {
        warehouse = dir.resolve("warehouse");
        input = fixture(dir.resolve("input"));
    }

    /**
     * A past year rerun (a late correction) while the current year runs, into one warehouse (a copy
     * of the shared one): both succeed, and every table of both years equals the shared warehouse's,
     * where the runs went one after the other. The years' locks are separate and their Delta commits
     * replace disjoint partitions. (2023 reads 2022's publication as its baseline; with 2022 already
     * published, the old and the new publication of 2022 hold the same rows, so it does not matter
     * which it reads.)
     */
    @Test
    void aPastYearRerunWhileTheCurrentYearRunsGivesTheTablesOfRunsOneAfterTheOther() throws Exception {
        cn.minhang.citymgmt.support.Warehouses.copy(sharedWarehouse, warehouse);
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<RunSummary> rerun2022 = two.submit(() -> run(2022));
            java.util.concurrent.Future<RunSummary> run2023 = two.submit(() -> run(2023));
            assertEquals("succeeded", rerun2022.get().status());
            assertEquals("succeeded", run2023.get().status());
        } finally {
            two.shutdownNow();
        }
        cn.minhang.citymgmt.tables.WarehouseTables together = cn.minhang.citymgmt.tables.WarehouseTables.open(spark(), warehouse.toString());
        cn.minhang.citymgmt.tables.WarehouseTables inTurn = cn.minhang.citymgmt.tables.WarehouseTables.open(spark(), sharedWarehouse.toString());
        // One digest per table and year (count and hash sum of the rows less run stamps) instead of two set differences.
        for (String t : YEARLY_TABLES) {
            assertEquals(yearDigests(inTurn.read(t)), yearDigests(together.read(t)), t + " differs from runs one after the other");
        }
        assertThat(together.read("indicator_scores").where("fiscal_year = 2023").count()).isPositive();
    }

    /** Per fiscal year, the number of rows and the sum of their hashes, run ids and times left out. */
    private static Map<Integer, String> yearDigests(Dataset<Row> table) {
        Dataset<Row> stable = cn.minhang.citymgmt.support.TableDigests.withoutRunStamps(table);
        Map<Integer, String> digests = new java.util.TreeMap<>();
        for (Row r : stable.groupBy("fiscal_year").agg(org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)),
                org.apache.spark.sql.functions.sum(org.apache.spark.sql.functions.xxhash64(java.util.Arrays.stream(stable.columns())
                        .map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new)).cast("decimal(38,0)")))
                .collectAsList()) {
            digests.put(r.getInt(0), r.getLong(1) + " rows, hash sum " + r.getDecimal(2));
        }
        return digests;
    }

    /**
     * A mid-year monitoring run on a warehouse that holds the published year: it writes its own
     * monitoring tables only. Every publication, and the version of every year-end table, stays as
     * it was, and the November refund is not yet seen at the end of July.
     */
    @Test
    void anAsOfRunWritesItsMonitoringTablesAndLeavesTheYearEndTablesAndPublicationsAlone() {
        cn.minhang.citymgmt.support.Warehouses.copy(sharedWarehouse, warehouse);
        List<cn.minhang.citymgmt.tables.Publication> publications = cn.minhang.citymgmt.tables.Publication.all(spark(), warehouse.toString());
        Map<String, Long> versions = new java.util.TreeMap<>();
        for (String t : YEARLY_TABLES) {
            versions.put(t, latestVersion(t));
        }

        RunSummary monitoring = run(2023, "--as-of", "2023-07-31");

        assertEquals("succeeded", monitoring.status());
        assertEquals(publications, cn.minhang.citymgmt.tables.Publication.all(spark(), warehouse.toString()));
        for (String t : YEARLY_TABLES) {
            assertEquals(versions.get(t), latestVersion(t), t + " was written by the as-of run");
        }
        Row project = table("monitoring_budget").where("unit_id = 'MH-PJ' AND account = 'project'").first();
        assertEquals(java.sql.Date.valueOf("2023-07-31"), project.getAs("as_of_date"));
        assertEquals(new BigDecimal("137246000.00"), project.getAs("executed_to_date_yuan"));
        assertEquals(new BigDecimal("137146000.00"), shared("budget_execution").where("unit_id = 'MH-PJ' AND account = 'project'")
                .first().getAs("executed_yuan"), "the year-end figure, after the November refund");
    }

    private long latestVersion(String table) {
        return io.delta.tables.DeltaTable.forPath(spark(), warehouse.resolve(table).toString()).history(1).first().getLong(0);
    }

    static Deliveries fixture(Path root) {
        return Deliveries.in(root)
                .file("budget_ledger/2023/MH-PJ.csv", LEDGER_HEADER,
                        "PJ-1,MH-PJ,2023,2023-01-05,basic,,,initial,3400000.00,镇级财政",
                        "PJ-2,MH-PJ,2023,2023-01-05,project,P1,综合养护,initial,149096500.00,镇级财政",
                        "PJ-3,MH-PJ,2023,2023-07-01,basic,,,adjustment,-62900.00,",
                        "PJ-4,MH-PJ,2023,2023-07-01,project,P1,综合养护,adjustment,-7975400.00,",
                        "PJ-5,MH-PJ,2023,2023-03-10,basic,,,payment,3317700.00,",
                        "PJ-6,MH-PJ,2023,2023-05-20,project,P1,综合养护,payment,137246000.00,",
                        "PJ-7,MH-PJ,2023,2023-11-02,project,P1,综合养护,refund,100000.00,",
                        "PJ-8,MH-PJ,2023,2023-13-01,project,P1,综合养护,payment,12.00,",
                        "PJ-9,MH-PJ,2023,2023-06-01,basic,,,payment,100.00,",
                        "PJ-9,MH-PJ,2023,2023-06-01,basic,,,payment,999.00,")
                .file("budget_ledger/2023/resent/MH-PJ-again.csv", LEDGER_HEADER,
                        "PJ-7,MH-PJ,2023,2023-11-02,project,P1,综合养护,refund,100000.00,")
                .file("budget_ledger/2022/MH-XH.csv", LEDGER_HEADER,
                        "XH-1,MH-XH,2022,2022-01-05,basic,,,initial,1000000.00,",
                        "XH-2,MH-XH,2022,2022-02-05,basic,,,payment,800000.00,",
                        "XX-1,MH-XX,2022,2022-02-05,basic,,,payment,1.00,")
                .file("surveys/2023.csv", "survey_id,unit_id,surveyed_on,topic,respondents,satisfied,score",
                        "S1,MH-PJ,2023-06-01,受益群体满意度,200,188,")
                .file("self_reports/2023/MH-PJ.csv", "unit_id,fiscal_year,indicator_id,reported",
                        "MH-PJ,2023,budget.execution_rate,97.23%",
                        "MH-PJ,2023,satisfaction.beneficiary,≥90.00(%)");
    }

    private RunSummary run(int year, String... extra) {
        return run(dir, input, warehouse, year, extra);
    }

    private RunSummary run(int year, List<SourceDefinition> sources) {
        JobOptions options = EvaluateCommand.parse(runArgs(input, warehouse, year));
        return new EvaluationJob(options, JobConfig.load(options, Processes.PROJECT, Map.of()), sources).run(spark());
    }

    private static String[] runArgs(Deliveries input, Path warehouse, int year) {
        return new String[]{"--year", String.valueOf(year), "--input", input.root().toString(),
                "--warehouse", warehouse.toString(), "--set", "quarantine.max_rejected_percent=50", JobOptions.ALLOW_SAMPLE_KEY};
    }

    static RunSummary run(Path home, Deliveries input, Path warehouse, int year, String... extra) {
        JobOptions options = EvaluateCommand.parse(concat(runArgs(input, warehouse, year), extra));
        return new EvaluationJob(options, JobConfig.load(options, Processes.PROJECT, Map.of())).run(spark());
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private Dataset<Row> table(String name) {
        return spark().read().format("delta").load(warehouse.resolve(name).toString());
    }

    /** Year 2023 of a table of the shared warehouse. */
    private static Dataset<Row> shared(String name) {
        return sharedAllYears(name).where("fiscal_year = 2023");
    }

    private static Dataset<Row> sharedAllYears(String name) {
        return spark().read().format("delta").load(sharedWarehouse.resolve(name).toString());
    }

    @Test
    void budgetExecutionReproducesTheSeedReport() {
        Row total = shared("budget_execution").where("unit_id = 'MH-PJ' AND account = 'total' AND fiscal_year = 2023").first();
        assertEquals(new BigDecimal("152496500.00"), total.getAs("initial_yuan"));
        assertEquals(new BigDecimal("-8038300.00"), total.getAs("adjustment_yuan"));
        assertEquals(new BigDecimal("144458200.00"), total.getAs("adjusted_yuan"));
        assertEquals(new BigDecimal("140463700.00"), total.getAs("executed_yuan"));
        assertEquals(new BigDecimal("97.23"), total.getAs("execution_rate"));
        assertEquals(new BigDecimal("5.27"), total.getAs("adjustment_rate"));
        Row project = shared("budget_execution").where("unit_id = 'MH-PJ' AND account = 'project'").first();
        assertEquals(new BigDecimal("97.18"), project.getAs("execution_rate"));
        Row basic = shared("budget_execution").where("unit_id = 'MH-PJ' AND account = 'basic'").first();
        assertEquals(new BigDecimal("99.42"), basic.getAs("execution_rate"));
    }

    @Test
    void everyUnitGetsThreeAccountsAndTwelveMonths() {
        assertEquals(6, shared("budget_execution").where("fiscal_year = 2023").count());
        Row xinhong = shared("budget_execution").where("unit_id = 'MH-XH' AND account = 'total'").first();
        assertEquals("no_data", xinhong.getAs("status"));
        assertNull(xinhong.getAs("execution_rate"));
        assertEquals(72, shared("budget_execution_monthly").count());
        Row december = shared("budget_execution_monthly").where("unit_id = 'MH-PJ' AND account = 'total' AND month = 12").first();
        assertEquals(new BigDecimal("140463700.00"), december.getAs("executed_cumulative_yuan"));
        assertEquals(new BigDecimal("97.23"), december.getAs("progress_rate"));
        Row may = shared("budget_execution_monthly").where("unit_id = 'MH-PJ' AND account = 'project' AND month = 5").first();
        assertEquals(new BigDecimal("137246000.00"), may.getAs("executed_cumulative_yuan"));
    }

    @Test
    void malformedAndConflictingRowsAreQuarantinedWithEveryReason() {
        Map<Long, List<String>> reasons = new java.util.HashMap<>();
        for (Row r : shared("quarantine").where("source = 'budget_ledger'").collectAsList()) {
            reasons.put(r.getAs("line_number"), r.getList(r.fieldIndex("reasons")));
            assertEquals("budget_ledger/2023/MH-PJ.csv", r.getAs("file"));
        }
        assertThat(reasons).containsOnlyKeys(9L, 10L, 11L);
        assertThat(reasons.get(9L)).singleElement().asString().startsWith("unparsable_date: entry_date '2023-13-01'");
        assertThat(reasons.get(10L)).singleElement().asString()
                .isEqualTo("conflicting_duplicate: entry_id=PJ-9 has 2 different records");
        String raw = shared("quarantine").where("line_number = 9").first().getAs("raw_record");
        assertEquals("PJ-8,MH-PJ,2023,2023-13-01,project,P1,综合养护,payment,12.00,", raw);
    }

    @Test
    void reconciliationAccountsForEveryRowAndEveryYuan() {
        RunSummary summary = sharedRun;
        Row rows = shared("reconciliation").where("fiscal_year = 2023 AND check_name = 'rows_read_accounted_for' AND source = 'budget_ledger'").first();
        // 10 + 1 resent + 3 of 2022 = 14 read: 7 accepted + 3 quarantined + 1 duplicate + 3 other year
        assertEquals(new BigDecimal("14.00"), rows.getAs("expected"));
        assertEquals(new BigDecimal("14.00"), rows.getAs("actual"));
        assertThat((String) rows.getAs("detail")).isEqualTo(
                "read 14 = accepted 7 + quarantined 3 + exact duplicates 1 + other years 3 (from 3 files)");
        assertEquals(0, shared("reconciliation").where("status <> 'ok'").count());
        assertThat(sharedAllYears("reconciliation").where("fiscal_year = 2022").count()).isPositive();
        assertThat(shared("reconciliation").where("check_name LIKE 'budget_basic_plus_project%' AND unit_id = 'MH-PJ'").count()).isEqualTo(4);
        assertEquals(0, summary.reconciliationMismatches());
        assertEquals(2, summary.unitsScored());
        assertThat(summary.describe()).contains("2 units scored; 19 rows read (16 scanned, 1 unchanged files of other years skipped), 12 accepted, 3 quarantined, 1 duplicates");
        Row run = shared("job_runs").where("run_id = '" + summary.runId() + "'").first();
        assertEquals("succeeded", run.getAs("status"));
        assertEquals(summary.runId(), run.getAs("run_id"));
        assertEquals(7L, run.<scala.collection.Map<String, Long>>getAs("rows_accepted").apply("budget_ledger"));
    }

    @Test
    void everyUnitIsScoredOnEveryIndicatorDataOrNot() {
        assertEquals(2 * 28, shared("indicator_scores").count());
        Row noSurvey = shared("indicator_scores").where("unit_id = 'MH-XH' AND indicator_id = 'satisfaction.beneficiary'").first();
        assertEquals("no_data", noSurvey.getAs("status"));
        assertEquals(new BigDecimal("0.00"), noSurvey.getAs("score"));
        assertThat((String) noSurvey.getAs("note")).startsWith("no records for this unit");
        Row surveyed = shared("indicator_scores").where("unit_id = 'MH-PJ' AND indicator_id = 'satisfaction.beneficiary'").first();
        assertEquals(new BigDecimal("94.000000"), surveyed.getAs("actual_value"));
        assertEquals(new BigDecimal("10.00"), surveyed.getAs("score"));
        Row budget = shared("indicator_scores").where("unit_id = 'MH-PJ' AND indicator_id = 'budget.execution_rate'").first();
        assertEquals(new BigDecimal("9.72"), budget.getAs("score"));
        assertEquals(2, shared("unit_scorecard").count());
        Row card = shared("unit_scorecard").where("unit_id = 'MH-PJ'").first();
        assertEquals(new BigDecimal("19.72"), card.getAs("total_score"));
        assertEquals("差", card.getAs("grade"));
        assertEquals(1, card.<Integer>getAs("district_rank"));
        assertEquals(50.0, card.<Double>getAs("percentile"), 1e-9);
    }

    @Test
    void rerunReplacesItsYearOnlyAndGivesTheSameRows() {
        assertThat(sharedRun.runId()).isNotEqualTo(firstRun2023.runId());
        for (String t : YEARLY_TABLES) {
            Dataset<Row> now = shared(t).where("fiscal_year = 2023");
            if (now.isEmpty()) {
                assertThat(firstRun.get(t).count()).as(t).isZero();
                continue;
            }
            assertThat(now.select("run_id").distinct().collectAsList()).as(t).containsExactly(row(sharedRun.runId()));
            assertSameRows(firstRun.get(t), now.drop("run_id"));
        }
        assertThat(shared("self_report_audit").where("fiscal_year = 2023").count()).isEqualTo(2);
        Dataset<Row> old = sharedAllYears("budget_execution").where("fiscal_year = 2022");
        assertThat(old.select("run_id").distinct().collectAsList()).containsExactly(row(run2022.runId()));
        assertEquals(new BigDecimal("80.00"), old.where("unit_id = 'MH-XH' AND account = 'total'").first().getAs("execution_rate"));
        assertEquals(3, sharedAllYears("job_runs").count());
    }

    @Test
    void filesOfOtherYearsAreSkippedOnceTheDeliveriesTableKnowsThemAndStillCounted() {
        // The 2022 run recorded every file; the 2023 runs skip the one holding 2022 rows only.
        assertThat(firstRun2023.filesSkipped().get("budget_ledger")).isEqualTo(1L);
        assertThat(sharedRun.filesSkipped().get("budget_ledger")).isEqualTo(1L);
        List<Row> deliveries = shared("deliveries").where("source = 'budget_ledger'").orderBy("path").collectAsList();
        assertThat(deliveries).extracting(r -> r.getAs("path") + " " + r.getAs("status"))
                .containsExactly("budget_ledger/2022/MH-XH.csv skipped", "budget_ledger/2023/MH-PJ.csv read",
                        "budget_ledger/2023/resent/MH-PJ-again.csv read");
        Row skipped = deliveries.get(0);
        assertThat(skipped.<String>getAs("checksum")).matches("sha256:[0-9a-f]{64}");
        assertThat(skipped.<Integer>getAs("first_year")).isEqualTo(2022);
        assertThat(skipped.<Integer>getAs("last_year")).isEqualTo(2022);
        // Read or skipped, every row is accounted for: the skipped file's rows count as other years.
        assertThat(sharedRun.rowsRead()).isEqualTo(firstRun2023.rowsRead());
        assertThat(sharedRun.totalScanned()).isLessThan(run2022.totalScanned());
        assertThat(shared("reconciliation").where("status <> 'ok'").collectAsList()).isEmpty();
    }

    /**
     * Years of history in the input add no row to the reads of a later year: their files are skipped
     * once the deliveries table knows them. A file changed since it was recorded (same size, a later
     * time, a row that now belongs to 2023) is read again. One 2022 and one 2023 run for both.
     */
    @Test
    void yearsOfHistoryAreSkippedAndAFileChangedSinceItWasRecordedIsReadAgain() throws Exception {
        for (int year = 2018; year <= 2021; year++) {
            input.file("budget_ledger/" + year + "/MH-XH.csv", LEDGER_HEADER,
                    "XH-" + year + "-1,MH-XH," + year + "," + year + "-01-05,basic,,,initial,1000000.00,镇级财政",
                    "XH-" + year + "-2,MH-XH," + year + "," + year + "-03-05,basic,,,payment,900000.00,");
        }
        RunSummary history2022 = run(2022);
        Path file = input.root().resolve("budget_ledger/2022/MH-XH.csv");
        String text = Files.readString(file).replaceFirst("2022", "2023").replaceFirst("2022-", "2023-");
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        RunSummary history2023 = run(2023);

        assertThat(history2022.totalScanned()).isGreaterThan(run2022.totalScanned());
        // The four history files are skipped; the changed 2022 file, which the shared 2023 runs skipped, is read: its 3 rows.
        assertThat(history2023.filesSkipped().get("budget_ledger")).isEqualTo(4L);
        assertThat(history2023.totalScanned()).isEqualTo(firstRun2023.totalScanned() + 3);
        assertThat(history2023.rowsRead().get("budget_ledger")).isEqualTo(firstRun2023.rowsRead().get("budget_ledger") + 8);
    }

    /**
     * A run's sources are their definitions and their folders, in one run (a whole run is the costly
     * part of this class):
     * <ul>
     *   <li>a source added by its definition alone is listed, read and validated, its bad rows
     *   quarantined with their reasons, its cleaned table written and its rows reconciled, with no
     *   other code for it;</li>
     *   <li>a source the district never delivered has no folder at all: an empty delivery, not an error.
     *   Every unit is scored, its indicator is no_data for each, and zero rows are read of it.</li>
     * </ul>
     * Without the units nothing could be placed: that folder stays required.
     */
    @Test
    void anAddedSourceIsItsDefinitionAndAnAbsentFolderAnEmptyDeliveryButUnitsAreRequired() {
        SourceDefinition lamps = SourceDefinition.source("street_lamps")
                .columns(Column.required("lamp_id", ColumnType.STRING), Column.required(Sources.UNIT_ID, ColumnType.STRING),
                        Column.required("installed_on", ColumnType.DATE), Column.optional("watts", ColumnType.INTEGER))
                .key("lamp_id")
                .belongsTo(YearMembership.ofDate("installed_on"))
                .build();
        input.file("street_lamps/2023.csv", "lamp_id,unit_id,installed_on,watts",
                "L1,MH-PJ,2023-03-01,120", "L2,MH-XH,2023-04-01,", "L3,MH-PJ,2023-04-31,80", "L4,MH-NO,2023-05-01,60");
        cn.minhang.citymgmt.support.Warehouses.delete(input.root().resolve("surveys"));
        List<SourceDefinition> sources = new java.util.ArrayList<>(Sources.ALL);
        sources.add(lamps);
        RunSummary summary = run(2023, sources);

        assertEquals("succeeded", summary.status());
        assertThat(table("street_lamps").orderBy("lamp_id").collectAsList()).extracting(r -> r.getAs("lamp_id") + " " + r.getAs("watts"))
                .containsExactly("L1 120", "L2 null");
        List<Row> rejected = table("quarantine").where("source = 'street_lamps'")
                .selectExpr("line_number", "array_join(reasons, '; ') AS reasons").orderBy("line_number").collectAsList();
        assertThat(rejected).extracting(r -> r.<Number>getAs("line_number").longValue()).containsExactly(4L, 5L);
        assertThat(rejected.get(1).<String>getAs("reasons")).contains("unknown_unit");
        assertThat(rejected.get(0).<String>getAs("reasons")).contains("installed_on");
        assertThat(table("reconciliation").where("source = 'street_lamps'").collectAsList()).isNotEmpty()
                .allSatisfy(r -> assertEquals("ok", r.getAs("status")));

        assertThat(summary.rowsRead().get("surveys")).isZero();
        assertThat(table("indicator_scores").where("indicator_id = 'satisfaction.beneficiary'").collectAsList())
                .hasSize(2).allSatisfy(r -> assertEquals("no_data", r.getAs("status")));

        cn.minhang.citymgmt.support.Warehouses.delete(input.root().resolve("units"));
        assertThatThrownBy(() -> run(2023)).isInstanceOf(RunStopped.class)
                .hasMessageContaining("for source units does not exist");
        assertThatThrownBy(() -> run(2023, List.of(lamps))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the units source is required");
    }

    @Test
    void badDeliveryStopsTheJobBeforeAnythingIsWritten() {
        input.file("budget_ledger/2023/broken.csv", "entry_id,unit_id,amount", "X,MH-PJ,1");
        // Someone else's cache in the same session (a notebook, a test beside this one): the run releases only its own.
        Dataset<Row> others = spark().range(3).toDF().cache();
        others.count();
        assertThatThrownBy(() -> run(2023)).isInstanceOf(RunStopped.class)
                .hasMessageContaining("budget_ledger/2023/broken.csv: header lacks required column(s) fiscal_year")
                .satisfies(e -> assertEquals(ExitCode.BAD_INPUT, ExitCode.of((RunStopped) e)));
        assertThat(Files.exists(warehouse)).isFalse();
        assertThat(others.storageLevel()).isNotEqualTo(org.apache.spark.storage.StorageLevel.NONE());
        others.unpersist();
    }

    @Test
    void tooManyRejectsWritesCleanedTablesAndQuarantineButNoScores() {
        assertThatThrownBy(() -> run(2023, "--set", "quarantine.max_rejected_percent=10", "--set", "quarantine.min_rejected_rows=0"))
                .isInstanceOf(RunStopped.class)
                .hasMessageContaining("budget_ledger: 3 of 10 rows rejected (30.00 %), above 10 % and more than 0 rows")
                .hasMessageContaining("--set source.budget_ledger.max_rejected_percent=30 (or --set source.budget_ledger.min_rejected_rows=3)")
                .satisfies(e -> assertEquals(ExitCode.TOO_MANY_REJECTS, ExitCode.of((RunStopped) e)));
        assertEquals(3, table("quarantine").count());
        assertEquals(7, table("budget_ledger").count());
        assertThat(Files.exists(warehouse.resolve("budget_execution"))).isFalse();
        assertEquals("failed_reject_threshold", table("job_runs").first().getAs("status"));
    }
}
