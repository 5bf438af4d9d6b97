package cn.minhang.citymgmt.it;

import cn.minhang.citymgmt.job.JobConfig;
import cn.minhang.citymgmt.support.Deliveries;
import cn.minhang.citymgmt.support.Processes;
import cn.minhang.citymgmt.support.SparkTestSession;
import cn.minhang.citymgmt.support.TableDigests;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The job on a real standalone cluster, started from spark-core's own Master and two Workers on
 * this machine: the driver talks to the master over RPC, executors are separate JVMs launched by
 * the workers from a Spark home laid out like a distribution, and the application jar (with Delta
 * shaded in) is shipped to them by SparkSubmit — exactly as on a production cluster. One large
 * plain delivery file, cut into splits, shows that the tasks reading one file are spread over both
 * executors and that its lines are still numbered right across the splits.
 *
 * <p>Half way through, once the waste trips are read and persisted on the executors, one executor
 * JVM is killed with SIGKILL, as when a node dies: the driver recomputes what it held on the other
 * executor and on the one the master starts in its place, and the run still succeeds with tables
 * equal to those of an undisturbed run of the same input (golden/cluster.tsv, written by
 * {@link ClusterGolden}).
 */
// Alone: with another test's JVMs beside it, the waste file's splits could all land on one executor.
@org.junit.jupiter.api.parallel.Isolated
class StandaloneClusterIT extends SparkTestSession {
    static final String WASTE_HEADER = "trip_id,unit_id,site_id,collected_at,waste_type,tonnes,vehicle_id,refused";
    /** About 3 MB of trips: 12 splits of 256k, each read by its own task. */
    static final int WASTE_TRIPS = 40_000;
    static final long SPLIT_BYTES = 256 * 1024;
    /** Digests of every table of an undisturbed in-JVM run of this test's input (see {@link ClusterGolden}). */
    static final Path GOLDEN = Processes.PROJECT.resolve("src/test/resources/golden/cluster.tsv");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    @TempDir
    Path dir;

