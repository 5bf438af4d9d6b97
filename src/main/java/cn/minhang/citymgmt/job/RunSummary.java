package cn.minhang.citymgmt.job;

import cn.minhang.citymgmt.ingest.IngestedSource;
import cn.minhang.citymgmt.ingest.Outcome;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What a run did, as one row of job_runs and as the closing line of its log. */
public record RunSummary(String runId, int fiscalYear, String status, String message, Instant startedAt, Instant finishedAt,
                         Map<String, Map<Outcome, Long>> counts, Map<String, Long> rowsRead, Map<String, Long> rowsScanned,
                         Map<String, Long> filesSkipped, List<String> tablesWritten,
                         int unitsScored, int reconciliationMismatches, String configFingerprint, String input, String warehouse,
                         String frameworkFile, String frameworkFingerprint) {

    private static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("fiscal_year", DataTypes.IntegerType, false),
            DataTypes.createStructField("started_at", DataTypes.TimestampType, false),
            DataTypes.createStructField("finished_at", DataTypes.TimestampType, false),
            DataTypes.createStructField("status", DataTypes.StringType, false),
            DataTypes.createStructField("message", DataTypes.StringType, true),
            DataTypes.createStructField("rows_read", countMap(), false),
            DataTypes.createStructField("rows_scanned", countMap(), false),
            DataTypes.createStructField("files_skipped", countMap(), false),
            DataTypes.createStructField("rows_accepted", countMap(), false),
            DataTypes.createStructField("rows_rejected", countMap(), false),
            DataTypes.createStructField("rows_duplicate", countMap(), false),
            DataTypes.createStructField("rows_other_year", countMap(), false),
            DataTypes.createStructField("tables_written", DataTypes.createArrayType(DataTypes.StringType), false),
            DataTypes.createStructField("units_scored", DataTypes.IntegerType, false),
            DataTypes.createStructField("reconciliation_mismatches", DataTypes.IntegerType, false),
            DataTypes.createStructField("config_fingerprint", DataTypes.StringType, false),
            DataTypes.createStructField("input_root", DataTypes.StringType, false),
            DataTypes.createStructField("warehouse_root", DataTypes.StringType, false),
            DataTypes.createStructField("framework_file", DataTypes.StringType, true),
            DataTypes.createStructField("framework_fingerprint", DataTypes.StringType, true)));

    private static org.apache.spark.sql.types.MapType countMap() {
        return DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, false);
    }

    static RunSummary of(String runId, int year, String status, String message, Instant started, Instant finished,
                         List<IngestedSource> ingested, List<String> tables, int unitsScored, int mismatches, String fingerprint,
                         String input, String warehouse, String frameworkFile, String frameworkFingerprint) {
        Map<String, Map<Outcome, Long>> counts = new LinkedHashMap<>();
        Map<String, Long> read = new LinkedHashMap<>();
        Map<String, Long> scanned = new LinkedHashMap<>();
        Map<String, Long> skipped = new LinkedHashMap<>();
        for (IngestedSource s : ingested) {
            counts.put(s.source().name(), s.counts());
            read.put(s.source().name(), s.rowsRead());
            scanned.put(s.source().name(), s.rowsScanned());
            skipped.put(s.source().name(), (long) s.skipped().size());
        }
        return new RunSummary(runId, year, status, message, started, finished, counts, read, scanned, skipped, tables, unitsScored, mismatches,
                fingerprint, input, warehouse, frameworkFile, frameworkFingerprint);
    }

    public long total(Outcome outcome) {
        return counts.values().stream().mapToLong(m -> m.getOrDefault(outcome, 0L)).sum();
    }

    /** Rows this run actually read from the files (the others' counts came from the deliveries table). */
    public long totalScanned() {
        return rowsScanned.values().stream().mapToLong(Long::longValue).sum();
    }

    public boolean succeeded() {
        return "succeeded".equals(status);
    }

    public String describe() {
        return String.format(Locale.ROOT,
                "run %s %s for %d in %.1f s: %d units scored; %d rows read (%d scanned, %d unchanged files of other years skipped), "
                        + "%d accepted, %d quarantined, %d duplicates, %d other years; %d tables written; %d reconciliation mismatches",
                runId, status, fiscalYear, Duration.between(startedAt, finishedAt).toMillis() / 1000.0, unitsScored,
                rowsRead.values().stream().mapToLong(Long::longValue).sum(), totalScanned(),
                filesSkipped.values().stream().mapToLong(Long::longValue).sum(), total(Outcome.ACCEPTED),
                total(Outcome.QUARANTINED), total(Outcome.EXACT_DUPLICATE), total(Outcome.OTHER_YEAR),
                tablesWritten.size() + 1, reconciliationMismatches);
    }

    Dataset<Row> toDataFrame(SparkSession spark) {
        Row row = RowFactory.create(fiscalYear, Timestamp.from(startedAt), Timestamp.from(finishedAt), status, message,
                scalaMap(rowsRead), scalaMap(rowsScanned), scalaMap(filesSkipped), scalaMap(of(Outcome.ACCEPTED)), scalaMap(of(Outcome.QUARANTINED)),
                scalaMap(of(Outcome.EXACT_DUPLICATE)), scalaMap(of(Outcome.OTHER_YEAR)),
                JavaConverters.asScalaBuffer(tablesWritten).toList(), unitsScored, reconciliationMismatches, configFingerprint, input, warehouse,
                frameworkFile, frameworkFingerprint);
        return spark.createDataFrame(List.of(row), SCHEMA);
    }

    private Map<String, Long> of(Outcome outcome) {
        Map<String, Long> m = new LinkedHashMap<>();
        counts.forEach((source, c) -> m.put(source, c.getOrDefault(outcome, 0L)));
        return m;
    }

    private static scala.collection.Map<String, Long> scalaMap(Map<String, Long> m) {
        return JavaConverters.mapAsScalaMap(m);
    }
}
