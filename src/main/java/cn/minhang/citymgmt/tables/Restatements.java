package cn.minhang.citymgmt.tables;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

/**
 * What a republication of a year changed (late corrections): per unit and indicator, the old and
 * new score, value, grade and status, between the year's current publication and the one before
 * it, both read by Delta time travel, with the deliveries that changed between the two. Computed
 * when asked, so a run adds no table and no commit for it, and the comparison always stands on
 * the two publications as readers saw them.
 */
public final class Restatements {
    /** The columns of the restatements view, in order. */
    public static final List<String> COLUMNS = List.of("fiscal_year", "unit_id", "indicator_id", "name",
            "old_score", "new_score", "old_value", "new_value", "old_grade", "new_grade", "old_status", "new_status",
            "previous_run_id", "run_id", "restated_at", "changed_deliveries");

    private Restatements() {
    }

    /**
     * Years with at least two editions → {previous, current}. An edition is what one evaluation run
     * published. A publication by table maintenance ({@link Publication#isMaintenance()}) holds the
     * same rows as the one before it, compacted: it continues that edition (the edition is read at
     * the maintenance publication's versions, but keeps its run id and time) instead of starting a
     * new one, so compacting a year restates nothing and a restatement stays listed after it.
     */
    public static Map<Integer, Publication[]> republished(List<Publication> all) {
        Map<Integer, Publication[]> pairs = new LinkedHashMap<>();
        editions(all).forEach((year, ps) -> {
            if (ps.size() >= 2) {
                pairs.put(year, new Publication[]{ps.get(ps.size() - 2), ps.get(ps.size() - 1)});
            }
        });
        return pairs;
    }

    /** Per year, its editions oldest first: maintenance publications folded into the edition before them. */
    static Map<Integer, List<Publication>> editions(List<Publication> all) {
        Map<Integer, List<Publication>> byYear = new LinkedHashMap<>();
        for (Publication p : all) {
            List<Publication> editions = byYear.computeIfAbsent(p.fiscalYear(), y -> new ArrayList<>());
            if (p.isMaintenance() && !editions.isEmpty()) {
                Publication edition = editions.remove(editions.size() - 1);
                Map<String, Long> versions = new TreeMap<>(edition.tableVersions());
                versions.putAll(p.tableVersions());
                editions.add(new Publication(edition.fiscalYear(), edition.runId(), edition.publishedAt(), versions));
            } else {
                editions.add(p);
            }
        }
        return byYear;
    }

    /**
     * The restatements of every republished year of {@code warehouseRoot}, or null when no year was
     * published twice. A year whose previous edition can no longer be read is left out: table
     * maintenance keeps every publication of its retention readable, and the latest of every year,
     * so a restatement is listed for at least that long; after it, VACUUM may have deleted the files
     * the previous edition read (the publications table still records both runs).
     */
    public static Dataset<Row> of(SparkSession spark, String warehouseRoot, List<Publication> all) {
        Dataset<Row> union = null;
        for (Publication[] pair : republished(all).values()) {
            if (!readable(spark, warehouseRoot, pair[0])) {
                continue;
            }
            Dataset<Row> year = between(spark, warehouseRoot, pair[0], pair[1]);
            if (year != null) {
                union = union == null ? year : union.unionByName(year);
            }
        }
        return union;
    }

    /** True when the tables the restatements view reads of {@code publication} can still be read at its versions. */
    public static boolean readable(SparkSession spark, String root, Publication publication) {
        for (String table : List.of(Table.INDICATOR_SCORES.tableName(), Table.DELIVERIES.tableName())) {
            Long version = publication.tableVersions().get(table);
            if (version != null && !YearFiles.readable(spark, root + "/" + table, version, publication.fiscalYear())) {
                return false;
            }
        }
        return true;
    }

