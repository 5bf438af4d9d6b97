package cn.minhang.citymgmt.tables;

import org.apache.spark.SparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import org.apache.spark.sql.delta.DeltaLog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * The one writer of the job: every table is a Delta folder under the warehouse root,
 * partitioned by {@code fiscal_year}, every row stamped with the run id, and a run replaces its
 * own year and nothing else, in one Delta commit per table. Writes may run concurrently from
 * several threads: the tables are separate Delta logs, so their commits never conflict.
 */
public final class DeltaWarehouse {
    /**
     * Days a table's Delta log is kept (delta.logRetentionDuration), in effect for ever: the latest
     * publication of a year that is not rerun names a version that grows old without bound, and
     * Delta's default of 30 days would clean its log at the next checkpoint, leaving it unreadable.
     */
    public static final long LOG_RETENTION_DAYS = 36_500;

    public static final String FISCAL_YEAR = "fiscal_year";
    public static final String RUN_ID = "run_id";

    private final String root;
    private final String runId;
    private final List<String> written = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Table → the Delta version this run's replace of its year committed; what the run publishes. */
    private final Map<String, Long> versions = new ConcurrentHashMap<>();
    private WriteMetrics metrics;

    public DeltaWarehouse(String root, String runId) {
        this.root = trimmed(root);
        this.runId = runId;
    }

    static String trimmed(String root) {
        return root.endsWith("/") && root.length() > 1 ? root.substring(0, root.length() - 1) : root;
    }

    public String root() {
        return root;
    }

    public String path(String table) {
        return root + "/" + table;
    }

    public String runId() {
        return runId;
    }

    /** Tables written by this run so far, in order. */
    public List<String> written() {
        synchronized (written) {
            return List.copyOf(written);
        }
    }

    public long replaceYear(Table table, Dataset<Row> rows, int fiscalYear) {
        return replaceYear(table.tableName(), rows, fiscalYear, table.small());
    }

    /**
     * Replaces partition {@code fiscalYear} of {@code table} with {@code rows} (which must all
     * belong to that year; Delta refuses the commit otherwise). Other years stay untouched.
     *
     * @return the number of rows written, from the write tasks' own metrics (no second pass over the data)
     */
    public long replaceYear(String table, Dataset<Row> rows, int fiscalYear, boolean small) {
        Dataset<Row> stamped = stamp(rows);
        if (small) {
            stamped = stamped.coalesce(1);
        }
        Dataset<Row> out = stamped;
        long n;
        try {
            // Inside the try: reading the table's schema fails as the write would, on a broken table folder.
            n = tagged(rows.sparkSession(), table, () -> conformed(out, table).write()
                    .format("delta")
                    .mode(SaveMode.Overwrite)
                    .option("replaceWhere", FISCAL_YEAR + " = " + fiscalYear)
                    .option("mergeSchema", "true")
                    .partitionBy(FISCAL_YEAR)
                    .save(path(table)));
        } catch (Exception e) {
            // Delta's IO errors are checked exceptions that Scala throws undeclared.
            throw new WriteFailure(table, path(table), fiscalYear, e);
        }
        // The commit just made from this thread: this JVM's snapshot of the table is at least it, and no
        // other run writes year Y meanwhile (YearLock), so year Y reads the same at this version.
        versions.put(table, DeltaLog.forTable(rows.sparkSession(), path(table)).unsafeVolatileSnapshot().version());
        written.add(table);
        return n;
    }

    /** {@code rows} as {@code table} already holds its measures: DOUBLE in a table written before they were decimals. */
    private Dataset<Row> conformed(Dataset<Row> rows, String table) {
        if (!MeasureColumns.carriesMeasures(rows.schema()) || !io.delta.tables.DeltaTable.isDeltaTable(rows.sparkSession(), path(table))) {
            return rows;
        }
        return MeasureColumns.toTable(rows, rows.sparkSession().read().format("delta").load(path(table)).schema());
    }

    /** Partition column of the monitoring tables, beside {@link #FISCAL_YEAR}. */
    public static final String AS_OF_DATE = "as_of_date";

