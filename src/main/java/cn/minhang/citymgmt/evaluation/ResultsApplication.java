package cn.minhang.citymgmt.evaluation;

import cn.minhang.citymgmt.scoring.ResultRules;
import cn.minhang.citymgmt.scoring.ScoreStatus;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * results_application (评价结果应用), one row per unit and year: the budget action its grade
 * proposes by the rules of {@code conf/results-application.properties} ({@link ResultRules}), its
 * rectification list (整改清单: the indicators that lost the most points, with the scoring note as
 * the reason) and whether last year's listed indicators improved (each lost fewer points this year
 * than last; null, and counted as not comparable, where either year scored it without data). Computed in Spark from the year's indicator scores and scorecard, and last year's
 * results_application as published.
 */
public final class ResultsApplication {
    public static final StructType RULES = DataTypes.createStructType(List.of(
            DataTypes.createStructField("r_grade", DataTypes.StringType, false),
            DataTypes.createStructField("action", DataTypes.StringType, false),
            DataTypes.createStructField("action_label", DataTypes.StringType, false),
            DataTypes.createStructField("budget_change_percent", DataTypes.createDecimalType(6, 2), false),
            DataTypes.createStructField("rectification_required", DataTypes.BooleanType, false)));

    static final String ITEMS = "array<struct<rank:int,indicator_id:string,name:string,weight:decimal(5,2),score:decimal(5,2),"
            + "lost_points:decimal(5,2),reason:string,status:string>>";

    private ResultsApplication() {
    }

    /**
     * @param scores         the year's indicator_scores
     * @param scorecard      the year's unit_scorecard
     * @param previous       last year's results_application as published, or null
     */
    public static Dataset<Row> compute(SparkSession spark, ResultRules rules, Dataset<Row> scores, Dataset<Row> scorecard,
                                       Dataset<Row> previous, int year) {
        List<Row> ruleRows = new ArrayList<>();
        for (String grade : ResultRules.GRADES) {
            ResultRules.Rule r = rules.rule(grade);
            ruleRows.add(RowFactory.create(grade, r.action(), r.label(), r.budgetChangePercent().setScale(2), r.rectification()));
        }
        Dataset<Row> ruleTable = spark.createDataFrame(ruleRows, RULES);

        Column lost = coalesce(col("weight"), lit(0)).minus(coalesce(col("score"), lit(0)));
        Dataset<Row> losses = scores.select(col("unit_id"), col("indicator_id"), col("name"), col("weight").cast("decimal(5,2)").as("weight"),
                        col("score").cast("decimal(5,2)").as("score"),
                        lost.cast("decimal(5,2)").as("lost_points"),
                        coalesce(col("note"), col("status")).as("reason"), col("status"))
                .where(col("lost_points").gt(0))
                .withColumn("rank", row_number().over(Window.partitionBy("unit_id")
                        .orderBy(col("lost_points").desc(), col("indicator_id"))))
                .where(col("rank").leq(rules.maxItems()));
        Dataset<Row> lists = losses.groupBy(col("unit_id").as("l_unit")).agg(array_sort(collect_list(struct(
                col("rank").cast("int").as("rank"), col("indicator_id"), col("name"), col("weight"), col("score"),
                col("lost_points"), col("reason"), col("status")))).as("rectification"));

        Dataset<Row> out = scorecard.select(col("unit_id"), col("short_name"), col("total_score"), col("grade"))
                .join(ruleTable, col("grade").equalTo(col("r_grade")), "left")
                .join(lists, col("unit_id").equalTo(col("l_unit")), "left")
                .drop("r_grade", "l_unit");

        if (previous != null && java.util.Arrays.asList(previous.columns()).contains("rectification")) {
            Dataset<Row> item = previous.select(col("unit_id").as("p_unit"), explode(col("rectification")).as("item"));
            boolean withStatus = java.util.Arrays.asList(item.select("item.*").columns()).contains("status");
            Dataset<Row> before = item.select(col("p_unit"), col("item.indicator_id").as("p_indicator"), col("item.name").as("p_name"),
                    col("item.lost_points").as("lost_before"), withStatus ? col("item.status").as("status_before") : lit(null).cast("string").as("status_before"));
            Dataset<Row> now = scores.select(col("unit_id").as("n_unit"), col("indicator_id").as("n_indicator"),
                    lost.cast("decimal(5,2)").as("lost_now"), col("status").as("status_now"));
            // Only a loss scored on data in both years compares: points lost for want of data (no_data, no_baseline …)
            // in one year are no progress or decline of the unit, as with the totals (unit_scorecard.totals_comparable).
            Object[] onData = ScoreStatus.onDataCodes().toArray();
            Column comparable = col("lost_now").isNotNull().and(col("status_now").isin(onData)).and(col("status_before").isin(onData));
            Column improved = when(comparable, col("lost_now").lt(col("lost_before"))).otherwise(lit(null).cast("boolean"));
            Dataset<Row> review = before.join(now, col("p_unit").equalTo(col("n_unit")).and(col("p_indicator").equalTo(col("n_indicator"))), "left")
                    .withColumn("improved", improved)
                    .groupBy(col("p_unit").as("r_unit"))
                    .agg(count(lit(1)).cast("int").as("previous_items"),
                            sum(when(col("improved"), 1).otherwise(0)).cast("int").as("previous_improved"),
                            sum(when(col("improved").isNull(), 1).otherwise(0)).cast("int").as("previous_not_comparable"),
                            array_sort(collect_list(struct(col("p_indicator").as("indicator_id"), col("p_name").as("name"),
                                    col("lost_before"), col("lost_now"), col("improved")))).as("previous_review"));
            out = out.join(review, col("unit_id").equalTo(col("r_unit")), "left").drop("r_unit");
        } else {
            out = out.withColumn("previous_items", lit(null).cast("int"))
                    .withColumn("previous_improved", lit(null).cast("int"))
                    .withColumn("previous_not_comparable", lit(null).cast("int"))
                    .withColumn("previous_review", lit(null).cast(
                            "array<struct<indicator_id:string,name:string,lost_before:decimal(5,2),lost_now:decimal(5,2),improved:boolean>>"));
        }
        return out.select(lit(year).as("fiscal_year"), col("unit_id"), col("short_name"), col("total_score"), col("grade"),
                col("action"), col("action_label"), col("budget_change_percent"), col("rectification_required"),
                coalesce(col("rectification"), org.apache.spark.sql.functions.array().cast(ITEMS)).as("rectification"),
                col("previous_items"), col("previous_improved"), col("previous_not_comparable"), col("previous_review"));
    }

}