    /** The indicators whose score, value, grade or status differ between two publications of a year. */
    public static Dataset<Row> between(SparkSession spark, String root, Publication previous, Publication current) {
        String scores = Table.INDICATOR_SCORES.tableName();
        Long oldVersion = previous.tableVersions().get(scores);
        Long newVersion = current.tableVersions().get(scores);
        if (oldVersion == null || newVersion == null) {
            return null;
        }
        int year = current.fiscalYear();
        Dataset<Row> o = at(spark, root, scores, oldVersion, year).select(col("unit_id"), col("indicator_id"), col("name").as("old_name"),
                col("score").as("old_score"), col("actual_value").as("old_value"), col("grade").as("old_grade"), col("status").as("old_status"));
        Dataset<Row> n = at(spark, root, scores, newVersion, year).select(col("unit_id"), col("indicator_id"), col("name").as("new_name"),
                col("score").as("new_score"), col("actual_value").as("new_value"), col("grade").as("new_grade"), col("status").as("new_status"));
        Column changed = not(col("old_score").eqNullSafe(col("new_score")))
                .or(not(col("old_value").eqNullSafe(col("new_value"))))
                .or(not(col("old_grade").eqNullSafe(col("new_grade"))))
                .or(not(col("old_status").eqNullSafe(col("new_status"))));
        Dataset<Row> indicators = o.join(n, o.col("unit_id").equalTo(n.col("unit_id")).and(o.col("indicator_id").equalTo(n.col("indicator_id"))), "full_outer")
                .select(coalesce(o.col("unit_id"), n.col("unit_id")).as("unit_id"), coalesce(o.col("indicator_id"), n.col("indicator_id")).as("indicator_id"),
                        coalesce(col("new_name"), col("old_name")).as("name"), col("old_score"), col("new_score"),
                        col("old_value").cast("string").as("old_value"), col("new_value").cast("string").as("new_value"),
                        col("old_grade"), col("new_grade"), col("old_status"), col("new_status"))
                .where(changed);
        return indicators.crossJoin(changedDeliveries(spark, root, previous, current))
                .withColumn("fiscal_year", lit(year))
                .withColumn("previous_run_id", lit(previous.runId()))
                .withColumn(DeltaWarehouse.RUN_ID, lit(current.runId()))
                .withColumn("restated_at", lit(Timestamp.from(current.publishedAt())))
                .select(COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new));
    }

    /** One row: the files of the year whose checksum changed, or that came or went, as "source/path (what)". */
    private static Dataset<Row> changedDeliveries(SparkSession spark, String root, Publication previous, Publication current) {
        String table = Table.DELIVERIES.tableName();
        Long oldVersion = previous.tableVersions().get(table);
        Long newVersion = current.tableVersions().get(table);
        if (oldVersion == null || newVersion == null) {
            return spark.sql("SELECT CAST(array() AS ARRAY<STRING>) AS changed_deliveries");
        }
        Dataset<Row> o = at(spark, root, table, oldVersion, current.fiscalYear()).select(col("source"), col("path"), col("checksum").as("old_checksum"));
        Dataset<Row> n = at(spark, root, table, newVersion, current.fiscalYear()).select(col("source"), col("path"), col("checksum").as("new_checksum"));
        Dataset<Row> changes = o.join(n, o.col("source").equalTo(n.col("source")).and(o.col("path").equalTo(n.col("path"))), "full_outer")
                .select(concat(coalesce(o.col("source"), n.col("source")), lit("/"), coalesce(o.col("path"), n.col("path")),
                        when(col("old_checksum").isNull(), lit(" (new)")).when(col("new_checksum").isNull(), lit(" (removed)"))
                                .otherwise(lit(" (changed)"))).as("change"))
                .where(not(col("old_checksum").eqNullSafe(col("new_checksum"))));
        return changes.agg(coalesce(org.apache.spark.sql.functions.sort_array(collect_list(col("change"))),
                org.apache.spark.sql.functions.array().cast("array<string>")).as("changed_deliveries"));
    }

    private static Dataset<Row> at(SparkSession spark, String root, String table, long version, int year) {
        return spark.read().format("delta").option("versionAsOf", version).load(root + "/" + table)
                .where(col(DeltaWarehouse.FISCAL_YEAR).equalTo(year));
    }
}
