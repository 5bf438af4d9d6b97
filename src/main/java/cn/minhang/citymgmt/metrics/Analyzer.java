package cn.minhang.citymgmt.metrics;

import cn.minhang.citymgmt.scoring.Measures;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

/**
 * Many small aggregations over one source that share one scan (as Deequ's analyzers do): every
 * metric of the source is one pair of aggregate columns in a single {@code groupBy(unit_id)},
 * then the wide row is unpivoted into the long {@code unit_metrics} shape.
 */
public final class Analyzer {
    private Analyzer() {
    }

    /** One row per unit × metric: unit_id, metric_id, value ({@link Measures#TYPE}), measure_unit, record_count, source. */
    public static Dataset<Row> aggregate(Dataset<Row> rows, String source, List<Metric> metrics) {
        List<Column> aggregates = new ArrayList<>();
        for (int i = 0; i < metrics.size(); i++) {
            aggregates.add(metrics.get(i).value().cast(Measures.TYPE).as("v" + i));
            aggregates.add(metrics.get(i).recordCount().cast("long").as("n" + i));
        }
        Dataset<Row> wide = rows.groupBy(col("unit_id"))
                .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));
        StringBuilder stack = new StringBuilder("stack(" + metrics.size());
        for (int i = 0; i < metrics.size(); i++) {
            Metric m = metrics.get(i);
            stack.append(", '").append(m.id()).append("', '").append(m.unit()).append("', v").append(i).append(", n").append(i);
        }
        stack.append(") as (metric_id, measure_unit, value, record_count)");
        return wide.select(col("unit_id"), expr(stack.toString()))
                .withColumn("source", lit(source));
    }
}
