package cn.minhang.citymgmt.ingest;

import cn.minhang.citymgmt.sources.SourceDefinition;
import cn.minhang.citymgmt.sources.Sources;
import cn.minhang.citymgmt.support.SparkTestSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link SourceIngest#classify} on a few parsed target lines built inline, without files or a job
 * run: re-deliveries, conflicting versions, unknown units and indicators, and the counts that the
 * reconciliation later adds up. The rows have the reader's own schema
 * ({@link DeliveryReader#parsedSchema}), so a fixture cannot hold a column the reader does not
 * produce. Targets are used because they have a compound key and check both units and indicators.
 */
class SourceIngestTest extends SparkTestSession {
    private static final SourceDefinition TARGETS = Sources.TARGETS;
    private static final int YEAR = 2023;
    private static final String A = "targets/a.csv";
    private static final String B = "targets/b.csv";
    private static final Set<String> FRAMEWORK = Set.of("output.parks", "output.elevators");

    /** TARGETS with the same columns and key but no indicator check, the contrast for the indicator test. */
    private static final SourceDefinition UNCHECKED = SourceDefinition.source("targets_unchecked")
            .columns(TARGETS.columns().toArray(cn.minhang.citymgmt.sources.Column[]::new))
            .key(TARGETS.key().toArray(String[]::new))
            .belongsTo(TARGETS.membership())
            .build();

    /** What classify persisted, released after each test: the session and its memory are shared by the whole test JVM. */
    private final List<IngestedSource> classified = new ArrayList<>();

    @AfterEach
    void unpersist() {
        classified.forEach(i -> i.classified().unpersist());
    }

    private static Dataset<Row> units() {
        return dataFrame("unit_id STRING", row("MH-PJ"), row("MH-XH"));
    }

    /** A target line of split 0 as the reader emits it. */
    private static Row target(String file, long line, String unit, Integer year, String indicator, String value, String... reasons) {
        return target(file, 0, line, unit, year, indicator, value, reasons);
    }

    /**
     * A target line as DeliveryPartitionReader emits it. The fingerprint stands in for RecordParser's
     * SHA-256 of the canonical values: classify only compares fingerprints, so equal content must give
     * equal fingerprints and different content different ones, which the joined values do. The key is
     * written as RecordParser writes it, since it appears in the conflicting-duplicate reason, and is
     * null when a key column is empty.
     */
    private static Row target(String file, int split, long line, String unit, Integer year, String indicator, String value,
                              String... reasons) {
        Object[] values = {unit, year, indicator, value};
        StringJoiner fingerprint = new StringJoiner("\u0001");
        StringJoiner raw = new StringJoiner(",");
        for (Object v : values) {
            fingerprint.add(v == null ? "\u0000" : v.toString());
            raw.add(v == null ? "" : v.toString());
        }
        String key = unit == null || year == null || indicator == null ? null
                : "unit_id=" + unit + "|fiscal_year=" + year + "|indicator_id=" + indicator;
        return row(unit, year, indicator, value, file, line, raw.toString(), List.of(reasons), "IN_YEAR",
                fingerprint.toString(), key, split, null);
    }

    /** The row closing a split, with the figures it reports: {@code rows} parsed, {@code otherYear} of them not kept. */
    private static Row splitEnd(String file, int split, long rows, long otherYear) {
        Row stats = row(rows, otherYear, 0L, rows + (split == 0 ? 1 : 0), "digest-of-" + file + "#" + split,
                YEAR, YEAR, false, false, Map.of(YEAR, rows));
        return row(null, null, null, null, file, null, null, List.of(), DeliveryReader.SPLIT_END, null, null, split, stats);
    }

    /** The row a file that cannot be read yields instead of its lines and marker. */
    private static Row fileError(String file, String problem) {
        return row(null, null, null, null, file, null, null, List.of(problem), DeliveryReader.FILE_ERROR, null, null, 0, null);
    }

    private IngestedSource classify(SourceDefinition source, int year, Row... rows) {
        Dataset<Row> parsed = spark().createDataFrame(List.of(rows), DeliveryReader.parsedSchema(source));
        List<DeliveryFile> files = Arrays.stream(rows).map(r -> r.getString(4)).distinct().sorted()
                .map(path -> new DeliveryFile(path, 100, 0)).toList();
        IngestedSource ingested = SourceIngest.classify(source, year, files, parsed, units(), FRAMEWORK, 2);
        classified.add(ingested);
        return ingested;
    }

    private IngestedSource classify(Row... rows) {
        return classify(TARGETS, YEAR, rows);
    }

    /**
     * Every record row's fate as {@code file#split:line outcome [reasons]}, in file, split and line
     * order; reasons sorted, since which check added its reason first is no rule.
     */
    private static List<String> outcomes(IngestedSource ingested) {
        List<String> out = new ArrayList<>();
        for (Row r : ingested.classified().where(col(IngestedSource.OUTCOME).notEqual(SourceIngest.SPLIT_OUTCOME))
                .orderBy(DeliveryReader.FILE, DeliveryReader.SPLIT, DeliveryReader.LINE).collectAsList()) {
            int reasons = r.fieldIndex(DeliveryReader.REASONS);
            String line = r.isNullAt(r.fieldIndex(DeliveryReader.LINE)) ? "-" : Long.toString(r.getAs(DeliveryReader.LINE));
            out.add(r.getAs(DeliveryReader.FILE) + "#" + r.getAs(DeliveryReader.SPLIT) + ":" + line + " "
                    + r.getAs(IngestedSource.OUTCOME) + " " + (r.isNullAt(reasons) ? "[]" : r.<String>getList(reasons).stream().map(String::valueOf).sorted().toList()));
        }
        return out;
    }

    private static Map<Outcome, Long> counts(long accepted, long quarantined, long duplicates, long fileErrors, long otherYear) {
        Map<Outcome, Long> m = new EnumMap<>(Outcome.class);
        if (accepted > 0) {
            m.put(Outcome.ACCEPTED, accepted);
        }
        if (quarantined > 0) {
            m.put(Outcome.QUARANTINED, quarantined);
        }
        if (duplicates > 0) {
            m.put(Outcome.EXACT_DUPLICATE, duplicates);
        }
        if (fileErrors > 0) {
            m.put(Outcome.FILE_ERROR, fileErrors);
        }
        // OTHER_YEAR is always there: it comes from the split markers, not from a row's outcome.
        m.put(Outcome.OTHER_YEAR, otherYear);
        return m;
    }

    private static final String CONFLICT_PJ_PARKS =
            "conflicting_duplicate: unit_id=MH-PJ|fiscal_year=2023|indicator_id=output.parks has 2 different records";

    @Test
    void anExactReDeliveryIsCountedOnceAndTheFirstCopyByFileSplitAndLineIsKept() {
        // The same record four times: b.csv sorts after a.csv, a later split of a.csv numbers its
        // lines from 1 again, so the first copy is a.csv split 0 line 3, which is neither the first
        // row given nor the lowest line number.
        IngestedSource ingested = classify(
                target(B, 2, "MH-PJ", 2023, "output.parks", "10"),
                target(A, 1, 2, "MH-PJ", 2023, "output.parks", "10"),
                target(A, 3, "MH-PJ", 2023, "output.parks", "10"),
                target(A, 2, "MH-XH", 2023, "output.parks", "5"),
                target(A, 4, "MH-PJ", 2023, "output.parks", "10"),
                splitEnd(A, 0, 3, 0), splitEnd(A, 1, 1, 0), splitEnd(B, 0, 1, 0));

        assertThat(outcomes(ingested)).containsExactly(
                A + "#0:2 accepted []",
                A + "#0:3 accepted []",
                A + "#0:4 exact_duplicate []",
                A + "#1:2 exact_duplicate []",
                B + "#0:2 exact_duplicate []");
        assertEquals(counts(2, 0, 3, 0, 0), ingested.counts());
        List<String> accepted = ingested.accepted().orderBy("unit_id")
                .selectExpr("concat_ws(' ', unit_id, target, source_file, source_line)").as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList();
        assertThat(accepted).containsExactly("MH-PJ 10 " + A + " 3", "MH-XH 5 " + A + " 2");
        assertEquals(0, ingested.quarantined().count());
    }

    @Test
    void twoVersionsOfOneKeyAreAllQuarantinedAndKeepEveryReason() {
        // a.csv:2 and b.csv:2 share a key with different targets; b.csv:2 was already rejected by the
        // parser and keeps that reason beside the conflict. b.csv:3 re-delivers a.csv:2 exactly: a
        // copy, not a third version, so the reason says 2, and the copy is dropped, not quarantined.
        IngestedSource ingested = classify(
                target(A, 2, "MH-PJ", 2023, "output.parks", "10"),
                target(A, 3, "MH-XH", 2023, "output.parks", "5"),
                target(B, 2, "MH-PJ", 2023, "output.parks", null, "missing_required: target"),
                target(B, 3, "MH-PJ", 2023, "output.parks", "10"),
                splitEnd(A, 0, 2, 0), splitEnd(B, 0, 2, 0));

        assertThat(outcomes(ingested)).containsExactly(
                A + "#0:2 quarantined [" + CONFLICT_PJ_PARKS + "]",
                A + "#0:3 accepted []",
                B + "#0:2 quarantined [" + CONFLICT_PJ_PARKS + ", missing_required: target]",
                B + "#0:3 exact_duplicate []");
        assertEquals(counts(1, 2, 1, 0, 0), ingested.counts());
        List<Row> quarantined = ingested.quarantined().orderBy("file").collectAsList();
        assertThat(quarantined).extracting(r -> r.getAs("raw_record"))
                .containsExactly("MH-PJ,2023,output.parks,10", "MH-PJ,2023,output.parks,");
        assertThat(ingested.accepted().where("unit_id = 'MH-PJ'").count()).isZero();
    }

    @Test
    void threeVersionsAreCountedAsThree() {
        IngestedSource ingested = classify(
                target(A, 2, "MH-PJ", 2023, "output.parks", "10"),
                target(A, 3, "MH-PJ", 2023, "output.parks", "11"),
                target(A, 4, "MH-PJ", 2023, "output.parks", "12"),
                splitEnd(A, 0, 3, 0));

        String reason = CONFLICT_PJ_PARKS.replace("has 2", "has 3");
        assertThat(outcomes(ingested)).containsExactly(
                A + "#0:2 quarantined [" + reason + "]",
                A + "#0:3 quarantined [" + reason + "]",
                A + "#0:4 quarantined [" + reason + "]");
    }

    @Test
    void anUnknownUnitIsQuarantinedAndAnEmptyUnitIsOnlyMissing() {
        // a.csv:4 re-delivers the unknown unit's line: the copy is dropped, only the first carries the reason.
        // An empty unit_id is the parser's missing_required, not also an unknown unit.
        IngestedSource ingested = classify(
                target(A, 2, "MH-PJ", 2023, "output.parks", "10"),
                target(A, 3, "MH-ZZ", 2023, "output.parks", "10"),
                target(A, 4, "MH-ZZ", 2023, "output.parks", "10"),
                target(A, 5, null, 2023, "output.parks", "7", "missing_required: unit_id"),
                splitEnd(A, 0, 4, 0));

        assertThat(outcomes(ingested)).containsExactly(
                A + "#0:2 accepted []",
                A + "#0:3 quarantined [unknown_unit: MH-ZZ]",
                A + "#0:4 exact_duplicate []",
                A + "#0:5 quarantined [missing_required: unit_id]");
        assertEquals(counts(1, 2, 1, 0, 0), ingested.counts());
    }

    @Test
    void anUnknownIndicatorIsFlaggedWithTheRunsYearOnlyWhereTheSourceChecksIndicators() {
        // The run's year is 2024 so that the year in the reason is seen to come from the run.
        Row[] rows = {
                target(A, 2, "MH-PJ", 2024, "output.parks", "10"),
                target(A, 3, "MH-PJ", 2024, "output.fountains", "3"),
                target(A, 4, "MH-XH", 2024, null, "3", "missing_required: indicator_id"),
                splitEnd(A, 0, 3, 0)};
        assertThat(TARGETS.checksIndicator()).isTrue();
        assertThat(UNCHECKED.checksIndicator()).isFalse();

        assertThat(outcomes(classify(TARGETS, 2024, rows))).containsExactly(
                A + "#0:2 accepted []",
                A + "#0:3 quarantined [unknown_indicator: output.fountains is not in the 2024 framework]",
                A + "#0:4 quarantined [missing_required: indicator_id]");
        assertThat(outcomes(classify(UNCHECKED, 2024, rows))).containsExactly(
                A + "#0:2 accepted []",
                A + "#0:3 accepted []",
                A + "#0:4 quarantined [missing_required: indicator_id]");
    }

    @Test
    void rowsWithoutAKeyAreNeverConflictingDuplicates() {
        // Both lines lack indicator_id, so neither has a key although unit and year are the same: two
        // different records, each quarantined for its own reason only. a.csv:4 repeats a.csv:2 exactly
        // and is still dropped as a copy: content, not the key, finds re-deliveries.
        IngestedSource ingested = classify(
                target(A, 2, "MH-PJ", 2023, null, "10", "missing_required: indicator_id"),
                target(A, 3, "MH-PJ", 2023, null, "11", "missing_required: indicator_id"),
                target(A, 4, "MH-PJ", 2023, null, "10", "missing_required: indicator_id"),
                splitEnd(A, 0, 3, 0));

        assertThat(outcomes(ingested)).containsExactly(
                A + "#0:2 quarantined [missing_required: indicator_id]",
                A + "#0:3 quarantined [missing_required: indicator_id]",
                A + "#0:4 exact_duplicate []");
    }

    @Test
    void everyRowGivenIsCountedOnceAndTheMarkersBringTheSplitsAndOtherYears() {
        // a.csv: 5 lines parsed, 1 of another year (counted by the reader, never emitted as a row);
        // c.csv could not be read at all.
        String c = "targets/c.csv";
        String problem = "is a truncated gzip file (Unexpected end of ZLIB input stream): it ends before its compressed data does";
        Row[] records = {
                target(A, 2, "MH-PJ", 2023, "output.parks", "10"),
                target(A, 3, "MH-ZZ", 2023, "output.parks", "10"),
                target(A, 4, "MH-PJ", 2023, "output.parks", "10"),
                target(A, 5, "MH-XH", 2023, "output.elevators", "2"),
                target(B, 2, "MH-XH", 2023, "output.parks", "4"),
                fileError(c, problem)};
        Row[] markers = {splitEnd(A, 0, 5, 1), splitEnd(B, 0, 1, 0)};
        Row[] all = new Row[records.length + markers.length];
        System.arraycopy(records, 0, all, 0, records.length);
        System.arraycopy(markers, 0, all, records.length, markers.length);
        IngestedSource ingested = classify(all);

        assertEquals(counts(3, 1, 1, 1, 1), ingested.counts());
        long judged = ingested.count(Outcome.ACCEPTED) + ingested.count(Outcome.QUARANTINED)
                + ingested.count(Outcome.EXACT_DUPLICATE) + ingested.count(Outcome.FILE_ERROR);
        assertEquals(records.length, judged);
        // What the reconciliation checks: every row the splits report is accepted, quarantined, a copy or of another year.
        assertEquals(6, ingested.rowsScanned());
        assertEquals(ingested.rowsScanned(), ingested.count(Outcome.ACCEPTED) + ingested.count(Outcome.QUARANTINED)
                + ingested.count(Outcome.EXACT_DUPLICATE) + ingested.count(Outcome.OTHER_YEAR));

        assertThat(ingested.fileProblems()).containsExactly(c + ": " + problem);
        assertThat(ingested.splits()).extracting(s -> s.file() + "#" + s.split() + " rows " + s.rows() + " other " + s.otherYear())
                .containsExactlyInAnyOrder(A + "#0 rows 5 other 1", B + "#0 rows 1 other 0");
        assertThat(ingested.deliveries()).extracting(Delivery::path).containsExactly(A, B);
        // The markers never reach a table.
        assertEquals(3, ingested.accepted().count());
        assertEquals(1, ingested.quarantined().count());
        assertEquals(StorageLevel.MEMORY_AND_DISK(), ingested.classified().storageLevel());
        // Only a quarantined row keeps its raw line and only a rejected one its reasons: the cache holds no more.
        assertThat(ingested.classified().where(col(IngestedSource.OUTCOME).equalTo("accepted")).collectAsList())
                .allSatisfy(r -> {
                    assertThat(r.isNullAt(r.fieldIndex(DeliveryReader.RAW))).isTrue();
                    assertThat(r.isNullAt(r.fieldIndex(DeliveryReader.REASONS))).isTrue();
                });
    }

    @Test
    void noFilesIsAnEmptySourceWithoutASparkJob() {
        Dataset<Row> parsed = spark().createDataFrame(List.of(), DeliveryReader.parsedSchema(TARGETS));
        IngestedSource ingested = SourceIngest.classify(TARGETS, YEAR, List.of(), parsed, units(), FRAMEWORK, 2);
        assertThat(ingested.counts()).isEmpty();
        assertThat(ingested.splits()).isEmpty();
        assertThat(ingested.classified().columns()).contains(IngestedSource.OUTCOME);
        assertEquals(0, ingested.accepted().count());
    }

    @Test
    void partitionsAreOnePerSplitOfInflatedBytesAndAtLeastOne() {
        DeliveryFile plain = new DeliveryFile("targets/a.csv", 100, 0);
        DeliveryFile gzip = new DeliveryFile("targets/b.csv.gz", 100, 0);
        assertEquals(1, SourceIngest.partitionsFor(List.of(), 64));
        assertEquals(1, SourceIngest.partitionsFor(List.of(new DeliveryFile("targets/empty.csv", 0, 0)), 64));
        assertEquals(1, SourceIngest.partitionsFor(List.of(plain), 100));
        assertEquals(2, SourceIngest.partitionsFor(List.of(plain), 99));
        // A gzip file counts eight times its size: 800 bytes in splits of 64 need 12.5, so 13.
        assertEquals(13, SourceIngest.partitionsFor(List.of(gzip), 64));
        assertEquals(15, SourceIngest.partitionsFor(List.of(plain, gzip), 64));
        // Never more partitions than an int can count.
        assertEquals(Integer.MAX_VALUE, SourceIngest.partitionsFor(List.of(new DeliveryFile("huge.csv", Long.MAX_VALUE / 2, 0)), 1));
    }
}
