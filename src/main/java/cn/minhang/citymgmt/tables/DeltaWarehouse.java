package cn.minhang.citymgmt.tables;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * The one writer of the job: every table is a Delta folder under the warehouse root,
 * partitioned by {@code fiscal_year}, every row stamped with the run id, and a run replaces its
 * own year and nothing else, in one Delta commit per table.
 */
public final class DeltaWarehouse {
    public static final String FISCAL_YEAR = "fiscal_year";
    public static final String RUN_ID = "run_id";

    private final String root;
    private final String runId;
    private final List<String> written = new ArrayList<>();

    public DeltaWarehouse(String root, String runId) {
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
        this.runId = runId;
    }

    public String path(String table) {
        return root + "/" + table;
    }

    public String runId() {
        return runId;
    }

    /** Tables written by this run so far, in order. */
    public List<String> written() {
        return List.copyOf(written);
    }

    public long replaceYear(Table table, Dataset<Row> rows, int fiscalYear) {
        return replaceYear(table.tableName(), rows, fiscalYear, table.small());
    }

    /**
     * Replaces partition {@code fiscalYear} of {@code table} with {@code rows} (which must all
     * belong to that year; Delta refuses the commit otherwise). Other years stay untouched.
     *
     * @return the number of rows written, from the commit's own metrics (no second pass over the data)
     */
    public long replaceYear(String table, Dataset<Row> rows, int fiscalYear, boolean small) {
        Dataset<Row> stamped = stamp(rows);
        if (small) {
            stamped = stamped.coalesce(1);
        }
        stamped.write()
                .format("delta")
                .mode(SaveMode.Overwrite)
                .option("replaceWhere", FISCAL_YEAR + " = " + fiscalYear)
                .option("mergeSchema", "true")
                .partitionBy(FISCAL_YEAR)
                .save(path(table));
        written.add(table);
        return rowsOfLastCommit(rows.sparkSession(), table);
    }

    private long rowsOfLastCommit(SparkSession spark, String table) {
        Row last = io.delta.tables.DeltaTable.forPath(spark, path(table)).history(1).select("operationMetrics").first();
        // Delta leaves numOutputRows out of a commit that wrote no file: an empty year.
        String rows = last.isNullAt(0) ? null : last.<String, String>getJavaMap(0).get("numOutputRows");
        return rows == null ? 0 : Long.parseLong(rows);
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