    @Test
    void evaluatesOnAStandaloneClusterOfTwoWorkersThroughSparkSubmitAndSurvivesTheLossOfAnExecutor() throws Exception {
        Path sparkHome = distributionLayout(dir.resolve("spark-home"));
        int port = freePort();
        String master = "spark://127.0.0.1:" + port;
        // A distribution's launcher scripts export the Scala version; the worker needs it to launch executors.
        Map<String, String> env = Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_LOCAL_IP", "127.0.0.1",
                "SPARK_SCALA_VERSION", "2.12");
        Path masterLog = dir.resolve("master.log");
        List<Path> workerLogs = List.of(dir.resolve("worker-1.log"), dir.resolve("worker-2.log"));
        Process masterProcess = Processes.startSparkDaemon(masterLog, env, "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(freePort()));
        List<Process> workers = new ArrayList<>();
        try {
            awaitLines(masterLog, "I have been elected leader", 1, masterProcess);
            for (int i = 0; i < workerLogs.size(); i++) {
                // One core each: the two executors of the application land on different workers.
                workers.add(Processes.startSparkDaemon(workerLogs.get(i), env, "org.apache.spark.deploy.worker.Worker",
                        "--host", "127.0.0.1", "--webui-port", String.valueOf(freePort()), "--cores", "1", "--memory", "1g",
                        "--work-dir", dir.resolve("work-" + (i + 1)).toString(), master));
            }
            awaitLines(masterLog, "Registering worker", workerLogs.size(), masterProcess);

            Path warehouse = dir.resolve("wh");
            Path input = input(dir.resolve("input"));
            Path trips = input.resolve(TRIPS);
            assertThat(Files.size(trips)).as("size of %s", trips).isGreaterThanOrEqualTo(8 * SPLIT_BYTES);
            Path events = Files.createDirectories(dir.resolve("events"));
            // The reads run side by side in fair-scheduler pools, and a pool's fair share of a two-core cluster is
            // one core: left alone, the waste read may well run all its splits on one executor while the ledger
            // read holds the other. A minimum share of two cores gives every core that frees to the waste read
            // while it has splits waiting, so they spread over both executors whatever the timing.
            Path pools = dir.resolve("fairscheduler.xml");
            Files.writeString(pools, """
                    <?xml version="1.0"?>
                    <allocations>
                      <pool name="read waste_collections"><schedulingMode>FIFO</schedulingMode><weight>1</weight><minShare>2</minShare></pool>
                    </allocations>
                    """);

            long started = System.nanoTime();
            Path driverLog = dir.resolve("driver.log");
            Process driver = Processes.start(Map.of(
                            "SPARK_MASTER", master,
                            "SPARK_LOCAL_IP", "127.0.0.1",
                            "DRIVER_MEMORY", "1g",
                            // The driver waits for both executors before its first job, so the reads see both.
                            "SPARK_SUBMIT_ARGS", "--deploy-mode client --executor-memory 1g --total-executor-cores 2"
                                    + " --conf spark.scheduler.minRegisteredResourcesRatio=1.0"
                                    + " --conf spark.scheduler.maxRegisteredResourcesWaitingTime=60s"
                                    + " --conf spark.scheduler.allocation.file=" + pools.toUri()
                                    + " --conf spark.eventLog.enabled=true --conf spark.eventLog.dir=" + events.toUri()),
                    driverLog, "jobs/evaluate.sh", "--year", "2023", "--input", input.toString(), "--warehouse", warehouse.toString(),
                    // One stage at a time: with reads side by side, another source's tasks could hold one executor
                    // while the waste file's splits all went to the other, and the spread below would not be seen.
                    "--set", "ingest.split_bytes=256k", "--set", "run.parallel_stages=1",
                    // The report and the forms are after-steps that EvaluateScriptIT, DistrictReportTest and FormsTest cover; here they only cost time.
                    "--set", JobConfig.REPORT_WRITE + "=false", "--set", JobConfig.FORMS_WRITE + "=false", "--allow-sample-key");
            int killedWorker = killAnExecutorAfter(driver, driverLog, "read waste_collections", workers);
            Processes.Result result = Processes.await(driver, driverLog, 900);
            System.out.printf(Locale.ROOT, "StandaloneClusterIT: jobs/evaluate.sh took %.1f s%n", (System.nanoTime() - started) / 1e9);
            assertEquals(0, result.exitCode(), result.output() + workerLogsText(workerLogs));
            assertThat(result.output()).contains("published fiscal year 2023");
            for (int i = 0; i < workerLogs.size(); i++) {
                String log = Files.readString(workerLogs.get(i));
                assertThat(log).as("%s", workerLogs.get(i).getFileName()).contains("Asked to launch executor");
                if (i != killedWorker) {
                    assertThat(log).as("%s", workerLogs.get(i).getFileName()).doesNotContain("finished with state FAILED");
                }
            }
            assertThat(Files.readString(masterLog)).contains("Registered app budget-performance-evaluate");
            assertThat(executorsRemoved(eventLog(events))).as("executors the driver lost, by the event log").isNotEmpty();

            // Every table of 2023 as an undisturbed run of the same input wrote it (golden/cluster.tsv: digests of an
            // in-JVM run; regenerate with ClusterGolden when a table is meant to change), apart from run ids and times.
            TableDigests.assertUnchanged(spark(), GOLDEN, warehouse);
            assertEquals(0, spark().read().format("delta").load(warehouse.resolve("quarantine").toString()).count(),
                    "rows quarantined by the run that lost an executor (the undisturbed run quarantined none)");

            Row total = spark().read().format("delta").load(warehouse.resolve("budget_execution").toString())
                    .where("unit_id = 'MH-PJ' AND account = 'total'").first();
            assertEquals(new BigDecimal("97.23"), total.getAs("execution_rate"));

            // Every line read once, by exactly one split, and numbered as in the file (line 1 is the header).
            Row lines = spark().read().format("delta").load(warehouse.resolve("waste_collections").toString())
                    .where("fiscal_year = 2023")
                    .selectExpr("count(*)", "count(DISTINCT source_line)", "min(source_line)", "max(source_line)",
                            "count(DISTINCT trip_id)")
                    .first();
            assertEquals(List.of((long) WASTE_TRIPS, (long) WASTE_TRIPS, 2L, WASTE_TRIPS + 1L, (long) WASTE_TRIPS),
                    List.of(lines.getLong(0), lines.getLong(1), lines.getLong(2), lines.getLong(3), lines.getLong(4)),
                    "rows, distinct source_line, min and max source_line, distinct trip_id of waste_collections");

            // The event log: the Spark jobs of the waste read, their stages, and where each task ran.
            List<TaggedJob> reads = jobsOfStage(eventLog(events), "read waste_collections");
            long splits = (Files.size(trips) + SPLIT_BYTES - 1) / SPLIT_BYTES;
            String found = "jobs of 'read waste_collections' in the event log (the file has " + splits + " splits): " + reads;
            System.out.println("StandaloneClusterIT: " + found);
            assertThat(reads).as(found).isNotEmpty();
            Set<String> executors = reads.stream().flatMap(j -> j.stages().stream())
                    .flatMap(s -> s.executors().stream()).collect(Collectors.toCollection(TreeSet::new));
            assertThat(executors).as("executor ids of the tasks of the read; " + found).hasSize(2);
            // The scan is the first stage of the job that reads the file (a broadcast of the known units may be a job of its own).
            StageTasks scan = reads.stream().filter(j -> !j.stages().isEmpty()).map(j -> j.stages().get(0))
                    .max(Comparator.comparingInt(StageTasks::tasks)).orElseThrow();
            assertThat(scan.tasks()).as("tasks of the scan stage %d; %s", scan.stageId(), found).isGreaterThanOrEqualTo(8);
            assertThat(scan.executors()).as("executor ids of the scan stage %d; %s", scan.stageId(), found).hasSize(2);
        } finally {
            workers.forEach(Process::destroy);
            masterProcess.destroy();
        }
    }

