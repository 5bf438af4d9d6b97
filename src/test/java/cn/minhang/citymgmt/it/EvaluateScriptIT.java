package cn.minhang.citymgmt.it;

import cn.minhang.citymgmt.support.Deliveries;
import cn.minhang.citymgmt.support.Processes;
import cn.minhang.citymgmt.support.SparkTestSession;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * jobs/evaluate.sh as an operator runs it: a separate JVM, through SparkSubmit, the packaged jar.
 * The sample's ledgers keep it quick; SampleEvaluationTest runs the whole sample in-process.
 */
class EvaluateScriptIT extends SparkTestSession {
    @TempDir
    Path dir;

    private Processes.Result evaluate(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "jobs/evaluate.sh";
        System.arraycopy(args, 0, command, 1, args.length);
        return Processes.run(Map.of("DRIVER_MEMORY", "2g"), 900, command);
    }

    @Test
    void evaluatesTheSampleLedgersThroughSparkSubmit() {
        Path warehouse = dir.resolve("wh");
        Path input = Deliveries.sampleSubset(dir.resolve("input"), "units", "budget_ledger");
        Processes.Result result = evaluate("--year", "2023", "--input", input.toString(), "--warehouse", warehouse.toString(), "--allow-sample-key");
        assertEquals(0, result.exitCode(), result.output());
        // the log tells the run as a story: each stage with its counts, then the summary
        assertThat(result.output()).contains("evaluating fiscal year 2023")
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

    @Test
    void operatorMistakesExitWithCodeTwoAndOneClearLine() {
        Path warehouse = dir.resolve("never");
        Processes.Result unknown = evaluate("--year", "2023", "--warehouse", warehouse.toString(), "--yaer", "2023");
        assertEquals(2, unknown.exitCode(), unknown.output());
        assertThat(unknown.output()).contains("evaluate: error: unknown option --yaer");

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
