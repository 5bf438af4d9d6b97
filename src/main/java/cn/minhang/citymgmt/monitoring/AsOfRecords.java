package cn.minhang.citymgmt.monitoring;

import cn.minhang.citymgmt.sources.SourceDefinition;
import cn.minhang.citymgmt.sources.Sources;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

/**
 * The records of the fiscal year as they stood at the end of an as-of day (inclusive): a record
 * whose governing date is later is not known yet, and a date of a record that lies after the day
 * (a case closed later, a lift handed over later) had not happened. Timestamps are read in the
 * session's time zone (the job's {@code time_zone}). Every source says how it is seen as of a day;
 * {@link #restrict} refuses a source that does not, so a new source cannot slip through unfiltered.
 */
public final class AsOfRecords {
    private static final Map<String, BiFunction<Dataset<Row>, LocalDate, Dataset<Row>>> VIEWS = new LinkedHashMap<>();

    static {
        // Dimensions and filed figures without a date of their own: as delivered.
        VIEWS.put(Sources.UNITS.name(), (rows, day) -> rows);
        VIEWS.put("targets", (rows, day) -> rows);
        VIEWS.put("self_reports", (rows, day) -> rows);
        VIEWS.put("assessments", (rows, day) -> rows);
        // Events: governed by one date.
        VIEWS.put("waste_collections", (rows, day) -> rows.where(to_date(col("collected_at")).leq(lit(day))));
        VIEWS.put("inspections", (rows, day) -> rows.where(col("inspected_on").leq(lit(day))));
        VIEWS.put("incidents", (rows, day) -> rows.where(col("occurred_on").leq(lit(day))));
        VIEWS.put("surveys", (rows, day) -> rows.where(col("surveyed_on").leq(lit(day))));
        VIEWS.put(Sources.BUDGET_LEDGER.name(), (rows, day) -> rows.where(col("entry_date").leq(lit(day))));
        // Cases received by the day; closed (and rated) only if closed by it.
        VIEWS.put("hotline_cases", (rows, day) -> {
            Column closedLater = to_date(col("closed_at")).gt(lit(day));
            return rows.where(to_date(col("received_at")).leq(lit(day)))
                    .withColumn("satisfaction", when(closedLater, lit(null).cast("string")).otherwise(col("satisfaction")))
                    .withColumn("closed_at", when(closedLater, lit(null).cast("timestamp")).otherwise(col("closed_at")));
        });
        // Orders reported by the day; completed only if completed by it.
        VIEWS.put("repair_orders", (rows, day) -> rows.where(col("reported_on").leq(lit(day)))
                .withColumn("accepted_first_time", when(col("completed_on").gt(lit(day)), lit(null).cast("boolean"))
                        .otherwise(col("accepted_first_time")))
                .withColumn("completed_on", when(col("completed_on").gt(lit(day)), lit(null).cast("date")).otherwise(col("completed_on"))));
        // A lift counts at each of its dates that has come.
        VIEWS.put("elevator_projects", (rows, day) -> {
            Dataset<Row> out = rows;
            for (String c : new String[]{"signed_on", "started_on", "completed_on", "in_service_on"}) {
                out = out.withColumn(c, when(col(c).gt(lit(day)), lit(null).cast("date")).otherwise(col(c)));
            }
            return out;
        });
        // Assets whose maintenance had begun.
        VIEWS.put("asset_inventory", (rows, day) -> rows.where(col("maintained_from").leq(lit(day))));
        // Works started by the day; finished only if finished by it.
        VIEWS.put("works_projects", (rows, day) -> rows.where(col("planned_start").leq(lit(day)))
                .withColumn("accepted_first_time", when(col("actual_finish").gt(lit(day)), lit(null).cast("boolean"))
                        .otherwise(col("accepted_first_time")))
                .withColumn("actual_finish", when(col("actual_finish").gt(lit(day)), lit(null).cast("date")).otherwise(col("actual_finish"))));
    }

    private AsOfRecords() {
    }

    /** {@code rows} (accepted records of {@code source} for the year) as known at the end of {@code day}. */
    public static Dataset<Row> restrict(SourceDefinition source, Dataset<Row> rows, LocalDate day) {
        BiFunction<Dataset<Row>, LocalDate, Dataset<Row>> view = VIEWS.get(source.name());
        if (view == null) {
            throw new IllegalStateException("source " + source.name() + " does not say how it is seen as of a day (AsOfRecords)");
        }
        return view.apply(rows, day);
    }

    /** Whether every source says how it is seen as of a day. */
    static boolean covers(SourceDefinition source) {
        return VIEWS.containsKey(source.name());
    }
}
