package cn.minhang.citymgmt.tables;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

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
    /** Location@version → the table read at that version, see {@link #version}. */
    private final Map<String, Dataset<Row>> versions = new java.util.concurrent.ConcurrentHashMap<>();

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

    /**
     * The rows of {@code fiscalYear} of {@code table} as published: one scan of the version the year's
     * current publication names, in the table's latest schema, and no rows when the year is not
     * published. What a reader of one year needs, without touching the versions of other years.
     */
    public Dataset<Row> readYear(String table, String location, int fiscalYear) {
        return MeasureColumns.fromTable(storedYear(table, location, fiscalYear));
    }

    /** True when {@code table} is read at published versions (not at its latest, as logs and monitoring tables are). */
    private boolean readAsPublished(String table, Dataset<Row> latest) {
        return published && !LOGS.contains(table) && !Table.MONITORING.contains(table)
                && List.of(latest.columns()).contains(DeltaWarehouse.FISCAL_YEAR);
    }

    private Dataset<Row> storedYear(String table, String location, int fiscalYear) {
        Dataset<Row> latest = version(location, null);
        if (!List.of(latest.columns()).contains(DeltaWarehouse.FISCAL_YEAR)) {
            return latest;
        }
        if (!readAsPublished(table, latest)) {
            return latest.where(col(DeltaWarehouse.FISCAL_YEAR).equalTo(fiscalYear));
        }
        Publication publication = current.get(fiscalYear);
        Long version = publication == null ? null : publication.tableVersions().get(table);
        if (version == null) {
            return latest.limit(0);
        }
        return inSchemaOf(latest.schema(), version(location, version).where(col(DeltaWarehouse.FISCAL_YEAR).equalTo(fiscalYear)));
    }

    private Dataset<Row> stored(String table, String location) {
        Dataset<Row> latest = version(location, null);
        if (!readAsPublished(table, latest)) {
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
        yearsByVersion.forEach((version, years) -> parts.add(inSchemaOf(latest.schema(),
                version(location, version).where(col(DeltaWarehouse.FISCAL_YEAR).isin(years.toArray())))));
        if (parts.isEmpty()) {
            return latest.limit(0);
        }
        Dataset<Row> union = parts.get(0);
        for (Dataset<Row> part : parts.subList(1, parts.size())) {
            union = union.unionByName(part, true);
        }
        return union;
    }

    /**
     * The table at {@code version} (null: its latest), one Dataset per version for the reader's life. Delta
     * builds a table's state (its list of files) once per snapshot, and a snapshot of an older version is
     * not cached by Delta: reading the same version again through this Dataset reuses its snapshot instead
     * of rebuilding it, which is most of what reading a small table costs.
     */
    private Dataset<Row> version(String location, Long version) {
        return versions.computeIfAbsent(location + "@" + (version == null ? "latest" : version), k -> version == null
                ? spark.read().format("delta").load(location)
                : spark.read().format("delta").option("versionAsOf", version).load(location));
    }

    /**
     * {@code part} in the latest schema: its columns in the latest order, with the columns a later version
     * added as nulls of their type (and, last, any the latest lacks), so that every year reads alike.
     */
    private static Dataset<Row> inSchemaOf(StructType latest, Dataset<Row> part) {
        Set<String> have = Set.of(part.columns());
        Set<String> named = new java.util.HashSet<>();
        List<Column> columns = new ArrayList<>();
        for (StructField f : latest.fields()) {
            named.add(f.name());
            columns.add(have.contains(f.name()) ? col(f.name()) : lit(null).cast(f.dataType()).as(f.name()));
        }
        for (String c : part.columns()) {
            if (!named.contains(c)) {
                columns.add(col(c));
            }
        }
        return part.select(columns.toArray(Column[]::new));
    }
}
