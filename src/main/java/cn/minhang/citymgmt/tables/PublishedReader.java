package cn.minhang.citymgmt.tables;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;

/**
 * Reads the tables of a warehouse as published: each fiscal year at the Delta version its current
 * {@link Publication} names. The reader beside the writer, used by everything that shows results
 * (query command, report, the next year's improvement indicators).
 *
 * <ul>
 *   <li>A year without a publication is not shown: its only runs are still writing, failed or were
 *       killed. A warehouse with no publication at all (written before publications existed) is read
 *       at its latest versions.</li>
 *   <li>The run logs ({@code job_runs}, {@code publications}) are read whole at their latest: every
 *       run, failed ones included, is history worth seeing.</li>
 *   <li>The monitoring tables ({@link Table#MONITORING}) are never published: each as-of run replaces
 *       its (fiscal_year, as_of_date) of each in one commit, and they are read at their latest.</li>
 * </ul>
 */
public final class PublishedReader {
    /** Append-only logs, read at their latest version. */
    public static final Set<String> LOGS = Set.of(Table.JOB_RUNS.tableName(), Publication.TABLE);

    private final SparkSession spark;
    private final String root;
    private final List<Publication> all;
    private final Map<Integer, Publication> current;
    private final boolean published;

    private PublishedReader(SparkSession spark, String root, List<Publication> all) {
        this.spark = spark;
        this.root = DeltaWarehouse.trimmed(root);
        this.all = List.copyOf(all);
        this.current = Publication.current(all);
        this.published = !all.isEmpty();
    }

    /** A reader of the current publications of {@code root} (one small read of the publications table). */
    public static PublishedReader open(SparkSession spark, String root) {
        return new PublishedReader(spark, root, Publication.all(spark, root));
    }

    public SparkSession spark() {
        return spark;
    }

    /** Every publication, oldest first. */
    public List<Publication> all() {
        return all;
    }

    /** The current publication of every year, by year. */
    public Map<Integer, Publication> current() {
        return current;
    }

    /** True once the warehouse has a publication; before that everything is read at its latest. */
    public boolean hasPublications() {
        return published;
    }

    public Dataset<Row> read(String table) {
        return read(table, root + "/" + table);
    }

    /**
     * {@code table} as published: the rows of each published year at that publication's version
     * of the table, unioned (columns a later version added are null in earlier ones).
     */
    public Dataset<Row> read(String table, String location) {
        return MeasureColumns.fromTable(stored(table, location));
    }

    private Dataset<Row> stored(String table, String location) {
        Dataset<Row> latest = spark.read().format("delta").load(location);
        if (!published || LOGS.contains(table) || Table.MONITORING.contains(table) || !List.of(latest.columns()).contains(DeltaWarehouse.FISCAL_YEAR)) {
            return latest;
        }
        // Years that share a version are read in one scan.
        Map<Long, Set<Integer>> yearsByVersion = new TreeMap<>();
        current.values().forEach(p -> {
            Long version = p.tableVersions().get(table);
            if (version != null) {
                yearsByVersion.computeIfAbsent(version, v -> new TreeSet<>()).add(p.fiscalYear());
            }
        });
        List<Dataset<Row>> parts = new ArrayList<>();
        yearsByVersion.forEach((version, years) -> parts.add(spark.read().format("delta").option("versionAsOf", version).load(location)
                .where(col(DeltaWarehouse.FISCAL_YEAR).isin(years.toArray()))));
        if (parts.isEmpty()) {
            return latest.limit(0);
        }
        Dataset<Row> union = parts.get(0);
        for (Dataset<Row> part : parts.subList(1, parts.size())) {
            union = union.unionByName(part, true);
        }
        // The latest schema first, so a reader sees every column the table has now.
        return latest.limit(0).unionByName(union, true);
    }
}
