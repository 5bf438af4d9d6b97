package cn.minhang.citymgmt.monitoring;

import cn.minhang.citymgmt.budget.BudgetExecution;
import cn.minhang.citymgmt.evaluation.IndicatorScorer;
import cn.minhang.citymgmt.evaluation.IndicatorScores;
import cn.minhang.citymgmt.framework.Framework;
import cn.minhang.citymgmt.metrics.MetricCatalog;
import cn.minhang.citymgmt.scoring.Measures;
import cn.minhang.citymgmt.scoring.Polarity;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/**
 * Mid-year monitoring (双监控, 预算绩效运行监控): budget progress and target progress together, at
 * the end of an as-of day, from the records governed up to it ({@link AsOfRecords}).
 *
 * <ul>
 *   <li>{@link #budget}: per unit and account, 执行进度 (executed to date ÷ adjusted budget to date)
 *       against 时间进度; behind when it lags by more than the margin (percentage points).</li>
 *   <li>{@link #indicators}: per unit and indicator, the value to date against its target (pro-rated
 *       for cumulative measures), and the year-end projection if the pace holds, scored by the very
 *       rules of the year-end ({@link IndicatorScores} over projected metrics).</li>
 *   <li>{@link #warnings}: the 预警 list, one row per warning.</li>
 * </ul>
 */
public final class Monitoring {
    public static final String BUDGET_BEHIND = "budget_behind";
    public static final String TARGET_BEHIND = "target_behind";
    public static final String NO_DATA = "no_data";

