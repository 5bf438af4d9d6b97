package cn.minhang.citymgmt.metrics;

import cn.minhang.citymgmt.scoring.Measures;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/**
 * Builds {@code unit_metrics}: every unit × every catalogued metric, from the cleaned records of
 * one fiscal year. Event sources where absence means zero (incidents) read 0 for a unit without
 * rows, provided the source was delivered for the year at all; other metrics stay null (no data).
 */
public final class MetricsStage {
    private MetricsStage() {
    }

    /**
     * @param cleaned           accepted records of the year by source name
     * @param units             the units table (unit_id, population)
     * @param budgetExecution   the budget_execution table of the year
     * @param incidentsDelivered whether the incidents source holds any record of the year
     */
    public static Dataset<Row> compute(SparkSession spark, Map<String, Dataset<Row>> cleaned, Dataset<Row> units,
                                       Dataset<Row> budgetExecution, int fiscalYear, boolean incidentsDelivered) {
        Dataset<Row> measured = measured(spark, UnitMetrics.ANALYZERS, cleaned, budgetExecution, fiscalYear);

        List<Row> catalog = MetricCatalog.all().stream()
                .map(e -> org.apache.spark.sql.RowFactory.create(e.id(), e.unit(), e.source())).toList();
        Dataset<Row> metrics = spark.createDataFrame(catalog, org.apache.spark.sql.types.DataTypes.createStructType(List.of(
                org.apache.spark.sql.types.DataTypes.createStructField("metric_id", org.apache.spark.sql.types.DataTypes.StringType, false),
                org.apache.spark.sql.types.DataTypes.createStructField("measure_unit", org.apache.spark.sql.types.DataTypes.StringType, false),
                org.apache.spark.sql.types.DataTypes.createStructField("source", org.apache.spark.sql.types.DataTypes.StringType, false))));

        Dataset<Row> grid = units.select("unit_id").crossJoin(metrics)
                .join(measured.select("unit_id", "metric_id", "value", "record_count"), new String[]{"unit_id", "metric_id"}, "left")
                .withColumn("record_count", coalesce(col("record_count"), lit(0L)))
                .withColumn("value", when(col("value").isNull().and(col("source").equalTo("incidents")).and(lit(incidentsDelivered)),
                                lit(BigDecimal.ZERO).cast(Measures.TYPE))
                        .otherwise(col("value")))
                .cache();

        Dataset<Row> derived = derived(grid, units);
        return grid.filter(col("metric_id").isin(derivedIds()).unary_$bang())
                .unionByName(derived)
                .select(lit(fiscalYear).as("fiscal_year"), col("unit_id"), col("metric_id"), col("value"),
                        col("measure_unit"), col("record_count"), col("source"));
    }

    private static Column perTenThousand(Column value, Column population) {
        return UnitMetrics.quotient(value.cast(Measures.TYPE).multiply(lit(TEN_THOUSAND)), population);
    }

    private static final BigDecimal TEN_THOUSAND = BigDecimal.valueOf(10000);

    private static Object[] derivedIds() {
        return MetricCatalog.DERIVED.toArray();
    }

    /**
     * Every analyzer's rows, one union. An analyzer whose input is missing adds nothing, so its
     * metrics are left to the grid as no data, as a source without records of the year is.
     * Takes the list so a test can register an analyzer of its own; the job passes {@link UnitMetrics#ANALYZERS}.
     */
    static Dataset<Row> measured(SparkSession spark, List<SourceAnalyzer> analyzers, Map<String, Dataset<Row>> cleaned,
                                 Dataset<Row> budgetExecution, int fiscalYear) {
        List<Dataset<Row>> parts = new ArrayList<>();
        for (SourceAnalyzer analyzer : analyzers) {
            Dataset<Row> input = analyzer.input() == SourceAnalyzer.Input.BUDGET_EXECUTION
                    ? budgetExecution : cleaned.get(analyzer.source().name());
            if (input != null) {
                parts.add(analyzer.compute(input, fiscalYear));
            }
        }
        return parts.stream().reduce(Dataset::unionByName)
                .orElseGet(() -> spark.createDataFrame(List.of(), MEASURED));
    }

    /** What {@link Analyzer#aggregate} gives, for a union with nothing in it. */
    private static final StructType MEASURED = StructType.fromDDL(
            "unit_id STRING, metric_id STRING, measure_unit STRING, value DECIMAL(" + Measures.PRECISION + "," + Measures.SCALE
                    + "), record_count BIGINT, source STRING");

    /** Metrics of metrics: the incident rate over active works, and per-capita figures. */
    private static Dataset<Row> derived(Dataset<Row> grid, Dataset<Row> units) {
        Dataset<Row> wide = grid.groupBy("unit_id").agg(
                        first(when(col("metric_id").equalTo("incident.major_count"), col("value")), true).as("major"),
                        first(when(col("metric_id").equalTo("incident.major_count"), col("record_count")), true).as("major_n"),
                        first(when(col("metric_id").equalTo("works.active_in_year"), col("value")), true).as("active"),
                        first(when(col("metric_id").equalTo("hotline.cases_total"), col("value")), true).as("cases"),
                        first(when(col("metric_id").equalTo("hotline.cases_total"), col("record_count")), true).as("cases_n"),
                        first(when(col("metric_id").equalTo("waste.total_tonnes_per_day"), col("value")), true).as("tonnes"),
                        first(when(col("metric_id").equalTo("waste.total_tonnes_per_day"), col("record_count")), true).as("tonnes_n"))
                .join(units.select(col("unit_id"), col("population")), "unit_id");
        String stack = "stack(3, "
                + "'" + MetricCatalog.MAJOR_INCIDENT_RATE + "', 'percent', rate, major_n, 'incidents', "
                + "'" + MetricCatalog.HOTLINE_PER_10K + "', 'count', hotline_pc, cases_n, 'hotline_cases', "
                + "'" + MetricCatalog.WASTE_PER_10K + "', 't', waste_pc, tonnes_n, 'waste_collections'"
                + ") as (metric_id, measure_unit, value, record_count, source)";
        return wide
                .withColumn("rate", UnitMetrics.percent(col("major"), greatest(coalesce(col("active"), lit(BigDecimal.ZERO)), lit(BigDecimal.ONE))))
                .withColumn("hotline_pc", when(col("population").gt(0), perTenThousand(col("cases"), col("population"))))
                .withColumn("waste_pc", when(col("population").gt(0), perTenThousand(col("tonnes"), col("population"))))
                .selectExpr("unit_id", stack);
    }
}