    /**
     * Replaces partition ({@code fiscalYear}, {@code asOf}) of a monitoring table with {@code rows}
     * (which must all carry that year and day): one commit, other years and days untouched. Not part
     * of any publication: readers read these tables at their latest version.
     */
    public long replaceAsOf(Table table, Dataset<Row> rows, int fiscalYear, java.time.LocalDate asOf) {
        Dataset<Row> out = stamp(rows).coalesce(1);
        long n;
        try {
            n = tagged(rows.sparkSession(), table.tableName(), () -> conformed(out, table.tableName()).write()
                    .format("delta")
                    .mode(SaveMode.Overwrite)
                    .option("replaceWhere", FISCAL_YEAR + " = " + fiscalYear + " AND " + AS_OF_DATE + " = DATE'" + asOf + "'")
                    .option("mergeSchema", "true")
                    .partitionBy(FISCAL_YEAR, AS_OF_DATE)
                    .save(path(table.tableName())));
        } catch (Exception e) {
            throw new WriteFailure(table.tableName(), path(table.tableName()), fiscalYear, e);
        }
        written.add(table.tableName());
        return n;
    }

    /**
     * Publishes year {@code fiscalYear} as this run wrote it: one row appended to the publications
     * table, naming the version of every table replaced. Until this commit readers see the previous
     * publication; from it on, this run's. Returns the publication.
     */
    public Publication publish(SparkSession spark, int fiscalYear, java.time.Instant at) {
        return publish(spark, fiscalYear, at, versions);
    }

    /**
     * Publishes year {@code fiscalYear} at the given table versions, under this writer's run id: for
     * table maintenance, which republishes a year it compacted (the same rows at new versions).
     */
    public Publication publish(SparkSession spark, int fiscalYear, java.time.Instant at, Map<String, Long> tableVersions) {
        Publication publication = new Publication(fiscalYear, runId, at, new TreeMap<>(tableVersions));
        stamp(publication.toDataFrame(spark)).coalesce(1).write()
                .format("delta")
                .mode(SaveMode.Append)
                .partitionBy(FISCAL_YEAR)
                .save(path(Publication.TABLE));
        return publication;
    }

    /** Runs a write with its jobs tagged, and returns the rows its tasks wrote. */
    private long tagged(SparkSession spark, String table, Runnable write) {
        SparkContext sc = spark.sparkContext();
        synchronized (this) {
            if (metrics == null) {
                metrics = WriteMetrics.register(sc);
            }
        }
        String tag = runId + "/" + table;
        String before = sc.getLocalProperty(WriteMetrics.TAG);
        sc.setLocalProperty(WriteMetrics.TAG, tag);
        try {
            write.run();
        } finally {
            sc.setLocalProperty(WriteMetrics.TAG, before);
        }
        return metrics.rowsWritten(sc, tag);
    }

    /**
     * A table that could not be written (permissions, a full disk, a broken table folder). Tables
     * written before it stay unpublished, so readers keep the year's previous publication.
     */
    public static final class WriteFailure extends RuntimeException {
        WriteFailure(String table, String path, int year, Exception cause) {
            super("cannot write table " + table + " (" + path + ") for fiscal year " + year + ": " + rootCause(cause)
                    + "; nothing of this run is published, readers still see the previous publication of " + year, cause);
        }

        private static String rootCause(Throwable t) {
            Throwable root = t;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": " + root.getMessage();
            return message.lines().findFirst().orElse(message);
        }
    }

    /** Adds rows to a log table such as job_runs, whose history is the point. */
    public void append(Table table, Dataset<Row> rows) {
        stamp(rows).coalesce(1).write()
                .format("delta")
                .mode(SaveMode.Append)
                .option("mergeSchema", "true")
                .partitionBy(FISCAL_YEAR)
                .save(path(table.tableName()));
        written.add(table.tableName());
    }

    public Dataset<Row> read(SparkSession spark, String table) {
        return spark.read().format("delta").load(path(table));
    }

    /** run_id first, then the table's own columns; fiscal_year must be among them. */
    private Dataset<Row> stamp(Dataset<Row> rows) {
        List<Column> columns = new ArrayList<>();
        columns.add(lit(runId).as(RUN_ID));
        for (String c : rows.columns()) {
            if (!c.equals(RUN_ID)) {
                columns.add(col(c));
            }
        }
        if (!List.of(rows.columns()).contains(FISCAL_YEAR)) {
            throw new IllegalArgumentException("rows to write carry no " + FISCAL_YEAR + " column");
        }
        return rows.select(columns.toArray(Column[]::new));
    }
}
