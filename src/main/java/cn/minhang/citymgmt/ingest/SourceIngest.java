package cn.minhang.citymgmt.ingest;

import cn.minhang.citymgmt.sources.RejectReason;
import cn.minhang.citymgmt.sources.SourceDefinition;
import cn.minhang.citymgmt.sources.Sources;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static cn.minhang.citymgmt.ingest.DeliveryReader.FILE;
import static cn.minhang.citymgmt.ingest.DeliveryReader.FINGERPRINT;
import static cn.minhang.citymgmt.ingest.DeliveryReader.KEY;
import static cn.minhang.citymgmt.ingest.DeliveryReader.LINE;
import static cn.minhang.citymgmt.ingest.DeliveryReader.MEMBERSHIP;
import static cn.minhang.citymgmt.ingest.DeliveryReader.RAW;
import static cn.minhang.citymgmt.ingest.DeliveryReader.REASONS;
import static cn.minhang.citymgmt.ingest.DeliveryReader.SPLIT;
import static cn.minhang.citymgmt.ingest.DeliveryReader.STATS;
import static cn.minhang.citymgmt.ingest.IngestedSource.OUTCOME;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_union;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

/**
 * The checks that need more than one line: exact re-deliveries (dropped and counted), records
 * that share a key with different content (all quarantined: the job never picks one), unit ids
 * the units source does not know, and indicators the framework does not know.
 *
 * <p>All of it costs one shuffle and one sort: the rows are distributed by their key (their
 * fingerprint when they have none), which puts every copy and every version of a record in one
 * partition, so the copy number and the count of versions are two windows over one sort order.
 * The result is persisted once; the cleaned table, the quarantine, the counts and the metrics
 * all read it, and the delivery files are scanned once.
 */
public final class SourceIngest {
    private static final String GROUP = "_group";
    private static final String COPY = "_copy";
    private static final String VERSIONS = "_versions";
    private static final String KNOWN_UNIT = "_known_unit";
    /** Outcome of the marker rows, which never leave the ingest. */
    static final String SPLIT_OUTCOME = "split";

    private SourceIngest() {
    }

