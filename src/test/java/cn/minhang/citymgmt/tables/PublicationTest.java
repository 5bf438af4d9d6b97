package cn.minhang.citymgmt.tables;

import cn.minhang.citymgmt.support.SparkTestSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Readers see a year as its current publication wrote it, never a run still writing or killed half-way. */
// Its tests share nothing they change (each works in folders of its own), so they run side by side too: a long class
// then never runs alone at the end.
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
class PublicationTest extends SparkTestSession {
    private static final String SCORES = "fiscal_year INT, unit_id STRING, indicator_id STRING, name STRING, score DECIMAL(6,2),"
            + " actual_value DECIMAL(18,4), grade STRING, status STRING";
    private static final String DELIVERIES = "fiscal_year INT, source STRING, path STRING, checksum STRING";

    private static Dataset<Row> rows(String ddl, Row... rows) {
        return spark().createDataFrame(List.of(rows), org.apache.spark.sql.types.StructType.fromDDL(ddl));
    }

    private static Row score(int year, String unit, String score, String value) {
        return row(year, unit, "output.trees", "行道树", new BigDecimal(score), new BigDecimal(value), "优", "ok");
    }

    /** One run: scores and deliveries of {@code year}, published unless {@code killedBeforePublishing}. */
    private static DeltaWarehouse run(Path dir, String runId, int year, String score, String checksum, boolean killedBeforePublishing) {
        DeltaWarehouse w = new DeltaWarehouse(dir.toString(), runId);
        w.replaceYear(Table.INDICATOR_SCORES, rows(SCORES, score(year, "MH-PJ", score, "14952")), year);
        if (killedBeforePublishing) {
            return w; // killed after its first table: deliveries and the publication never written
        }
        w.replaceYear(Table.DELIVERIES, rows(DELIVERIES, row(year, "asset_inventory", "2023/trees.csv", checksum)), year);
        w.publish(spark(), year, Instant.now());
        return w;
    }

    private static List<Row> published(Path dir, String table, String columns) {
        return WarehouseTables.open(spark(), dir.toString()).read(table).selectExpr(columns.split(","))
                .orderBy("fiscal_year").collectAsList();
    }

    @Test
    void aRunKilledBeforePublishingIsNotSeenAndTheNextPublicationIs(@TempDir Path dir) {
        run(dir, "run-1", 2023, "6.00", "sha256:a", false);
        run(dir, "run-2", 2023, "4.00", "sha256:b", true);

        // The latest version holds run-2's half run; readers still see run-1, in every table.
        assertEquals("run-2", spark().read().format("delta").load(dir.resolve("indicator_scores").toString()).first().getAs("run_id"));
        assertThat(published(dir, "indicator_scores", "run_id,score")).containsExactly(row("run-1", new BigDecimal("6.00")));
        assertThat(published(dir, "deliveries", "run_id")).containsExactly(row("run-1"));
        // An operator can still look at what the stopped run left behind.
        assertThat(WarehouseTables.open(spark(), dir.toString(), true).read("indicator_scores").select("run_id").collectAsList())
                .containsExactly(row("run-2"));

        // A rerun publishes, and readers switch to it as a whole.
        run(dir, "run-3", 2023, "4.00", "sha256:b", false);
        assertThat(published(dir, "indicator_scores", "run_id,score")).containsExactly(row("run-3", new BigDecimal("4.00")));
        assertThat(published(dir, "deliveries", "run_id")).containsExactly(row("run-3"));
    }

    @Test
    void eachYearIsReadAtItsOwnPublicationAndUnpublishedYearsAreHidden(@TempDir Path dir) {
        run(dir, "run-2022", 2022, "5.00", "sha256:x", false);
        run(dir, "run-2023", 2023, "6.00", "sha256:a", false);
        run(dir, "run-2024-killed", 2024, "1.00", "sha256:k", true);
        run(dir, "run-2022-killed", 2022, "0.00", "sha256:z", true);
        assertThat(published(dir, "indicator_scores", "fiscal_year,run_id"))
                .containsExactly(row(2022, "run-2022"), row(2023, "run-2023"));
        PublishedReader reader = PublishedReader.open(spark(), dir.toString());
        assertThat(reader.current().keySet()).containsExactly(2022, 2023);
        // the publications and run logs are history: read whole
        assertEquals(2, reader.read(Publication.TABLE).count());
    }

    @Test
    void aWarehouseWithoutPublicationsIsReadAtItsLatestVersions(@TempDir Path dir) {
        new DeltaWarehouse(dir.toString(), "old-run").replaceYear(Table.INDICATOR_SCORES, rows(SCORES, score(2023, "MH-PJ", "6.00", "1")), 2023);
        assertThat(published(dir, "indicator_scores", "run_id")).containsExactly(row("old-run"));
        assertThat(PublishedReader.open(spark(), dir.toString()).hasPublications()).isFalse();
    }

    @Test
    void aRepublishedYearListsWhatChangedPerIndicatorAndWhichDeliveries(@TempDir Path dir) {
        run(dir, "run-1", 2023, "6.00", "sha256:a", false);
        assertNull(Restatements.of(spark(), dir.toString(), Publication.all(spark(), dir.toString())));
        run(dir, "run-2", 2023, "4.00", "sha256:b", false);

        List<Publication> all = Publication.all(spark(), dir.toString());
        assertThat(all).extracting(Publication::runId).containsExactly("run-1", "run-2");
        assertThat(all.get(1).tableVersions()).containsOnlyKeys("indicator_scores", "deliveries");
        List<Row> changes = Restatements.of(spark(), dir.toString(), all)
                .selectExpr("fiscal_year", "unit_id", "indicator_id", "old_score", "new_score", "previous_run_id", "run_id", "changed_deliveries")
                .collectAsList();
        assertThat(changes).hasSize(1);
        Row change = changes.get(0);
        assertEquals(row(2023, "MH-PJ", "output.trees", new BigDecimal("6.00"), new BigDecimal("4.00"), "run-1", "run-2").toString(),
                row(change.get(0), change.get(1), change.get(2), change.get(3), change.get(4), change.get(5), change.get(6)).toString());
        assertThat(change.<String>getList(7)).containsExactly("asset_inventory/2023/trees.csv (changed)");

        // The query command's view of it.
        WarehouseTables tables = WarehouseTables.open(spark(), dir.toString());
        org.apache.spark.sql.SparkSession session = spark().newSession();
        assertThat(tables.registerViews(session)).contains(WarehouseTables.RESTATEMENTS, Publication.TABLE);
        assertEquals(1, session.sql("SELECT * FROM restatements WHERE new_score = 4.00").count());

        // Republishing the same results restates nothing.
        run(dir, "run-3", 2023, "4.00", "sha256:b", false);
        assertEquals(0, Restatements.of(spark(), dir.toString(), Publication.all(spark(), dir.toString())).count());
    }
}
