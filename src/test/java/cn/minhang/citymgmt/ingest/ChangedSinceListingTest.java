package cn.minhang.citymgmt.ingest;

import cn.minhang.citymgmt.app.ExitCode;
import cn.minhang.citymgmt.failures.RunStopped;
import cn.minhang.citymgmt.support.Deliveries;
import cn.minhang.citymgmt.support.SparkTestSession;
import org.apache.hadoop.conf.Configuration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A delivery that changes while the run reads it: the comparison of two listings, and the run
 * that stops with exit 2 instead of publishing. The job-level proofs change a file the moment a
 * stage's log line is written (from inside the logging call, so the timing is exact), with no
 * hook in the production code.
 */
// Alone: its appender reacts to a stage line in the log, which any run beside it would write too.
@org.junit.jupiter.api.parallel.Isolated
class ChangedSinceListingTest extends SparkTestSession {
    private static final String CASES = "hotline_cases/2023/cases.csv";
    private static final String HEADER =
            "case_id,unit_id,channel,origin,category,received_at,due_at,closed_at,satisfaction,caller_name,caller_phone,address";
    private static final String LATE_ROW = "C-3,MH-PJ,hotline_12345,passive,物业管理,2023-03-03 09:00:00,2023-03-10 09:00:00,,,,,\n";

    private static DeliveryFile file(String path, long length, long modified) {
        return new DeliveryFile(path, length, modified);
    }

    @Test
    void sameListingsHaveNoChanges() {
        List<DeliveryFile> listing = List.of(file("a/1.csv", 10, 1000), file("b/2.csv.gz", 20, 2000));
        assertThat(DeliveryReader.changes(listing, List.copyOf(listing))).isEmpty();
    }

    @Test
    void everyChangedFileIsNamedWithWhatChanged() {
        List<DeliveryFile> before = List.of(file("a/grown.csv", 1200, 1_700_000_000_000L), file("a/touched.csv", 50, 1_700_000_000_000L),
                file("a/gone.csv", 30, 1_700_000_000_000L), file("a/same.csv", 40, 1_700_000_000_000L));
        List<DeliveryFile> after = List.of(file("a/same.csv", 40, 1_700_000_000_000L), file("a/touched.csv", 50, 1_700_000_060_000L),
                file("a/grown.csv", 1350, 1_700_000_001_000L), file("a/new.csv", 10, 1_700_000_002_000L));
        assertEquals(List.of(
                "a/gone.csv was removed while the run read it",
                "a/grown.csv changed while the run read it: size 1200 → 1350 bytes, modified 2023-11-14T22:13:20Z → 2023-11-14T22:13:21Z",
                "a/new.csv appeared while the run read the input (this run did not read it)",
                "a/touched.csv changed while the run read it: modified 2023-11-14T22:13:20Z → 2023-11-14T22:14:20Z"),
                DeliveryReader.changes(before, after));
    }

    @Test
    void theInputIsListedAgainAsTheRunListedIt(@TempDir Path dir) throws IOException {
        Path root = Deliveries.in(dir.resolve("input")).file(CASES, HEADER).root();
        Configuration hadoop = new Configuration();
        List<String> sources = List.of("units", "hotline_cases", "incidents");
        List<DeliveryFile> listed = new java.util.ArrayList<>();
        for (String s : sources) {
            listed.addAll(DeliveryReader.listDeliveries(hadoop, root.toString(), s));
        }
        assertThat(DeliveryReader.changedSinceListing(hadoop, root.toString(), sources, listed)).isEmpty();

        long size = Files.size(root.resolve(CASES));
        Files.writeString(root.resolve(CASES), LATE_ROW, StandardOpenOption.APPEND);
        Files.delete(root.resolve("units/units.csv"));
        Files.writeString(root.resolve("incidents/late.csv"), "incident_id\n");
        Files.setLastModifiedTime(root.resolve(CASES), FileTime.fromMillis(1_700_000_000_000L));
        assertThat(DeliveryReader.changedSinceListing(hadoop, root.toString(), sources, listed)).satisfiesExactly(
                c -> assertThat(c).startsWith(CASES + " changed while the run read it: size " + size + " → "
                        + (size + LATE_ROW.getBytes(StandardCharsets.UTF_8).length) + " bytes, modified ")
                        .endsWith(" → 2023-11-14T22:13:20Z"),
                c -> assertEquals("incidents/late.csv appeared while the run read the input (this run did not read it)", c),
                c -> assertEquals("units/units.csv was removed while the run read it", c));
    }

