package cn.minhang.citymgmt.evaluation;

import cn.minhang.citymgmt.framework.Framework;
import cn.minhang.citymgmt.framework.Indicator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rank;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * unit_scorecard (§7): per unit the sum of its rounded indicator scores per 一级指标 group and in
 * total, the grade, the district rank (ties share a rank), the percentile (share of units with a
 * strictly lower total) and the change against last year's total where that year was scored.
 */
public final class UnitScorecard {
    private UnitScorecard() {
    }

    public static List<String> groups(Framework framework) {
        Set<String> groups = new LinkedHashSet<>();
        framework.indicators().stream().map(Indicator::group).forEach(groups::add);
        return new ArrayList<>(groups);
    }

    /** @param previousScorecard last year's unit_scorecard, or null when there is none */
    public static Dataset<Row> compute(Framework framework, Dataset<Row> scores, Dataset<Row> units, Dataset<Row> previousScorecard) {
        List<Column> sums = new ArrayList<>();
        Column groupOf = org.apache.spark.sql.functions.substring_index(col("indicator_id"), ".", 1);
        for (String group : groups(framework)) {
            sums.add(sum(when(groupOf.equalTo(group), col("score")).otherwise(lit(0))).cast("decimal(5,2)").as("score_" + group));
        }
        sums.add(sum(col("score")).cast("decimal(5,2)").as("total_score"));
        sums.add(sum(when(col("status").equalTo("no_data"), 1).otherwise(0)).cast("int").as("indicators_no_data"));
        Dataset<Row> totals = scores.groupBy("unit_id").agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new));

        Column total = col("total_score");
        // The district is the window: all units of the year, ranked together.
        org.apache.spark.sql.expressions.WindowSpec district = Window.partitionBy(col("fiscal_year"));
        Dataset<Row> card = units.select("unit_id", "short_name", "unit_type").join(totals, "unit_id")
                .withColumn("fiscal_year", lit(framework.fiscalYear()))
                .withColumn("grade", when(total.geq(90), "优").when(total.geq(80), "良").when(total.geq(60), "中").otherwise("差"))
                .withColumn("district_rank", rank().over(district.orderBy(total.desc())))
                .withColumn("percentile", round(rank().over(district.orderBy(total.asc())).minus(1).multiply(100.0)
                        .divide(count(lit(1)).over(district)), 2));
        if (previousScorecard == null) {
            card = card.withColumn("previous_total", lit(null).cast("decimal(5,2)"));
        } else {
            card = card.join(previousScorecard.select(col("unit_id"), col("total_score").as("previous_total")), new String[]{"unit_id"}, "left");
        }
        return card.withColumn("total_change", col("total_score").minus(col("previous_total")).cast("decimal(6,2)"));
    }
}