    /**
     * Classifies every parsed line. {@code knownUnits} holds one column {@code unit_id} and
     * {@code knownIndicators} the framework's indicator ids; each is used only by the sources that
     * refer to it. {@code partitions} is the number of partitions of the shuffle.
     */
    public static IngestedSource classify(SourceDefinition source, int fiscalYear, List<DeliveryFile> files,
                                          Dataset<Row> parsed, Dataset<Row> knownUnits, Set<String> knownIndicators,
                                          int partitions) {
        if (files.isEmpty()) {
            // Nothing delivered: no Spark job to run, only the empty shape for the tables.
            return IngestedSource.empty(source, fiscalYear, parsed.withColumn(OUTCOME, lit(null).cast("string")));
        }
        Column group = coalesce(col(KEY), col(FINGERPRINT), concat(col(FILE), lit("#"), col(SPLIT).cast("string")));
        WindowSpec sameContent = Window.partitionBy(GROUP, FINGERPRINT).orderBy(FILE, SPLIT, LINE);
        WindowSpec sameGroup = Window.partitionBy(GROUP);
        Dataset<Row> windowed = parsed.withColumn(GROUP, group)
                .repartition(partitions, col(GROUP))
                .withColumn(COPY, row_number().over(sameContent))
                .withColumn(VERSIONS, when(col(KEY).isNull(), lit(1)).otherwise(size(collect_set(FINGERPRINT).over(sameGroup))));

        Column distinctRecord = col(COPY).equalTo(1).and(col(MEMBERSHIP).isin(DeliveryReader.SPLIT_END, DeliveryReader.FILE_ERROR).unary_$bang());
        Dataset<Row> judged = windowed.withColumn(REASONS, when(distinctRecord.and(col(VERSIONS).gt(1)), array_union(col(REASONS), array(concat(
                lit(RejectReason.CONFLICTING_DUPLICATE.because("")), col(KEY),
                lit(" has "), col(VERSIONS).cast("string"), lit(" different records"))))).otherwise(col(REASONS)));
        if (source.checksUnit() && knownUnits != null) {
            judged = flagUnknownUnits(judged, knownUnits, distinctRecord);
        }
        if (source.checksIndicator()) {
            Column unknown = distinctRecord.and(col("indicator_id").isNotNull())
                    .and(col("indicator_id").isin(knownIndicators.toArray()).unary_$bang());
            judged = judged.withColumn(REASONS, when(unknown, array_union(col(REASONS), array(concat(
                    lit(RejectReason.UNKNOWN_INDICATOR.because("")), col("indicator_id"),
                    lit(" is not in the " + fiscalYear + " framework"))))).otherwise(col(REASONS)));
        }
        Dataset<Row> classified = judged.withColumn(OUTCOME,
                        when(col(MEMBERSHIP).equalTo(DeliveryReader.SPLIT_END), lit(SPLIT_OUTCOME))
                                .when(col(MEMBERSHIP).equalTo(DeliveryReader.FILE_ERROR), lit(Outcome.FILE_ERROR.code()))
                                .when(col(COPY).gt(1), lit(Outcome.EXACT_DUPLICATE.code()))
                                .when(size(col(REASONS)).equalTo(0), lit(Outcome.ACCEPTED.code()))
                                .otherwise(lit(Outcome.QUARANTINED.code())));
        // What is cached is what the tables and the summary read: the raw line only where it goes to the quarantine,
        // the reasons only where a row is rejected. The fingerprint, key and membership have done their work; caching
        // them (and every accepted row's raw line) doubled what the cache had to encode (docs/benchmarks.md).
        Column quarantined = col(OUTCOME).equalTo(Outcome.QUARANTINED.code());
        classified = classified
                .withColumn(RAW, when(quarantined, col(RAW)))
                .withColumn(REASONS, when(quarantined.or(col(OUTCOME).equalTo(Outcome.FILE_ERROR.code())), col(REASONS)))
                .drop(GROUP, COPY, VERSIONS, FINGERPRINT, KEY, MEMBERSHIP)
                .persist(StorageLevel.MEMORY_AND_DISK());

        // The one action of the ingest: fills the cache and brings back counts and the splits' figures.
        List<Row> summary = classified.groupBy(OUTCOME).agg(count(lit(1)),
                        collect_list(when(col(OUTCOME).equalTo(SPLIT_OUTCOME), struct(col(FILE), col(SPLIT), col(STATS)))),
                        collect_set(when(col(OUTCOME).equalTo(Outcome.FILE_ERROR.code()),
                                concat(col(FILE), lit(": "), col(REASONS).getItem(0)))))
                .collectAsList();
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        List<SplitStats> splits = new ArrayList<>();
        Set<String> problems = new TreeSet<>();
        for (Row r : summary) {
            String outcome = r.getString(0);
            if (outcome.equals(SPLIT_OUTCOME)) {
                for (Row s : r.<Row>getList(2)) {
                    splits.add(SplitStats.of(s.getString(0), s.getInt(1), s.getStruct(2)));
                }
            } else {
                counts.put(Outcome.valueOf(outcome.toUpperCase(Locale.ROOT)), r.getLong(1));
            }
            problems.addAll(r.getList(3));
        }
        return IngestedSource.of(source, fiscalYear, files, classified, counts, splits, List.copyOf(problems));
    }

    /** How much larger a gzip delivery is once inflated, roughly, for sizing the shuffle (CSV compresses 5–10 ×). */
    static final int GZIP_RATIO = 8;

    /**
     * Partitions of the ingest shuffle: one per split's worth of (inflated) bytes, at least one.
     * A small source then costs one task per stage after the scan, not one per configured
     * shuffle partition, and a large one keeps every partition about the size of a split.
     */
    public static int partitionsFor(List<DeliveryFile> files, long splitBytes) {
        long bytes = inflatedBytes(files);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (bytes + splitBytes - 1) / splitBytes));
    }

    /** The bytes of {@code files} as read, roughly: a gzip file counts {@link #GZIP_RATIO} times its size. */
    public static long inflatedBytes(List<DeliveryFile> files) {
        return files.stream().mapToLong(f -> f.gzipped() ? f.length() * GZIP_RATIO : f.length()).sum();
    }

    private static Dataset<Row> flagUnknownUnits(Dataset<Row> rows, Dataset<Row> knownUnits, Column distinctRecord) {
        Dataset<Row> units = knownUnits.select(col(Sources.UNIT_ID), lit(true).as(KNOWN_UNIT)).distinct();
        return rows.join(broadcast(units), rows.col(Sources.UNIT_ID).eqNullSafe(units.col(Sources.UNIT_ID)), "left")
                .drop(units.col(Sources.UNIT_ID))
                .withColumn(REASONS, when(distinctRecord.and(rows.col(Sources.UNIT_ID).isNotNull()).and(col(KNOWN_UNIT).isNull()),
                        array_union(col(REASONS), array(concat(lit(RejectReason.UNKNOWN_UNIT.because("")), rows.col(Sources.UNIT_ID)))))
                        .otherwise(col(REASONS)))
                .drop(KNOWN_UNIT);
    }
}
