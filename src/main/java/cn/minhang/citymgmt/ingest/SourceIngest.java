package cn.minhang.citymgmt.ingest;

import cn.minhang.citymgmt.sources.RejectReason;
import cn.minhang.citymgmt.sources.SourceDefinition;
import cn.minhang.citymgmt.sources.Sources;
import cn.minhang.citymgmt.sources.YearMembership.Verdict;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static cn.minhang.citymgmt.ingest.DeliveryReader.FILE;
import static cn.minhang.citymgmt.ingest.DeliveryReader.FINGERPRINT;
import static cn.minhang.citymgmt.ingest.DeliveryReader.KEY;
import static cn.minhang.citymgmt.ingest.DeliveryReader.LINE;
import static cn.minhang.citymgmt.ingest.DeliveryReader.MEMBERSHIP;
import static cn.minhang.citymgmt.ingest.DeliveryReader.REASONS;
import static cn.minhang.citymgmt.ingest.IngestedSource.OUTCOME;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_union;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

/**
 * The checks that need more than one line: exact re-deliveries (dropped and counted), records
 * that share a key with different content (all quarantined: the job never picks one), unit ids
 * the units source does not know, and the split into this year and other years.
 */
public final class SourceIngest {
    private static final String COPY = "_copy";
    private static final String VERSIONS = "_versions";
    private static final String KNOWN_UNIT = "_known_unit";

    private SourceIngest() {
    }

    /**
     * Classifies every parsed line. {@code knownUnits} holds one column {@code unit_id} and
     * {@code knownIndicators} the framework's indicator ids; each is used only by the sources that
     * refer to it.
     */
    public static IngestedSource classify(SourceDefinition source, int fiscalYear, List<String> files,
                                          Dataset<Row> parsed, Dataset<Row> knownUnits, Set<String> knownIndicators) {
        if (files.isEmpty()) {
            // Nothing delivered: no Spark job to run, only the empty shape for the tables.
            return new IngestedSource(source, fiscalYear, files, parsed.withColumn(OUTCOME, lit(null).cast("string")),
                    new EnumMap<>(Outcome.class), 0L, List.of());
        }
        Dataset<Row> scanned = parsed.persist(StorageLevel.MEMORY_AND_DISK());
        Column thisYear = col(MEMBERSHIP).isin(Verdict.IN_YEAR.name(), Verdict.UNREADABLE.name());

        WindowSpec sameContent = Window.partitionBy(FINGERPRINT).orderBy(FILE, LINE);
        Dataset<Row> current = scanned.filter(thisYear).withColumn(COPY, row_number().over(sameContent));
        Dataset<Row> distinct = current.filter(col(COPY).equalTo(1))
                .transform(SourceIngest::flagConflictingKeys);
        if (source.checksUnit() && knownUnits != null) {
            distinct = distinct.transform(d -> flagUnknownUnits(d, knownUnits));
        }
        if (source.checksIndicator()) {
            Column unknown = col("indicator_id").isNotNull().and(col("indicator_id").isin(knownIndicators.toArray()).unary_$bang());
            distinct = distinct.withColumn(REASONS, when(unknown, array_union(col(REASONS), array(concat(
                    lit(RejectReason.UNKNOWN_INDICATOR.because("")), col("indicator_id"),
                    lit(" is not in the " + fiscalYear + " framework"))))).otherwise(col(REASONS)));
        }
        Dataset<Row> judged = distinct.withColumn(OUTCOME,
                when(size(col(REASONS)).equalTo(0), lit(Outcome.ACCEPTED.code())).otherwise(lit(Outcome.QUARANTINED.code())));
        Dataset<Row> duplicates = current.filter(col(COPY).gt(1)).withColumn(OUTCOME, lit(Outcome.EXACT_DUPLICATE.code()));
        Dataset<Row> others = scanned.filter(col(MEMBERSHIP).equalTo(Verdict.OTHER_YEAR.name()))
                .withColumn(OUTCOME, lit(Outcome.OTHER_YEAR.code()));
        Dataset<Row> unreadable = scanned.filter(col(MEMBERSHIP).equalTo(DeliveryReader.FILE_ERROR))
                .withColumn(OUTCOME, lit(Outcome.FILE_ERROR.code()));

        String[] columns = scanned.columns();
        List<Column> keep = new ArrayList<>();
        for (String c : columns) {
            keep.add(col(c));
        }
        keep.add(col(OUTCOME));
        Column[] shape = keep.toArray(Column[]::new);
        Dataset<Row> classified = judged.select(shape)
                .unionByName(duplicates.select(shape))
                .unionByName(others.select(shape))
                .unionByName(unreadable.select(shape))
                .persist(StorageLevel.MEMORY_AND_DISK());

        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        for (Row r : classified.groupBy(OUTCOME).count().collectAsList()) {
            counts.put(Outcome.valueOf(r.getString(0).toUpperCase(java.util.Locale.ROOT)), r.getLong(1));
        }
        long rowsRead = scanned.filter(col(MEMBERSHIP).notEqual(DeliveryReader.FILE_ERROR)).count();
        List<String> problems = classified.filter(col(OUTCOME).equalTo(Outcome.FILE_ERROR.code()))
                .select(concat(col(FILE), lit(": "), col(REASONS).getItem(0))).as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList();
        scanned.unpersist();
        return new IngestedSource(source, fiscalYear, files, classified, counts, rowsRead, List.copyOf(problems));
    }

    private static Dataset<Row> flagConflictingKeys(Dataset<Row> distinct) {
        WindowSpec sameKey = Window.partitionBy(KEY);
        return distinct
                .withColumn(VERSIONS, when(col(KEY).isNull(), lit(1)).otherwise(size(collect_set(FINGERPRINT).over(sameKey))))
                .withColumn(REASONS, when(col(VERSIONS).gt(1), array_union(col(REASONS), array(concat(
                        lit(RejectReason.CONFLICTING_DUPLICATE.because("")), col(KEY),
                        lit(" has "), col(VERSIONS).cast("string"), lit(" different records"))))).otherwise(col(REASONS)))
                .drop(VERSIONS);
    }

    private static Dataset<Row> flagUnknownUnits(Dataset<Row> distinct, Dataset<Row> knownUnits) {
        Dataset<Row> units = knownUnits.select(col(Sources.UNIT_ID), lit(true).as(KNOWN_UNIT)).distinct();
        return distinct.join(broadcast(units), distinct.col(Sources.UNIT_ID).eqNullSafe(units.col(Sources.UNIT_ID)), "left")
                .drop(units.col(Sources.UNIT_ID))
                .withColumn(REASONS, when(distinct.col(Sources.UNIT_ID).isNotNull().and(col(KNOWN_UNIT).isNull()),
                        array_union(col(REASONS), array(concat(lit(RejectReason.UNKNOWN_UNIT.because("")), distinct.col(Sources.UNIT_ID)))))
                        .otherwise(col(REASONS)))
                .drop(KNOWN_UNIT);
    }
}