    private static final StructType INDICATOR_SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("unit_id", DataTypes.StringType, false),
            DataTypes.createStructField("indicator_id", DataTypes.StringType, false),
            DataTypes.createStructField("accrual", DataTypes.StringType, true),
            DataTypes.createStructField("compared_target", DataTypes.createDecimalType(20, 2), true),
            DataTypes.createStructField("target_progress", DataTypes.createDecimalType(12, 2), true),
            DataTypes.createStructField("on_track", DataTypes.BooleanType, true)));

    private Monitoring() {
    }

    /**
     * monitoring_budget: one row per unit × account (basic, project, total), every unit.
     *
     * @param executionAsOf {@link BudgetExecution#perAccount} of the ledger entries dated up to the day
     * @param units         the units (unit_id, short_name), so that readers of the table see names
     */
    public static Dataset<Row> budget(Dataset<Row> executionAsOf, Dataset<Row> units, TimeProgress time, BigDecimal marginPoints) {
        Column timeProgress = lit(time.percent()).cast("decimal(5,2)");
        Column gap = timeProgress.minus(col("execution_rate")).cast("decimal(9,2)");
        return executionAsOf.join(units.select("unit_id", "short_name"), new String[]{"unit_id"}, "left")
                .select(
                        lit(time.fiscalYear()).as("fiscal_year"),
                        lit(time.asOf()).as("as_of_date"),
                        col("unit_id"),
                        col("short_name"),
                        col("account"),
                        col("initial_yuan"),
                        col("adjustment_yuan"),
                        col("adjusted_yuan"),
                        col("executed_yuan").as("executed_to_date_yuan"),
                        col("execution_rate").as("execution_progress"),
                        timeProgress.as("time_progress"),
                        gap.as("gap_points"),
                        lit(marginPoints).cast("decimal(5,2)").as("margin_points"),
                        when(col("execution_rate").isNotNull(), gap.gt(lit(marginPoints))).as("behind"),
                        col("entry_count"),
                        col("status"));
    }

    /** The metrics to date turned into the year-end values they reach if the pace holds. */
    public static Dataset<Row> projectedMetrics(Dataset<Row> metricsToDate, TimeProgress time) {
        Object[] cumulative = MetricCatalog.all().stream().filter(MetricCatalog.Entry::cumulative).map(MetricCatalog.Entry::id).toArray();
        // The days in the year are taken before the division, as a whole number: the one rounding is the final cast's.
        Column projected = col("value").cast(Measures.TYPE).multiply(lit(time.daysInYear())).cast(Measures.TYPE)
                .divide(lit(time.daysElapsed()).cast(Measures.TYPE));
        return metricsToDate.withColumn("value", when(col("metric_id").isin(cumulative), projected).otherwise(col("value"))
                .cast(Measures.TYPE));
    }

    /**
     * monitoring_indicators: one row per unit × indicator of the framework, every unit.
     *
     * @param metricsToDate   unit_metrics computed from the records as of the day
     * @param previousMetrics unit_metrics of the year before as published, or null
     */
    public static Dataset<Row> indicators(SparkSession spark, Framework framework, IndicatorScorer scorer, Dataset<Row> units,
                                          Dataset<Row> metricsToDate, Dataset<Row> previousMetrics, Dataset<Row> targets,
                                          Dataset<Row> assessments, TimeProgress time) {
        // The projection is scored by the year-end's own rules: the same IndicatorScores over projected values.
        Dataset<Row> projected = IndicatorScores.compute(spark, framework, scorer, units, projectedMetrics(metricsToDate, time),
                previousMetrics, targets, assessments);
        Dataset<Row> joined = projected.join(metricsToDate.select(col("unit_id"), col("metric_id"), col("value").cast(Measures.TYPE).as("value_to_date"),
                        col("record_count").as("records_to_date")), new String[]{"unit_id", "metric_id"}, "left")
                .cache();

        Set<String> cumulative = new HashSet<>();
        MetricCatalog.all().stream().filter(MetricCatalog.Entry::cumulative).forEach(e -> cumulative.add(e.id()));
        MapFunction<Row, Row> progressOf = r -> {
            String metric = r.getAs("metric_id");
            String method = r.getAs("method");
            Polarity polarity = Polarity.parse(r.getAs("polarity"));
            BigDecimal toDate = r.getAs("value_to_date");
            BigDecimal target = r.getAs("target_value");
            boolean isCumulative = metric != null && cumulative.contains(metric);
            String accrual = metric == null ? null : isCumulative ? "cumulative" : "as_it_stands";
            TargetProgress p = TargetProgress.of(polarity, isCumulative, toDate, target, time);
            Boolean onTrack = p.onTrack();
            if (polarity == Polarity.QUALITATIVE && !"assessment".equals(method) && toDate != null) {
                // A grade has no share of a target: on track when the pace so far earns the top grade; no grade
                // (an improvement without last year's baseline) judges nothing.
                String grade = r.getAs("grade");
                onTrack = grade == null ? null : "achieved".equals(grade);
            }
            return RowFactory.create(r.getAs("unit_id"), r.getAs("indicator_id"), accrual, p.comparedTarget(), p.progress(), onTrack);
        };
        Dataset<Row> progress = joined.select("unit_id", "indicator_id", "metric_id", "method", "polarity", "value_to_date",
                "target_value", "grade").map(progressOf, Encoders.row(INDICATOR_SCHEMA));

        return joined.join(progress, new String[]{"unit_id", "indicator_id"})
                .select(
                        lit(time.fiscalYear()).as("fiscal_year"),
                        lit(time.asOf()).as("as_of_date"),
                        col("unit_id"),
                        col("indicator_id"),
                        col("level1"),
                        col("level2"),
                        col("name"),
                        col("weight"),
                        col("polarity"),
                        col("method"),
                        col("metric_id"),
                        col("accrual"),
                        col("value_to_date"),
                        coalesce(col("records_to_date"), lit(0L)).as("record_count"),
                        col("target_text"),
                        col("target_value"),
                        col("target_unit"),
                        lit(time.percent()).cast("decimal(5,2)").as("time_progress"),
                        col("compared_target"),
                        col("target_progress"),
                        col("on_track"),
                        lit(true).as("projection"),
                        col("actual_value").as("projected_value"),
                        col("score").as("projected_score"),
                        col("grade").as("projected_grade"),
                        col("status").as("projected_status"),
                        col("note").as("projected_note"));
    }

    /** monitoring_warnings (预警): behind on budget, behind on a target, no data yet; one row each. */
    public static Dataset<Row> warnings(Dataset<Row> budget, Dataset<Row> indicators) {
        Column account = when(col("account").equalTo("basic"), lit("基本支出"))
                .when(col("account").equalTo("project"), lit("项目支出")).otherwise(lit("预算合计"));
        Dataset<Row> behindBudget = budget.where(col("behind"))
                .select(col("fiscal_year"), col("as_of_date"), col("unit_id"), lit(BUDGET_BEHIND).as("kind"),
                        col("account").as("subject"),
                        format_string("%s执行进度 %s%% 落后时间进度 %s%% 达 %s 个百分点（容差 %s 个百分点）", account,
                                col("execution_progress").cast("string"), col("time_progress").cast("string"),
                                col("gap_points").cast("string"), col("margin_points").cast("string")).as("message"));
        Column expected = when(col("accrual").equalTo("cumulative"), lit("按时间进度折算的目标 ")).otherwise(lit("目标 "));
        Column quantitative = concat(lit("截至 "), col("as_of_date").cast("string"), lit(" 完成 "),
                Measures.shown(col("value_to_date")), lit("，"), expected, col("compared_target").cast("string"),
                lit("（全年目标 "), coalesce(col("target_text"), lit("")), lit("）"));
        Column qualitative = concat(lit("截至 "), col("as_of_date").cast("string"), lit(" 按当前进度预计等级为 "),
                when(col("projected_grade").equalTo("partial"), lit("部分达成")).when(col("projected_grade").equalTo("not_achieved"), lit("未达成"))
                        .otherwise(coalesce(col("projected_grade"), lit(""))), lit("，未达“达成年度指标”"));
        Dataset<Row> behindTarget = indicators.where(col("on_track").equalTo(false))
                .select(col("fiscal_year"), col("as_of_date"), col("unit_id"), lit(TARGET_BEHIND).as("kind"),
                        col("indicator_id").as("subject"),
                        concat(col("name"), lit("："), when(col("polarity").equalTo("qualitative"), qualitative).otherwise(quantitative))
                                .as("message"));
        // Assessments are graded at year end: their absence mid-year is no warning.
        Dataset<Row> noData = indicators.where(col("value_to_date").isNull().and(col("method").notEqual("assessment")))
                .select(col("fiscal_year"), col("as_of_date"), col("unit_id"), lit(NO_DATA).as("kind"),
                        col("indicator_id").as("subject"),
                        concat(col("name"), lit("：截至 "), col("as_of_date").cast("string"), lit(" 尚无数据")).as("message"));
        return behindBudget.unionByName(behindTarget).unionByName(noData);
    }
}
