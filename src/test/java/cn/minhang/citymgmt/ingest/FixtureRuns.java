package cn.minhang.citymgmt.ingest;

import cn.minhang.citymgmt.app.EvaluateCommand;
import cn.minhang.citymgmt.job.JobConfig;
import cn.minhang.citymgmt.job.JobOptions;
import cn.minhang.citymgmt.job.RunSummary;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Whole-job runs over the committed fixture roots under {@code src/test/resources}. A run costs
 * 10–20 s, so the run over {@code bad-delivery/} happens once per test JVM and is shared by every
 * class that inspects it (BadDeliveryTest, GbkDeliveryTest, PersonalDataLeakTest).
 */
final class FixtureRuns {
    static final String BAD_DELIVERY = "bad-delivery";
    static final String GBK_DELIVERY = "gbk-delivery";
    /** The UTF-8 twin (in bad-delivery) and the GBK file (in gbk-delivery) share this relative path. */
    static final String TWIN = "hotline_cases/2023-12/cases.csv";

    /** A finished run: where it read, where it wrote, and what it reported. */
    record Run(Path input, Path warehouse, RunSummary summary) {
        Dataset<Row> table(SparkSession spark, String name) {
            return spark.read().format("delta").load(warehouse.resolve(name).toString());
        }
    }

    private static Run badDelivery;

    private FixtureRuns() {
    }

    /** A fixture root as Maven copied it to target/test-classes. */
    static Path fixture(String name) {
        URL url = FixtureRuns.class.getResource("/" + name);
        if (url == null) {
            throw new IllegalStateException("fixture " + name + " is not on the test classpath");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The job over bad-delivery/ for 2023 with the reject limit off; run once, then shared. */
    static synchronized Run badDelivery(SparkSession spark) {
        if (badDelivery == null) {
            Path dir = newTempDir("bad-delivery-run");
            Path warehouse = dir.resolve("warehouse");
            RunSummary summary = run(spark, fixture(BAD_DELIVERY), dir, warehouse, "--set", "quarantine.max_rejected_percent=100");
            badDelivery = new Run(fixture(BAD_DELIVERY), warehouse, summary);
        }
        return badDelivery;
    }

    /** The project's indicator frameworks (conf/framework), read only. */
    static final Path FRAMEWORKS = Path.of(System.getProperty("user.dir")).toAbsolutePath().resolve("conf/framework");

    /**
     * The job for fiscal year 2023 as EvaluationJobTest runs it: {@code home} holds no
     * conf/evaluation.properties, so only built-in defaults, the project's frameworks and
     * {@code extra} apply.
     */
    static RunSummary run(SparkSession spark, Path input, Path home, Path warehouse, String... extra) {
        String[] base = {"--year", "2023", "--input", input.toString(), "--warehouse", warehouse.toString(),
                "--set", "framework.dir=" + FRAMEWORKS, "--set", JobConfig.REPORT_WRITE + "=false", "--set", JobConfig.FORMS_WRITE + "=false", JobOptions.ALLOW_SAMPLE_KEY};
        String[] args = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        JobOptions options = EvaluateCommand.parse(args);
        return EvaluateCommand.evaluate(spark, options, JobConfig.load(options, home, Map.of()));
    }

    /** A temporary folder deleted when the test JVM exits (static runs outlive any @TempDir). */
    static Path newTempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort at JVM exit
        }
    }
}
