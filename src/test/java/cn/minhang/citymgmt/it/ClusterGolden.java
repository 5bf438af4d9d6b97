package cn.minhang.citymgmt.it;

import cn.minhang.citymgmt.app.EvaluateCommand;
import cn.minhang.citymgmt.job.EvaluationJob;
import cn.minhang.citymgmt.job.JobConfig;
import cn.minhang.citymgmt.job.JobOptions;
import cn.minhang.citymgmt.support.Processes;
import cn.minhang.citymgmt.support.SparkTestSession;
import cn.minhang.citymgmt.support.TableDigests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

/**
 * Writes {@link StandaloneClusterIT#GOLDEN}: the digests of an undisturbed run of the cluster
 * test's input, in this JVM, with the production code paths (whole-stage code generation on).
 * The cluster run, which loses an executor half way, must write exactly these tables. Run it
 * only when a table is meant to change, and say why in the commit:
 * {@code mvn -o test -Dtest=ClusterGolden -Dgolden.write=cluster}.
 */
@EnabledIfSystemProperty(named = "golden.write", matches = "cluster")
// Alone: it turns code generation on for the whole session (withCodegen).
@org.junit.jupiter.api.parallel.Isolated
class ClusterGolden extends SparkTestSession {
    @TempDir
    Path dir;

    @Test
    void writeTheDigestsOfAnUndisturbedRun() throws Exception {
        Path input = StandaloneClusterIT.input(dir.resolve("input"));
        Path warehouse = dir.resolve("wh");
        JobOptions options = EvaluateCommand.parse("--year", "2023", "--input", input.toString(), "--warehouse", warehouse.toString(),
                "--set", "ingest.split_bytes=256k", "--set", JobConfig.REPORT_WRITE + "=false", "--set", JobConfig.FORMS_WRITE + "=false", JobOptions.ALLOW_SAMPLE_KEY);
        withCodegen(() -> new EvaluationJob(options, JobConfig.load(options, Processes.PROJECT, Map.of())).run(spark()));
        TableDigests.write(spark(), warehouse, StandaloneClusterIT.GOLDEN);
    }
}