    // ---------------------------------------------------------------- the run

    private static Path input(Path dir) {
        return Deliveries.in(dir.resolve("input")).file(CASES, HEADER,
                "C-1,MH-PJ,hotline_12345,passive,物业管理,2023-03-01 09:00:00,2023-03-08 09:00:00,,,,,",
                "C-2,MH-XH,city_ops,active,市容环境,2023-03-02 09:00:00,2023-03-09 09:00:00,,,,,").root();
    }

    /** Appends a row to {@code file} from inside the logging call of the first stage line that contains {@code stage}. */
    private static final class AppendWhenLogged extends AbstractAppender implements AutoCloseable {
        private final String stage;
        private final Path file;
        private final AtomicBoolean done = new AtomicBoolean();
        private final LoggerConfig logger;

        AppendWhenLogged(String stage, Path file) {
            super("append-when-" + stage, null, null, true, Property.EMPTY_ARRAY);
            this.stage = stage;
            this.file = file;
            start();
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            logger = context.getConfiguration().getLoggerConfig("evaluate");
            logger.addAppender(this, null, null);
            context.updateLoggers();
        }

        @Override
        public void append(LogEvent event) {
            if (event.getMessage().getFormattedMessage().contains("] " + stage + " ") && done.compareAndSet(false, true)) {
                try {
                    Files.writeString(file, LATE_ROW, StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        boolean appended() {
            return done.get();
        }

        @Override
        public void close() {
            logger.removeAppender(getName());
            ((LoggerContext) LogManager.getContext(false)).updateLoggers();
            stop();
        }
    }

    @Test
    void aFileChangedWhileTheSourcesAreReadStopsTheRunBeforeAnythingIsWritten(@TempDir Path dir) throws IOException {
        Path input = input(dir);
        Path warehouse = dir.resolve("warehouse");
        long size = Files.size(input.resolve(CASES));
        try (AppendWhenLogged change = new AppendWhenLogged("read units", input.resolve(CASES))) {
            assertThatThrownBy(() -> FixtureRuns.run(spark(), input, dir, warehouse))
                    .isInstanceOf(RunStopped.class)
                    .satisfies(e -> assertEquals(ExitCode.BAD_INPUT, ExitCode.of((RunStopped) e)))
                    .hasMessageStartingWith(CASES + " changed while the run read it: size " + size + " → "
                            + (size + LATE_ROW.getBytes(StandardCharsets.UTF_8).length) + " bytes")
                    .hasMessageEndingWith("; nothing written; rerun when the delivery is complete");
            assertThat(change.appended()).isTrue();
        }
        assertThat(Files.exists(warehouse)).as("nothing written").isFalse();
    }

    @Test
    void aFileChangedAfterTheReadsIsNeverPublishedAndReadersKeepThePreviousPublication(@TempDir Path dir) throws IOException {
        Path input = input(dir);
        Path warehouse = dir.resolve("warehouse");
        String published = FixtureRuns.run(spark(), input, dir, warehouse).runId();
        long size = Files.size(input.resolve(CASES));
        try (AppendWhenLogged change = new AppendWhenLogged("write unit_scorecard", input.resolve(CASES))) {
            assertThatThrownBy(() -> FixtureRuns.run(spark(), input, dir, warehouse))
                    .isInstanceOf(RunStopped.class)
                    .satisfies(e -> assertEquals(ExitCode.BAD_INPUT, ExitCode.of((RunStopped) e)))
                    .hasMessageStartingWith(CASES + " changed while the run read it: size " + size + " → ")
                    .hasMessageEndingWith("; nothing published: readers keep the previous publication; rerun when the delivery is complete");
            assertThat(change.appended()).isTrue();
        }
        List<Row> publications = spark().read().format("delta").load(warehouse.resolve("publications").toString()).collectAsList();
        assertThat(publications).extracting(r -> r.getAs("run_id")).containsExactly(published);
        List<Row> runs = spark().read().format("delta").load(warehouse.resolve("job_runs").toString())
                .orderBy("started_at").collectAsList();
        assertThat(runs).extracting(r -> r.getAs("status")).containsExactly("succeeded", "failed_delivery_changed");
        assertThat((String) runs.get(1).getAs("message")).startsWith(CASES + " changed while the run read it");
    }
}
