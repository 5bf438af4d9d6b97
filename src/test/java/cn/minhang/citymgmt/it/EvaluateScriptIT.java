package cn.minhang.citymgmt.it;

import cn.minhang.citymgmt.tables.WarehouseTables;
import cn.minhang.citymgmt.support.Deliveries;
import cn.minhang.citymgmt.tables.Publication;
import cn.minhang.citymgmt.support.Processes;
import cn.minhang.citymgmt.support.SparkTestSession;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * jobs/evaluate.sh as an operator runs it: a separate JVM, through SparkSubmit, the packaged jar.
 * The sample's ledgers keep it quick; SampleEvaluationTest runs the whole sample in-process.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class EvaluateScriptIT extends SparkTestSession {
    @TempDir
    Path dir;
    /** The first test's warehouse and input, which the kill drill reruns. */
    @TempDir
    static Path shared;

    private Processes.Result evaluate(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "jobs/evaluate.sh";
        System.arraycopy(args, 0, command, 1, args.length);
        return Processes.run(Map.of("DRIVER_MEMORY", "2g"), 900, command);
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void evaluatesTheSampleLedgersThroughSparkSubmit() {
        Path warehouse = shared.resolve("wh");
        Path input = Deliveries.sampleSubset(shared.resolve("input"), "units", "budget_ledger");
        // Compiled, as a city's run is: the kill drill's reruns run interpreted and must give the same rows.
        Processes.Result result = evaluate("--year", "2023", "--input", input.toString(), "--warehouse", warehouse.toString(), "--allow-sample-key",
                "--set", "run.interpreted_below=0");
        assertEquals(0, result.exitCode(), result.output());
        // the log tells the run as a story: each stage with its counts, then the summary
        assertThat(result.output()).contains("evaluating fiscal year 2023")
                .containsPattern("queries run compiled, at least run.interpreted_below = 0: [0-9.]+ MB to read")
                .containsPattern("read budget_ledger +28 files, 4253 rows: 2129 accepted, 0 quarantined")
                .containsPattern("write budget_execution +42 rows written")
                .containsPattern("succeeded for 2023 in [0-9.]+ s: 14 units scored")
                .contains("district report written");
        assertThat(Files.exists(warehouse.resolve("reports/district-report-2023.html"))).isTrue();
        Row total = spark().read().format("delta").load(warehouse.resolve("budget_execution").toString())
                .where("unit_id = 'MH-PJ' AND account = 'total' AND fiscal_year = 2023").first();
        assertEquals(new BigDecimal("97.23"), total.getAs("execution_rate"));
        assertEquals(new BigDecimal("144458200.00"), total.getAs("adjusted_yuan"));
        assertEquals(new BigDecimal("140463700.00"), total.getAs("executed_yuan"));
    }

    /**
     * kill -9 in the middle of a rerun, once most tables of the year are replaced: readers still see
     * the previous publication in every table, and the next run takes the dead run's lock over and
     * publishes tables equal to the first run's apart from run ids and times.
     */
    @Test
    @org.junit.jupiter.api.Order(2)
    void aRunKilledMidWayIsNeverSeenAndTheNextRunRepairsIt() throws Exception {
        Path warehouse = shared.resolve("wh");
        Path input = shared.resolve("input");
        List<Publication> before = Publication.all(spark(), warehouse.toString());
        assertThat(before).as("the first test published 2023").hasSize(1);
        String published = before.get(0).runId();

        for (String point : KILL_POINTS.split(",")) {
            killAt(point.strip(), input, warehouse);
            WarehouseTables tables = WarehouseTables.open(spark(), warehouse.toString());
            for (String table : before.get(0).tableVersions().keySet()) {
                // every row readers see is the published run's (a table with no row of 2023, e.g. incidents, has none to see)
                assertThat(tables.read(table).where("fiscal_year = 2023").select("run_id").distinct().collectAsList())
                        .as("%s as readers see it after a kill at '%s'", table, point)
                        .allSatisfy(r -> assertEquals(published, r.getString(0)));
            }
        }
        assertThat(WarehouseTables.open(spark(), warehouse.toString(), true).read("indicator_scores")
                .where("fiscal_year = 2023").select("run_id").first().getString(0)).as("the killed run did write").isNotEqualTo(published);
        WarehouseTables tables = WarehouseTables.open(spark(), warehouse.toString());

        Processes.Result rerun = evaluate(rerunArguments(input, warehouse));
        assertEquals(0, rerun.exitCode(), rerun.output());
        assertThat(rerun.output()).contains("took over the lock of fiscal year 2023").contains("published fiscal year 2023")
                .containsPattern("queries run interpreted, below run.interpreted_below = 256m: [0-9.]+ MB to read");
        List<Publication> after = Publication.all(spark(), warehouse.toString());
        assertThat(after).hasSize(2);
        for (String table : before.get(0).tableVersions().keySet()) {
            org.apache.spark.sql.Dataset<Row> first = cn.minhang.citymgmt.support.TableDigests.withoutRunStamps(spark().read().format("delta")
                    .option("versionAsOf", before.get(0).tableVersions().get(table)).load(warehouse.resolve(table).toString()));
            org.apache.spark.sql.Dataset<Row> repaired = cn.minhang.citymgmt.support.TableDigests.withoutRunStamps(tables.read(table).where("fiscal_year = 2023"));
            first = first.where("fiscal_year = 2023");
            assertEquals(0, first.exceptAll(repaired).count() + repaired.exceptAll(first).count(), table + " differs from the first run");
        }
    }

    /**
     * Where the drill kills a rerun: after the log line of each of these stages, one rerun per point.
     * CI kills once, late (most tables replaced, none published); jobs/drill.sh passes more points.
     */
    static final String KILL_POINTS = System.getProperty("drill.kill_after", "write indicator_scores");

    /**
     * The reruns of the drill: the first run's input and warehouse, without the report and forms
     * (after-steps the first run checked). On this tiny input the job runs interpreted by itself
     * (run.interpreted_below); the repaired tables are compared with the first run's, made compiled,
     * so the two ways of executing must agree row for row too.
     */
    private static String[] rerunArguments(Path input, Path warehouse) {
        return new String[] {"--year", "2023", "--input", input.toString(), "--warehouse", warehouse.toString(), "--allow-sample-key",
                "--set", "report.write=false", "--set", "forms.write=false"};
    }

    /** Reruns 2023 and kills its driver with SIGKILL as soon as its log shows {@code point}. */
    private void killAt(String point, Path input, Path warehouse) throws Exception {
        Path log = dir.resolve("killed-" + point.replaceAll("[^a-z_]", "_") + ".log");
        List<String> command = new java.util.ArrayList<>(List.of("jobs/evaluate.sh"));
        command.addAll(List.of(rerunArguments(input, warehouse)));
        ProcessBuilder pb = new ProcessBuilder(command).directory(Processes.PROJECT.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("DRIVER_MEMORY", "2g");
        pb.environment().remove("SPARK_HOME");
        Process run = pb.start(); // evaluate.sh execs the JVM: this is the driver's own process
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (!Files.readString(log).contains(point)) {
            assertThat(run.isAlive()).as("the run ended before '%s':%n%s", point, Files.readString(log)).isTrue();
            assertThat(System.nanoTime()).as("no '%s' within 10 minutes", point).isLessThan(deadline);
            Thread.sleep(20);
        }
        run.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
        run.waitFor();
        assertThat(Files.readString(log)).as("killed at '%s'", point).doesNotContain("published fiscal year");
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void operatorMistakesExitWithCodeTwoAndOneClearLine() {
        Path warehouse = dir.resolve("never");
        Processes.Result unknown = evaluate("--year", "2023", "--warehouse", warehouse.toString(), "--yaer", "2023");
        assertEquals(2, unknown.exitCode(), unknown.output());
        assertThat(unknown.output()).contains("evaluate: error: Unknown options: '--yaer'");

        Processes.Result year = evaluate("--year", "1899", "--warehouse", warehouse.toString());
        assertEquals(2, year.exitCode(), year.output());
        assertThat(year.output()).contains("evaluate: error: --year 1899 is out of range");

        Processes.Result input = evaluate("--year", "2023", "--input", dir.resolve("missing").toString(), "--warehouse", warehouse.toString());
        assertEquals(2, input.exitCode(), input.output());
        assertThat(input.output()).contains("evaluate: error: input folder " + dir.resolve("missing") + " does not exist");

        Processes.Result conf = evaluate("--year", "2023", "--conf", dir.resolve("none.properties").toString(), "--warehouse", warehouse.toString());
        assertEquals(2, conf.exitCode(), conf.output());
        assertThat(conf.output()).contains("none.properties does not exist");

        assertThat(Files.exists(warehouse)).isFalse();
    }
}
