package cn.minhang.citymgmt.evaluation;

import cn.minhang.citymgmt.framework.Framework;
import cn.minhang.citymgmt.framework.Indicator;
import cn.minhang.citymgmt.scoring.Measures;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * indicator_scores: one row per unit × indicator for every unit, data or not. The inputs are
 * joined in Spark, then {@link IndicatorScorer} — the plain-Java rules — is applied to every row.
 */
public final class IndicatorScores {
    public static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("fiscal_year", DataTypes.IntegerType, false),
            DataTypes.createStructField("unit_id", DataTypes.StringType, false),
            DataTypes.createStructField("indicator_id", DataTypes.StringType, false),
            DataTypes.createStructField("level1", DataTypes.StringType, false),
            DataTypes.createStructField("level2", DataTypes.StringType, true),
            DataTypes.createStructField("name", DataTypes.StringType, false),
            DataTypes.createStructField("weight", DataTypes.createDecimalType(5, 2), false),
            DataTypes.createStructField("polarity", DataTypes.StringType, false),
            DataTypes.createStructField("method", DataTypes.StringType, false),
            DataTypes.createStructField("target_text", DataTypes.StringType, true),
            DataTypes.createStructField("target_value", Measures.TYPE, true),
            DataTypes.createStructField("target_unit", DataTypes.StringType, true),
            DataTypes.createStructField("target_source", DataTypes.StringType, false),
            DataTypes.createStructField("metric_id", DataTypes.StringType, true),
            DataTypes.createStructField("actual_value", Measures.TYPE, true),
            DataTypes.createStructField("previous_value", Measures.TYPE, true),
            DataTypes.createStructField("completion_ratio", Measures.TYPE, true),
            DataTypes.createStructField("grade", DataTypes.StringType, true),
            DataTypes.createStructField("score", DataTypes.createDecimalType(5, 2), false),
            DataTypes.createStructField("status", DataTypes.StringType, false),
            DataTypes.createStructField("note", DataTypes.StringType, true),
            DataTypes.createStructField("record_count", DataTypes.LongType, false)));

    private IndicatorScores() {
    }

    /**
     * @param metrics         unit_metrics of the year
     * @param previousMetrics unit_metrics of the year before, or null when that year was not run
     * @param targets         accepted targets of the year (unit_id, indicator_id, target)
     * @param assessments     accepted assessments of the year (unit_id, indicator_id, grade, fraction)
     */
    public static Dataset<Row> compute(SparkSession spark, Framework framework, IndicatorScorer scorer, Dataset<Row> units,
                                       Dataset<Row> metrics, Dataset<Row> previousMetrics, Dataset<Row> targets,
                                       Dataset<Row> assessments) {
        Dataset<Row> indicators = spark.createDataFrame(framework.indicators().stream()
                        .map(i -> RowFactory.create(i.id(), i.metricId())).toList(),
                DataTypes.createStructType(List.of(
                        DataTypes.createStructField("indicator_id", DataTypes.StringType, false),
                        DataTypes.createStructField("metric_id", DataTypes.StringType, true))));
        Dataset<Row> previous = previousMetrics == null
                ? spark.createDataFrame(List.of(), DataTypes.createStructType(List.of(
                DataTypes.createStructField("unit_id", DataTypes.StringType, false),
                DataTypes.createStructField("metric_id", DataTypes.StringType, false),
                DataTypes.createStructField("previous_value", Measures.TYPE, true))))
                : previousMetrics.select(col("unit_id"), col("metric_id"), col("value").cast(Measures.TYPE).as("previous_value"));

        Dataset<Row> inputs = units.select("unit_id").crossJoin(indicators)
                .join(metrics.select(col("unit_id"), col("metric_id"), col("value").cast(Measures.TYPE).as("value"), col("record_count")),
                        new String[]{"unit_id", "metric_id"}, "left")
                .join(previous, new String[]{"unit_id", "metric_id"}, "left")
                .join(targets.select("unit_id", "indicator_id", "target"), new String[]{"unit_id", "indicator_id"}, "left")
                .join(assessments.select(col("unit_id"), col("indicator_id"), col("grade").as("assessed_grade"),
                        col("fraction").cast(Measures.TYPE).as("assessed_fraction")), new String[]{"unit_id", "indicator_id"}, "left")
                .select("unit_id", "indicator_id", "target", "value", "record_count", "previous_value", "assessed_grade", "assessed_fraction");

        Map<String, Indicator> byId = new HashMap<>();
        framework.indicators().forEach(i -> byId.put(i.id(), i));
        int year = framework.fiscalYear();
        MapFunction<Row, Row> apply = r -> {
            Indicator ind = byId.get(r.getString(1));
            long records = r.isNullAt(4) ? 0L : r.getLong(4);
            IndicatorInput in = new IndicatorInput(r.getString(2), r.getDecimal(3), records,
                    r.getDecimal(5), r.getString(6), r.getDecimal(7));
            ScoredIndicator s = scorer.score(ind, in);
            return RowFactory.create(year, r.getString(0), ind.id(), ind.level1(), ind.level2(), ind.name(),
                    ind.weight().setScale(2), ind.polarity().code(), ind.method().name().toLowerCase(java.util.Locale.ROOT),
                    s.targetText(), s.targetValue(), s.targetUnit(), s.targetSource(), ind.metricId(), s.actualValue(),
                    in.previous(), s.completionRatio(), s.grade(), s.score().setScale(2), s.status(), s.note(), records);
        };
        return inputs.map(apply, Encoders.row(SCHEMA)).withColumn("fiscal_year", lit(year));
    }
}
