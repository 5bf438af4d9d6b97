package cn.minhang.citymgmt.maintenance;

import cn.minhang.citymgmt.app.MaintainCommand;
import cn.minhang.citymgmt.tables.Restatements;
import cn.minhang.citymgmt.tables.WarehouseTables;
import cn.minhang.citymgmt.support.SparkTestSession;
import cn.minhang.citymgmt.tables.DeltaWarehouse;
import cn.minhang.citymgmt.tables.Publication;
import cn.minhang.citymgmt.tables.YearFiles;
import cn.minhang.citymgmt.tables.YearLock;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Table maintenance over tiny warehouses written with {@link DeltaWarehouse} itself: a few runs
 * per year, each replacing its year of three tables and publishing (or not), as the job does.
 *
 * <p>How old a removed file is, VACUUM learns from the removal time Delta writes into the log at
 * the commit, from the wall clock; a test cannot wait N days, and backdating would mean rewriting
 * Delta's commit files behind its back. So the tests run maintenance twice over: through the
 * command with the smallest real retention (7 days), where nothing removed a moment ago may be
 * deleted and every earlier publication must stay readable; and through the test-only hook
 * {@link TableMaintenance#withRetention} with a retention of zero, which makes every removed file
 * "older than the retention", exactly what a real retention does to files removed more than N
 * days ago. Zero is also the harshest case for the guard: only what it protects survives.
 */
// Its tests share nothing they change (each works in folders of its own), so they run side by side too: a long class
// then never runs alone at the end.
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
class MaintainCommandTest extends SparkTestSession {
    private static final String SCORES = "fiscal_year INT, unit_id STRING, indicator_id STRING, name STRING, score DECIMAL(6,2),"
            + " actual_value DECIMAL(18,4), grade STRING, status STRING";
    private static final String METRICS = "fiscal_year INT, unit_id STRING, metric_id STRING, value DOUBLE";
    private static final String DELIVERIES = "fiscal_year INT, source STRING, path STRING, checksum STRING";
    private static final List<String> TABLES = List.of("indicator_scores", "unit_metrics", "deliveries");

    record Output(int code, String out, String err) {
    }

    static Output maintain(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = MaintainCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), config -> spark());
        return new Output(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Dataset<Row> rows(String ddl, List<Row> rows) {
        return spark().createDataFrame(rows, StructType.fromDDL(ddl));
    }

    /**
     * One run of {@code year}: its scores (one file), metrics (three files, as a large table is
     * written) and deliveries, then its publication unless {@code publish} is false (a run that
     * failed or was killed after writing). {@code value} makes the runs' results differ.
     */
    private static void run(Path dir, String runId, int year, int value, boolean publish) {
        DeltaWarehouse w = new DeltaWarehouse(dir.toString(), runId);
        List<Row> scores = new ArrayList<>();
        List<Row> metrics = new ArrayList<>();
        for (int u = 1; u <= 6; u++) {
            scores.add(row(year, "MH-" + u, "output.trees", "行道树", new BigDecimal(value + u + ".00"), new BigDecimal(value * 1000 + u), "优", "ok"));
            metrics.add(row(year, "MH-" + u, "trees", (double) value * 100 + u));
        }
        w.replaceYear("indicator_scores", rows(SCORES, scores), year, true);
        w.replaceYear("unit_metrics", rows(METRICS, metrics).repartition(3), year, false);
        w.replaceYear("deliveries", rows(DELIVERIES, List.of(row(year, "asset_inventory", year + "/trees.csv", "sha256:" + value))), year, true);
        if (publish) {
            w.publish(spark(), year, Instant.now());
        }
    }

    /** The warehouse most tests maintain, written once: each test maintains its own copy. */
    @TempDir
    static Path template;

    @org.junit.jupiter.api.BeforeAll
    static void writeTemplate() {
        run(template, "run-2022", 2022, 5, true);
        run(template, "run-2023-a", 2023, 6, true);
        run(template, "run-2023-b", 2023, 7, true);
        run(template, "run-2023-c", 2023, 8, true);
    }

    /** 2022 run once; 2023 run three times with different results (restated twice). */
    private static void warehouse(Path dir) {
        cn.minhang.citymgmt.support.Warehouses.copy(template, dir);
    }

    /** Every table as readers see it (each year at its current publication), rows sorted, as text. */
    private static Map<String, List<String>> published(Path dir) {
        WarehouseTables tables = WarehouseTables.open(spark(), dir.toString());
        Map<String, List<String>> all = new TreeMap<>();
        for (String t : TABLES) {
            all.put(t, sorted(tables.read(t)));
        }
        return all;
    }

    private static List<String> sorted(Dataset<Row> rows) {
        return rows.collectAsList().stream().map(Row::toString).sorted().toList();
    }

    /** Year {@code year} of {@code table} as publication {@code p} names it. */
    private static List<String> at(Path dir, Publication p, String table) {
        return sorted(spark().read().format("delta").option("versionAsOf", p.tableVersions().get(table)).load(dir.resolve(table).toString())
                .where("fiscal_year = " + p.fiscalYear()));
    }

    private static List<String> restatements(Path dir) {
        Dataset<Row> r = Restatements.of(spark(), dir.toString(), Publication.all(spark(), dir.toString()));
        return r == null ? List.of() : sorted(r.drop("restated_at"));
    }

    private static long files(Path dir, String table, int year) {
        return YearFiles.latest(spark(), dir.resolve(table).toString()).of(year).size();
    }

    @Test
    void afterRewritesCompactionAndVacuumEveryPublicationOfTheRetentionReadsAsBefore(@TempDir Path dir) {
        warehouse(dir);
        Map<String, List<String>> before = published(dir);
        List<Publication> publications = Publication.all(spark(), dir.toString());
        Map<Publication, List<String>> each = new java.util.LinkedHashMap<>();
        publications.forEach(p -> each.put(p, at(dir, p, "unit_metrics")));
        List<String> restated = restatements(dir);
        assertThat(restated).isNotEmpty();
        assertEquals(3, files(dir, "unit_metrics", 2023));

        Output o = maintain("--warehouse", dir.toString(), "--retention-days", "7");

        System.out.print(o.out()); // the README's example
        assertEquals(0, o.code(), o.err());
        assertThat(o.out()).contains("retention 7 days", "total (", "unit_metrics", "2022 2023", "done: 0 files deleted")
                .containsPattern("2023 +compacted \\d table\\(s\\) and republished as maintenance-");
        // Readers see exactly the same rows, run ids included, now from one file per year.
        assertEquals(before, published(dir));
        assertEquals(1, files(dir, "unit_metrics", 2023));
        assertEquals(1, files(dir, "unit_metrics", 2022));
        // Every earlier publication (all within the 7 days) still reads by time travel, superseded or not.
        each.forEach((p, rows) -> assertEquals(rows, at(dir, p, "unit_metrics"), p.runId()));
        // The maintenance publications restate nothing: the restatements view is what it was.
        List<Publication> after = Publication.all(spark(), dir.toString());
        assertThat(after).hasSize(publications.size() + 2);
        assertThat(after.subList(publications.size(), after.size())).allMatch(Publication::isMaintenance);
        assertEquals(restated, restatements(dir));
        // The tables carry the retention properties the invariant needs.
        Map<String, String> properties = io.delta.tables.DeltaTable.forPath(spark(), dir.resolve("unit_metrics").toString())
                .detail().select("properties").first().getJavaMap(0);
        assertEquals("interval 7 days", properties.get(TableMaintenance.DELETED_FILE_RETENTION));
        assertEquals("interval 36500 days", properties.get(TableMaintenance.LOG_RETENTION));

        // A second maintenance finds nothing to do and publishes nothing more.
        Output again = maintain("--warehouse", dir.toString(), "--retention-days", "7");
        assertEquals(0, again.code(), again.err());
        assertThat(again.out()).contains("nothing to compact");
        assertEquals(after.size(), Publication.all(spark(), dir.toString()).size());
    }

    @Test
    void supersededFilesOlderThanTheRetentionAreDeletedAndTheCurrentPublicationsStay(@TempDir Path dir) {
        warehouse(dir);
        Map<String, List<String>> before = published(dir);
        Publication first2023 = Publication.all(spark(), dir.toString()).get(1);
        assertEquals("run-2023-a", first2023.runId());
        TableMaintenance maintenance = TableMaintenance.withRetention(spark(), dir.toString(), Duration.ZERO);
        long[] metricsBefore = maintenance.fileStats("unit_metrics");

        TableMaintenance.Result result = maintenance.run(false);

        assertFalse(result.failed(), MaintainCommand.format(result));
        long[] metricsAfter = maintenance.fileStats("unit_metrics");
        // 2022's 3 files and 2023's three writes of 3 become one file per year.
        assertEquals(12, metricsBefore[0]);
        assertEquals(2, metricsAfter[0]);
        assertThat(metricsAfter[1]).isLessThan(metricsBefore[1]);
        assertThat(result.bytesAfter()).isLessThan(result.bytesBefore());
        assertThat(result.filesAfter()).isLessThan(result.filesBefore());
        // The superseded publication is gone (its files were removed more than "the retention" ago) …
        assertFalse(YearFiles.readable(spark(), dir.resolve("unit_metrics").toString(), first2023.tableVersions().get("unit_metrics"), 2023));
        // … and the current publication of every year reads exactly as before.
        assertEquals(before, published(dir));
        String report = MaintainCommand.format(result);
        assertThat(report).contains("total (" + result.tables().size() + " tables)", "done: 12 files deleted");
        // The restatements view no longer lists 2023 (its previous edition is vacuumed) rather than failing.
        assertEquals(List.of(), restatements(dir));
    }

    @Test
    void anUnpublishedWriteHoldsVacuumOfThatTableAndItsYearIsNotCompacted(@TempDir Path dir) {
        run(dir, "run-2022", 2022, 5, true);
        run(dir, "run-2023-a", 2023, 6, true);
        // A rerun of 2023 that wrote unit_metrics only and then failed (or is still running): nothing published.
        DeltaWarehouse failed = new DeltaWarehouse(dir.toString(), "run-2023-failed");
        List<Row> metrics = new ArrayList<>();
        for (int u = 1; u <= 6; u++) {
            metrics.add(row(2023, "MH-" + u, "trees", -1.0));
        }
        failed.replaceYear("unit_metrics", rows(METRICS, metrics).repartition(3), 2023, false);
        Map<String, List<String>> before = published(dir);

        TableMaintenance.Result result = TableMaintenance.withRetention(spark(), dir.toString(), Duration.ZERO).run(false);
        String report = MaintainCommand.format(result);

        assertFalse(result.failed(), report);
        TableMaintenance.TableResult metricsResult = result.tables().stream().filter(t -> t.table().equals("unit_metrics")).findFirst().orElseThrow();
        assertThat(metricsResult.vacuum()).startsWith("held: year 2023");
        assertThat(report).contains("held (not vacuumed", "unit_metrics: fiscal year 2023 is published at version", "run run-2023-a")
                .containsPattern("2023 +skipped: unit_metrics hold an unpublished write");
        // The other tables were vacuumed, and 2022 compacted.
        assertThat(result.tables()).filteredOn(t -> !t.table().equals("unit_metrics"))
                .allSatisfy(t -> assertThat(t.vacuum()).startsWith("done"));
        assertEquals(1, files(dir, "unit_metrics", 2022));
        // Even with a zero retention, readers still read run-2023-a's metrics.
        assertEquals(before, published(dir));
        assertThat(before.get("unit_metrics")).noneMatch(r -> r.contains("-1.0"));

        // The year is rerun and published: the hold is released.
        run(dir, "run-2023-b", 2023, 7, true);
        TableMaintenance.Result next = TableMaintenance.withRetention(spark(), dir.toString(), Duration.ZERO).run(false);
        assertThat(next.holds()).isEmpty();
        assertThat(next.tables()).allSatisfy(t -> assertThat(t.vacuum()).startsWith("done"));
    }

    @Test
    void aYearWhoseLockIsHeldIsNotCompactedAndADryRunChangesNothing(@TempDir Path dir) {
        warehouse(dir);
        TableMaintenance maintenance = TableMaintenance.withRetention(spark(), dir.toString(), Duration.ZERO);
        Map<String, long[]> stats = new TreeMap<>();
        TABLES.forEach(t -> stats.put(t, maintenance.fileStats(t)));
        int publications = Publication.all(spark(), dir.toString()).size();

        Output dry = maintain("--warehouse", dir.toString(), "--dry-run");
        assertEquals(0, dry.code(), dry.err());
        assertThat(dry.out()).startsWith("dry run (nothing changed)").contains("retention 30 days", "would compact unit_metrics (3 files)");
        TABLES.forEach(t -> assertThat(maintenance.fileStats(t)).containsExactly(stats.get(t)));
        assertEquals(publications, Publication.all(spark(), dir.toString()).size());

        try (YearLock lock = YearLock.acquire(spark().sparkContext().hadoopConfiguration(), dir.toString(), 2023, "run-2023-running")) {
            TableMaintenance.Result result = maintenance.run(false);
            assertThat(MaintainCommand.format(result)).containsPattern("2023 +skipped: a run holds its lock .*run-2023-running");
            assertEquals(3, files(dir, "unit_metrics", 2023));
            assertEquals(1, files(dir, "unit_metrics", 2022));
        }
    }

    @Test
    void badArgumentsExitTwoWithTheMessage(@TempDir Path dir) {
        Output unknown = maintain("--warehouse", dir.toString(), "--frobnicate");
        assertEquals(2, unknown.code());
        assertThat(unknown.err()).contains("maintain: error:", "--frobnicate");

        Output notANumber = maintain("--warehouse", dir.toString(), "--retention-days", "thirty");
        assertEquals(2, notANumber.code());
        assertThat(notANumber.err()).contains("--retention-days", "thirty");

        Output tooShort = maintain("--warehouse", dir.toString(), "--retention-days", "3");
        assertEquals(2, tooShort.code());
        assertThat(tooShort.err()).contains("maintenance.retention_days must be at least 7", "got 3");

        Path missing = dir.resolve("no-such-warehouse");
        Output noWarehouse = maintain("--warehouse", missing.toString());
        assertEquals(2, noWarehouse.code());
        assertThat(noWarehouse.err()).contains("warehouse " + missing + " does not exist");

        Output noConf = maintain("--warehouse", dir.toString(), "--conf", dir.resolve("nope.properties").toString());
        assertEquals(2, noConf.code());
        assertThat(noConf.err()).contains("nope.properties does not exist");

        Output help = maintain("--help");
        assertEquals(0, help.code());
        assertThat(help.out()).contains("--warehouse", "--retention-days", "--conf", "--dry-run");
        assertTrue(unknown.out().isEmpty());
    }
}
