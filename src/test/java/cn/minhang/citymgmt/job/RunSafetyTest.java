package cn.minhang.citymgmt.job;

import cn.minhang.citymgmt.app.EvaluateCommand;
import cn.minhang.citymgmt.failures.RunStopped;
import cn.minhang.citymgmt.app.ExitCode;
import cn.minhang.citymgmt.tables.WarehouseTables;
import cn.minhang.citymgmt.support.Deliveries;
import cn.minhang.citymgmt.support.Processes;
import cn.minhang.citymgmt.support.SparkTestSession;
import cn.minhang.citymgmt.tables.DeltaWarehouse;
import cn.minhang.citymgmt.tables.YearLock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** What keeps a run from doing harm: the secret key, one run per year, a failed write that publishes nothing. */
// Its tests share nothing they change (each works in folders of its own), so they run side by side too: a long class
// then never runs alone at the end.
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
class RunSafetyTest extends SparkTestSession {
    @TempDir
    Path dir;
    Path warehouse;
    Deliveries input;

    @BeforeEach
    void fixture() {
        warehouse = dir.resolve("warehouse");
        input = EvaluationJobTest.fixture(dir.resolve("input"));
    }

    private static RunSummary run(Path home, Deliveries input, Path warehouse, int year, String... extra) {
        return EvaluationJobTest.run(home, input, warehouse, year, extra);
    }

    @Test
    void theSampleKeyStopsTheJobOnAnyInputButTheBundledSample() {
        JobOptions options = EvaluateCommand.parse("--year", "2023", "--input", input.root().toString(), "--warehouse", warehouse.toString());
        EvaluationJob job = new EvaluationJob(options, JobConfig.load(options, Processes.PROJECT, Map.of()));
        assertThatThrownBy(() -> job.run(spark())).isInstanceOf(RunStopped.class)
                .hasMessageContaining("would be hashed with the public sample key")
                .hasMessageContaining("EVALUATION_HMAC_KEY")
                .satisfies(e -> assertEquals(ExitCode.BAD_INPUT, ExitCode.of((RunStopped) e)));
        assertThat(Files.exists(warehouse)).isFalse();
        // a key of its own lets the same input through the guard (the framework check comes next and passes)
        JobConfig secret = JobConfig.load(options, Processes.PROJECT, Map.of(JobConfig.HMAC_KEY_ENV, "a-real-secret-0123456789"));
        new EvaluationJob(options, secret).preflight();
        // and so does the bundled sample with the sample key
        JobOptions sample = EvaluateCommand.parse("--year", "2023", "--warehouse", warehouse.toString());
        new EvaluationJob(sample, JobConfig.load(sample, Processes.PROJECT, Map.of())).preflight();
    }

    @Test
    void aSecondRunOfTheSameYearStopsAtOnceWhileAnotherYearMayRun() throws Exception {
        Files.createDirectories(warehouse);
        try (YearLock held = YearLock.acquire(
                spark().sparkContext().hadoopConfiguration(), warehouse.toString(), 2023, "the-other-run")) {
            assertThatThrownBy(() -> run(dir, input, warehouse, 2023)).isInstanceOf(RunStopped.class)
                    .hasMessageContaining("the-other-run")
                    .satisfies(e -> assertEquals(ExitCode.YEAR_IN_PROGRESS, ExitCode.of((RunStopped) e)));
            try (java.util.stream.Stream<Path> files = Files.list(warehouse)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly(YearLock.LOCKS_DIR);
            }
        }
    }

    @Test
    void aWarehouseThatCannotBeWrittenMidRunFailsAndLeavesTheLastPublication() throws Exception {
        String published = run(dir, input, warehouse, 2023).runId();
        // every table the job creates keeps its log, so that old publications stay readable
        assertThat(spark().sql("SHOW TBLPROPERTIES delta.`" + warehouse.resolve("indicator_scores") + "`")
                .where("key = 'delta.logRetentionDuration'").select("value").first().getString(0))
                .isEqualTo("interval " + DeltaWarehouse.LOG_RETENTION_DAYS + " days");
        // self_report_audit's log folder becomes a plain file: its commit fails (as a read-only or full disk would)
        // after the cleaned tables, metrics, scores and scorecard of the second run are written. Root ignores file
        // modes, so permissions could not simulate it here.
        Path log = warehouse.resolve("self_report_audit/_delta_log");
        Path aside = warehouse.resolve("audit-log-aside");
        Files.move(log, aside);
        Files.writeString(log, "not a folder");
        assertThatThrownBy(() -> run(dir, input, warehouse, 2023)).isInstanceOf(DeltaWarehouse.WriteFailure.class)
                .hasMessageContaining("cannot write table self_report_audit")
                .hasMessageContaining("readers still see the previous publication of 2023");
        Files.delete(log);
        Files.move(aside, log);
        WarehouseTables tables = WarehouseTables.open(spark(), warehouse.toString());
        for (String t : List.of("units", "budget_ledger", "indicator_scores", "unit_metrics", "unit_scorecard")) {
            assertThat(tables.read(t).where("fiscal_year = 2023").select("run_id").distinct().collectAsList())
                    .as(t).containsExactly(row(published));
        }
        // the failed run's own rows are there at the latest version, unpublished
        assertThat(WarehouseTables.open(spark(), warehouse.toString(), true).read("indicator_scores")
                .where("fiscal_year = 2023").select("run_id").first().getString(0)).isNotEqualTo(published);
    }

}
