package cn.minhang.citymgmt.tables;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The tables of a warehouse as readers see them: every sub-folder of the root holding a
 * {@code _delta_log} is a table named after the folder, read as published (each year at the
 * version of its current publication, {@link PublishedReader}) unless asked for the latest
 * versions. Tables that a run has not written (yet) simply are not there, and every reader must
 * cope with that.
 */
public final class WarehouseTables {
    /** The view of what each republished year's current publication changed against the one before. */
    public static final String RESTATEMENTS = "restatements";
    /** Folder names usable as an unquoted SQL identifier, hence as a temp view name. */
    private static final Pattern VIEW_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final SparkSession spark;
    private final String root;
    private final Map<String, String> tables;

    /** Null when reading the latest versions. */
    private final PublishedReader published;

    private WarehouseTables(SparkSession spark, String root, Map<String, String> tables, PublishedReader published) {
        this.spark = spark;
        this.root = root;
        this.tables = tables;
        this.published = published;
    }

    /** The tables under {@code root} as published; throws {@link IllegalArgumentException} when it is not a folder. */
    public static WarehouseTables open(SparkSession spark, String root) {
        return open(spark, root, false);
    }

    /**
     * The tables under {@code root}, as published or, with {@code latest}, at their latest versions:
     * what an operator looks at after a run that stopped before publishing (too many rejects).
     */
    public static WarehouseTables open(SparkSession spark, String root, boolean latest) {
        String normalized = root.endsWith("/") && root.length() > 1 ? root.substring(0, root.length() - 1) : root;
        Map<String, String> found = new TreeMap<>();
        try {
            Path dir = new Path(normalized);
            FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(dir) || !fs.getFileStatus(dir).isDirectory()) {
                throw new IllegalArgumentException("warehouse " + root + " does not exist or is not a folder");
            }
            for (FileStatus child : fs.listStatus(dir)) {
                if (child.isDirectory() && fs.exists(new Path(child.getPath(), "_delta_log"))) {
                    found.put(child.getPath().getName(), child.getPath().toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list warehouse " + root + ": " + e.getMessage(), e);
        }
        return new WarehouseTables(spark, normalized, found, latest ? null : PublishedReader.open(spark, normalized));
    }

    public String root() {
        return root;
    }

    /** Table name → location, sorted by name. */
    public Map<String, String> tables() {
        return Map.copyOf(tables);
    }

    public boolean has(String table) {
        return tables.containsKey(table);
    }

    public boolean has(Table table) {
        return has(table.tableName());
    }

    public Dataset<Row> read(String table) {
        String location = tables.get(table);
        if (location == null) {
            throw new IllegalArgumentException("warehouse " + root + " has no table " + table);
        }
        return published == null ? MeasureColumns.fromTable(spark.read().format("delta").load(location)) : published.read(table, location);
    }

    /**
     * The rows of {@code fiscalYear} of {@code table} as this view reads it (a table without a
     * fiscal_year column whole): what every reader of one year asks for, scanning that year's
     * published version only.
     */
    public Dataset<Row> readYear(String table, int fiscalYear) {
        String location = tables.get(table);
        if (location == null) {
            throw new IllegalArgumentException("warehouse " + root + " has no table " + table);
        }
        if (published != null) {
            return published.readYear(table, location, fiscalYear);
        }
        Dataset<Row> latest = MeasureColumns.fromTable(spark.read().format("delta").load(location));
        return java.util.Arrays.asList(latest.columns()).contains(DeltaWarehouse.FISCAL_YEAR)
                ? latest.where(org.apache.spark.sql.functions.col(DeltaWarehouse.FISCAL_YEAR).equalTo(fiscalYear)) : latest;
    }

    public Dataset<Row> readYear(Table table, int fiscalYear) {
        return readYear(table.tableName(), fiscalYear);
    }

    /** The reader of publications, or null when this view reads the latest versions. */
    public PublishedReader published() {
        return published;
    }

    public Dataset<Row> read(Table table) {
        return read(table.tableName());
    }

    /**
     * Registers every table as a temporary view named after its folder, in {@code session} (use a
     * {@link SparkSession#newSession() new session} to keep the views away from other code).
     * Returns the names registered; folders whose name is no plain identifier are skipped.
     */
    public java.util.List<String> registerViews(SparkSession session) {
        java.util.List<String> names = new java.util.ArrayList<>();
        PublishedReader reader = published == null ? null : PublishedReader.open(session, root);
        tables.forEach((name, location) -> {
            if (VIEW_NAME.matcher(name).matches()) {
                (reader == null ? session.read().format("delta").load(location) : reader.read(name, location))
                        .createOrReplaceTempView(name);
                names.add(name);
            }
        });
        Dataset<Row> restatements = reader == null ? null : Restatements.of(session, root, reader.all());
        if (restatements != null && !tables.containsKey(RESTATEMENTS)) {
            restatements.createOrReplaceTempView(RESTATEMENTS);
            names.add(RESTATEMENTS);
        }
        return names;
    }

    /**
     * The latest fiscal year of the scorecard or of budget execution (whichever is later), or
     * null when neither table holds a row: the year a reader shows when none is asked for.
     */
    public Integer latestYear() {
        Integer latest = null;
        for (Table t : new Table[]{Table.UNIT_SCORECARD, Table.BUDGET_EXECUTION}) {
            if (has(t)) {
                Row max = read(t).agg(org.apache.spark.sql.functions.max(DeltaWarehouse.FISCAL_YEAR)).first();
                if (!max.isNullAt(0)) {
                    int year = ((Number) max.get(0)).intValue();
                    latest = latest == null ? year : Math.max(latest, year);
                }
            }
        }
        return latest;
    }

    /** A plain path (no URI scheme such as hdfs: or file:), which can be checked before Spark starts. */
    public static boolean isLocal(String location) {
        return !location.matches("^[A-Za-z][A-Za-z0-9+.-]+:.*");
    }
}