    /**
     * Waits for {@code line} in the driver's log, then kills one executor JVM (a child of a worker)
     * with SIGKILL. Returns the index of the worker whose executor died.
     */
    private static int killAnExecutorAfter(Process driver, Path driverLog, String line, List<Process> workers) throws Exception {
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (!Files.readString(driverLog).contains(line)) {
            assertThat(driver.isAlive()).as("the run ended before '%s':%n%s", line, Files.readString(driverLog)).isTrue();
            assertThat(System.nanoTime()).as("no '%s' within 10 minutes", line).isLessThan(deadline);
            Thread.sleep(50);
        }
        for (int i = 0; i < workers.size(); i++) {
            java.util.Optional<ProcessHandle> executor = workers.get(i).toHandle().descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")).findFirst();
            if (executor.isPresent()) {
                executor.get().destroyForcibly();
                executor.get().onExit().get();
                System.out.println("StandaloneClusterIT: killed executor JVM " + executor.get().pid() + " of worker " + (i + 1));
                return i;
            }
        }
        throw new AssertionError("no executor JVM under the workers after '" + line + "'");
    }

    /** Ids of the executors the event log says were removed from the application. */
    private static List<String> executorsRemoved(Path eventLog) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> removed = new ArrayList<>();
        for (String line : Files.readAllLines(eventLog, StandardCharsets.UTF_8)) {
            JsonNode event = json.readTree(line);
            if ("SparkListenerExecutorRemoved".equals(event.path("Event").asText())) {
                removed.add(event.path("Executor ID").asText() + ": " + event.path("Removed Reason").asText());
            }
        }
        return removed;
    }

    /** The large plain delivery the cluster reads in splits, under the input root. */
    static final String TRIPS = "waste_collections/2023/MH-PJ-2023-trips.csv";

    /** This test's input: the sample's units and ledgers, and one large file of trips. */
    static Path input(Path dir) throws IOException {
        Path input = Deliveries.sampleSubset(dir, "units", "budget_ledger");
        writeTrips(input.resolve(TRIPS), WASTE_TRIPS);
        return input;
    }

    /** Valid 2023 trips of MH-PJ, one per line, with a header: unique trip ids, known waste types. */
    private static void writeTrips(Path file, int trips) throws IOException {
        String[] types = {"dry", "wet", "recyclable", "low_value_recyclable"};
        LocalDateTime first = LocalDateTime.of(2023, 1, 1, 5, 0, 0);
        Files.createDirectories(file.getParent());
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(WASTE_HEADER);
            out.write('\n');
            for (int i = 0; i < trips; i++) {
                // Spread over the year (a trip every 13 minutes), all inside 2023.
                LocalDateTime at = first.plusSeconds(i * 780L);
                out.write(String.format(Locale.ROOT, "PJ-BIG-%06d,MH-PJ,PJ-S%02d,%s,%s,%d.%02d,沪A%05d,false\n",
                        i, i % 12 + 1, TIMESTAMP.format(at), types[i % types.length], 1 + i % 9, i % 100, 10_000 + i % 50));
            }
        }
    }

    /** The stage's tasks: how many partitions succeeded, and how many tasks each executor ran. */
    record StageTasks(int stageId, int tasks, Map<String, Integer> tasksByExecutor) {
        Set<String> executors() {
            return tasksByExecutor.keySet();
        }

        @Override
        public String toString() {
            return "stage " + stageId + ": " + tasks + " tasks, by executor " + tasksByExecutor;
        }
    }

    /** One Spark job with its stages in id order (stages skipped by the job show 0 tasks). */
    record TaggedJob(int jobId, List<StageTasks> stages) {
        @Override
        public String toString() {
            return "job " + jobId + " " + stages;
        }
    }

    /** The event log of the one application run. */
    private static Path eventLog(Path events) throws IOException {
        try (Stream<Path> files = Files.list(events)) {
            List<Path> logs = files.filter(Files::isRegularFile).toList();
            assertEquals(1, logs.size(), "event logs in " + events + ": " + logs);
            return logs.get(0);
        }
    }

    /**
     * The jobs a stage of the run submitted: those whose job description is the stage's name, or,
     * when a build does not set the description, whose fair-scheduler pool is (both are set by the
     * job's Stages). Tasks are matched to the jobs' stages by stage id.
     */
    private static List<TaggedJob> jobsOfStage(Path eventLog, String name) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<Integer, List<Integer>> jobStages = new LinkedHashMap<>();
        Map<Integer, Set<Integer>> partitions = new TreeMap<>();
        Map<Integer, Map<String, Integer>> executors = new TreeMap<>();
        try (BufferedReader in = Files.newBufferedReader(eventLog, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode event = json.readTree(line);
                switch (event.path("Event").asText()) {
                    case "SparkListenerJobStart" -> {
                        JsonNode properties = event.path("Properties");
                        JsonNode description = properties.get("spark.job.description");
                        String tag = description != null && !description.isNull()
                                ? description.asText() : properties.path("spark.scheduler.pool").asText(null);
                        if (name.equals(tag)) {
                            List<Integer> stages = new ArrayList<>();
                            event.path("Stage IDs").forEach(id -> stages.add(id.asInt()));
                            stages.sort(null);
                            jobStages.put(event.path("Job ID").asInt(), stages);
                        }
                    }
                    case "SparkListenerTaskEnd" -> {
                        if ("Success".equals(event.path("Task End Reason").path("Reason").asText())) {
                            int stage = event.path("Stage ID").asInt();
                            JsonNode task = event.path("Task Info");
                            partitions.computeIfAbsent(stage, s -> new TreeSet<>()).add(task.path("Index").asInt());
                            executors.computeIfAbsent(stage, s -> new TreeMap<>()).merge(task.path("Executor ID").asText(), 1, Integer::sum);
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        List<TaggedJob> jobs = new ArrayList<>();
        jobStages.forEach((job, stages) -> jobs.add(new TaggedJob(job, stages.stream()
                .map(s -> new StageTasks(s, partitions.getOrDefault(s, Set.of()).size(), executors.getOrDefault(s, Map.of())))
                .toList())));
        return jobs;
    }

    private static String workerLogsText(List<Path> workerLogs) throws IOException {
        StringBuilder b = new StringBuilder();
        for (Path log : workerLogs) {
            b.append("\n--- ").append(log.getFileName()).append(" ---\n").append(Files.readString(log));
        }
        return b.toString();
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

    /** Waits until {@code text} occurs at least {@code times} times in the daemon's log. */
    private static void awaitLines(Path log, String text, int times, Process process) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(log) && occurrences(Files.readString(log), text) >= times) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("daemon exited before " + times + " × '" + text + "':\n" + Files.readString(log));
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not " + times + " × '" + text + "' within 2 minutes:\n" + Files.readString(log));
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            n++;
        }
        return n;
    }
}
