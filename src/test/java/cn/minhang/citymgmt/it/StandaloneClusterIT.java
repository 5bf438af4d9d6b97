package cn.minhang.citymgmt.it;

import cn.minhang.citymgmt.support.Deliveries;
import cn.minhang.citymgmt.support.Processes;
import cn.minhang.citymgmt.support.SparkTestSession;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The job on a real standalone cluster, started from spark-core's own Master and Worker on this
 * machine: the driver talks to the master over RPC, executors are separate JVMs launched by the
 * worker from a Spark home laid out like a distribution, and the application jar (with Delta
 * shaded in) is shipped to them by SparkSubmit — exactly as on a production cluster.
 */
class StandaloneClusterIT extends SparkTestSession {
    @TempDir
    Path dir;

    @Test
    void evaluatesOnAStandaloneClusterThroughSparkSubmit() throws Exception {
        Path sparkHome = distributionLayout(dir.resolve("spark-home"));
        int port = freePort();
        String master = "spark://127.0.0.1:" + port;
        // A distribution's launcher scripts export the Scala version; the worker needs it to launch executors.
        Map<String, String> env = Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_LOCAL_IP", "127.0.0.1",
                "SPARK_SCALA_VERSION", "2.12");
        Path masterLog = dir.resolve("master.log");
        Path workerLog = dir.resolve("worker.log");
        Process masterProcess = Processes.startSparkDaemon(masterLog, env, "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(freePort()));
        Process worker = null;
        try {
            awaitLine(masterLog, "I have been elected leader", masterProcess);
            worker = Processes.startSparkDaemon(workerLog, env, "org.apache.spark.deploy.worker.Worker",
                    "--host", "127.0.0.1", "--webui-port", String.valueOf(freePort()), "--cores", "2", "--memory", "2g",
                    "--work-dir", dir.resolve("work").toString(), master);
            awaitLine(masterLog, "Registering worker", masterProcess);

            Path warehouse = dir.resolve("wh");
            Path input = Deliveries.sampleSubset(dir.resolve("input"), "units", "budget_ledger");
            Processes.Result result = Processes.run(Map.of(
                            "SPARK_MASTER", master,
                            "SPARK_LOCAL_IP", "127.0.0.1",
                            "DRIVER_MEMORY", "1g",
                            "SPARK_SUBMIT_ARGS", "--deploy-mode client --executor-memory 1g --total-executor-cores 2"),
                    900, "jobs/evaluate.sh", "--year", "2023", "--input", input.toString(), "--warehouse", warehouse.toString());
            assertEquals(0, result.exitCode(), result.output() + "\n--- worker log ---\n" + Files.readString(workerLog));
            assertThat(Files.readString(workerLog)).contains("Asked to launch executor").doesNotContain("finished with state FAILED");
            assertThat(Files.readString(masterLog)).contains("Registered app budget-performance-evaluate");

            Row total = spark().read().format("delta").load(warehouse.resolve("budget_execution").toString())
                    .where("unit_id = 'MH-PJ' AND account = 'total'").first();
            assertEquals(new BigDecimal("97.23"), total.getAs("execution_rate"));
        } finally {
            if (worker != null) {
                worker.destroy();
            }
            masterProcess.destroy();
        }
    }

    /** RELEASE marks a binary distribution; jars/ holds the Spark classpath the build resolved. */
    private static Path distributionLayout(Path home) throws IOException {
        Path jars = Files.createDirectories(home.resolve("jars"));
        Files.writeString(home.resolve("RELEASE"), "Spark layout for tests, from the project's provided dependencies\n");
        for (String jar : Files.readString(Processes.PROJECT.resolve("target/spark-classpath.txt")).trim().split(Processes.pathSeparator())) {
            Path source = Path.of(jar);
            Files.createSymbolicLink(jars.resolve(source.getFileName()), source);
        }
        return home;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void awaitLine(Path log, String text, Process process) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("daemon exited before '" + text + "':\n" + Files.readString(log));
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no '" + text + "' within 2 minutes:\n" + Files.readString(log));
    }
}
