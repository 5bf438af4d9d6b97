package cn.minhang.citymgmt.tables;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;

/**
 * What readers see of one fiscal year: the Delta version of every table a run wrote for it. A run
 * writes its tables one commit each, then publishes them with one more commit, a row appended to
 * the {@code publications} table; readers read year Y of each table at the version its current
 * publication names (Delta time travel), so a run still writing, or killed half-way, is never seen.
 * The current publication of a year is its latest row.
 *
 * @param tableVersions table name → the Delta version holding this run's rows of the year
 */
public record Publication(int fiscalYear, String runId, Instant publishedAt, Map<String, Long> tableVersions) {
    public static final String TABLE = "publications";
    /**
     * Run ids of publications that table maintenance appends after compacting a year
     * ({@code cn.minhang.citymgmt.maintenance.TableMaintenance}): they name new versions holding the
     * same rows as the publication before them, so they restate nothing.
     */
    public static final String MAINTENANCE_RUN_PREFIX = "maintenance-";

    private static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField(DeltaWarehouse.FISCAL_YEAR, DataTypes.IntegerType, false),
            DataTypes.createStructField("published_at", DataTypes.TimestampType, false),
            DataTypes.createStructField("table_versions", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, false), false)));

    public Publication {
        tableVersions = Map.copyOf(tableVersions);
    }

    /** True for a publication by table maintenance: the same rows as the year's publication before it, compacted. */
    public boolean isMaintenance() {
        return runId != null && runId.startsWith(MAINTENANCE_RUN_PREFIX);
    }

    /** The row to append (the writer stamps the run id). */
    Dataset<Row> toDataFrame(SparkSession spark) {
        return spark.createDataFrame(List.of(RowFactory.create(fiscalYear, Timestamp.from(publishedAt),
                JavaConverters.mapAsScalaMap(new TreeMap<>(tableVersions)))), SCHEMA);
    }

    static Publication fromRow(Row r) {
        Map<String, Long> versions = new TreeMap<>(JavaConverters.mapAsJavaMap(r.<scala.collection.Map<String, Long>>getAs("table_versions")));
        return new Publication(r.<Integer>getAs(DeltaWarehouse.FISCAL_YEAR), r.getAs(DeltaWarehouse.RUN_ID),
                r.<Timestamp>getAs("published_at").toInstant(), versions);
    }

    /**
     * Every publication of the warehouse, oldest first, or an empty list when it has none yet (a
     * warehouse written before publications existed). A few rows per year: read on the driver.
     */
    public static List<Publication> all(SparkSession spark, String warehouseRoot) {
        String path = DeltaWarehouse.trimmed(warehouseRoot) + "/" + TABLE;
        if (!io.delta.tables.DeltaTable.isDeltaTable(spark, path)) {
            return List.of();
        }
        List<Publication> all = new ArrayList<>();
        spark.read().format("delta").load(path).select(col(DeltaWarehouse.FISCAL_YEAR), col(DeltaWarehouse.RUN_ID),
                col("published_at"), col("table_versions")).collectAsList().forEach(r -> all.add(fromRow(r)));
        all.sort(Comparator.comparing(Publication::publishedAt).thenComparing(Publication::runId));
        return all;
    }

    /** The current publication of each year: its latest. */
    public static Map<Integer, Publication> current(List<Publication> all) {
        Map<Integer, Publication> current = new TreeMap<>();
        all.forEach(p -> current.put(p.fiscalYear(), p)); // oldest first, so the latest wins
        return current;
    }
}
