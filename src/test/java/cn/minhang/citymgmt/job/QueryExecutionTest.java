package cn.minhang.citymgmt.job;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a run chooses between Spark's compiled and interpreted execution (run.interpreted_below). */
class QueryExecutionTest {
    private static final long MB = 1L << 20;
    private static final Map<String, String> INTERPRETED = Map.of("spark.sql.codegen.wholeStage", "false",
            "spark.sql.codegen.factoryMode", "NO_CODEGEN");

    @Test
    void aSmallYearRunsInterpretedAndALargeOneAsSparkCompilesByDefault() {
        assertEquals(INTERPRETED, EvaluationJob.executionSettings(56 * MB, 256 * MB, k -> false));
        assertEquals(Map.of(), EvaluationJob.executionSettings(256 * MB, 256 * MB, k -> false), "at the threshold it compiles");
        assertEquals(Map.of(), EvaluationJob.executionSettings(900 * MB, 256 * MB, k -> false));
        assertEquals(Map.of(), EvaluationJob.executionSettings(0, 0, k -> false), "0 always compiles");
    }

    @Test
    void sparksOwnSettingsWin() {
        for (String given : EvaluationJob.EXECUTION_SETTINGS) {
            assertTrue(EvaluationJob.executionSettings(1, 256 * MB, Set.of(given)::contains).isEmpty(), given);
        }
    }

    @Test
    void theThresholdIsASizeAndNotNegative() {
        JobOptions options = cn.minhang.citymgmt.app.EvaluateCommand.parse("--year", "2023", "--set", JobConfig.INTERPRETED_BELOW + "=1g");
        assertEquals(1L << 30, JobConfig.load(options, java.nio.file.Path.of("."), Map.of()).bytes(JobConfig.INTERPRETED_BELOW));
        JobOptions negative = cn.minhang.citymgmt.app.EvaluateCommand.parse("--year", "2023", "--set", JobConfig.INTERPRETED_BELOW + "=-1m");
        cn.minhang.citymgmt.failures.RunStopped stopped = org.junit.jupiter.api.Assertions.assertThrows(cn.minhang.citymgmt.failures.RunStopped.class,
                () -> JobConfig.load(negative, java.nio.file.Path.of("."), Map.of()));
        assertTrue(stopped.getMessage().contains(JobConfig.INTERPRETED_BELOW), stopped.getMessage());
    }
}
