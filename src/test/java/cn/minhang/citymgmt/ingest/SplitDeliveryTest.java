package cn.minhang.citymgmt.ingest;

import cn.minhang.citymgmt.sources.Sources;
import cn.minhang.citymgmt.support.SparkTestSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A plain file larger than a split is read by several tasks, and nothing about the result shows
 * it: the same rows as when it is read whole, every quarantined line named by its line number in
 * the file, exact re-deliveries across split boundaries still found.
 */
class SplitDeliveryTest extends SparkTestSession {
    private static final String HEADER = "trip_id,unit_id,site_id,collected_at,waste_type,tonnes,vehicle_id,refused";
    private static final int LINES = 3000;
    /** Line numbers (header = 1) of the lines made bad, and of a line repeated later in the file. */
    private static final Set<Long> BAD = Set.of(2L, 777L, 1500L, 2999L);
    private static final long REPEATED = 1000L;

    @TempDir
    static Path root;
    static IngestedSource split;
    static IngestedSource whole;

    @BeforeAll
    static void readTwice() throws IOException {
        Files.createDirectories(root.resolve("units"));
        Files.writeString(root.resolve("units/units.csv"), "unit_id,unit_name,short_name,unit_type,district,population,area_km2\n"
                + "MH-PJ,浦锦街道城市建设管理事务中心,浦锦街道,街道,闵行区,160000,23.50\n", StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        String repeated = null;
        for (long line = 2; line <= LINES; line++) {
            String trip = String.format("T-%05d,MH-PJ,PJ-S01,2023-03-%02d 06:%02d:00,dry,%s,沪A%05d,false",
                    line, 1 + line % 28, line % 60, BAD.contains(line) ? "abc" : "3.25", line);
            if (line == REPEATED) {
                repeated = trip;
            }
            // The last line repeats line 1000 exactly: an exact re-delivery, many splits later.
            lines.add(line == LINES ? repeated : trip);
        }
        Path file = root.resolve("waste_collections/big.csv");
        Files.createDirectories(file.getParent());
        Files.write(file, lines, StandardCharsets.UTF_8);

        Dataset<Row> units = spark().read().option("header", "true").csv(root.resolve("units").toString()).select("unit_id");
        List<DeliveryFile> files = DeliveryReader.listDeliveries(spark().sparkContext().hadoopConfiguration(), root.toString(),
                "waste_collections");
        assertThat(files.get(0).length()).isGreaterThan(40 * 4096);
        split = read(files, units, 4096);
        whole = read(files, units, 1L << 30);
    }

    private static IngestedSource read(List<DeliveryFile> files, Dataset<Row> units, long splitBytes) {
        Dataset<Row> parsed = DeliveryReader.read(spark(), Sources.WASTE_COLLECTIONS, root.toString(), files, "UTF-8", 2023,
                "a-test-key-of-16-chars", "Asia/Shanghai", splitBytes);
        return SourceIngest.classify(Sources.WASTE_COLLECTIONS, 2023, files, parsed, units, Set.of(), 2);
    }

    @Test
    void theFileIsReadInManySplits() {
        assertThat(split.splits()).hasSizeGreaterThan(40);
        assertThat(whole.splits()).hasSize(1);
        assertThat(split.deliveries().get(0).checksum()).startsWith("sha256x" + split.splits().size() + ":");
        assertThat(whole.deliveries().get(0).checksum()).startsWith("sha256:");
        assertEquals(LINES, split.splits().stream().mapToLong(SplitStats::lines).sum());
    }

    @Test
    void splitOrWholeGivesTheSameRowsAndCounts() {
        assertSameRows(whole.accepted(), split.accepted());
        assertSameRows(whole.quarantined(), split.quarantined());
        assertEquals(whole.counts(), split.counts());
        assertEquals(LINES - 1, split.rowsRead());
        assertEquals(LINES - 1 - BAD.size() - 1, split.count(Outcome.ACCEPTED));
        assertEquals(1, split.count(Outcome.EXACT_DUPLICATE));
    }

    @Test
    void quarantinedLinesAreNamedByTheirLineInTheFile() {
        List<Long> lines = split.quarantined().select("line_number").as(org.apache.spark.sql.Encoders.LONG()).collectAsList();
        assertThat(lines).containsExactlyInAnyOrderElementsOf(BAD);
        Row first = split.quarantined().where("line_number = 777").first();
        assertThat(first.<String>getAs("raw_record")).startsWith("T-00777,");
    }

    @Test
    void acceptedRowsKeepTheirLineNumbersAndTheFirstCopyWins() {
        List<Row> rows = split.accepted().select("trip_id", "source_line").collectAsList();
        for (Row r : rows) {
            assertEquals(Long.parseLong(r.getString(0).substring(2)), r.getLong(1), r.toString());
        }
        assertThat(split.accepted().where("trip_id = 'T-01000'").count()).isEqualTo(1);
    }
}
