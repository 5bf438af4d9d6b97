package cn.minhang.citymgmt.evaluation;

import cn.minhang.citymgmt.framework.Framework;
import cn.minhang.citymgmt.framework.Indicator;
import cn.minhang.citymgmt.scoring.Grading;
import cn.minhang.citymgmt.scoring.ScoreStatus;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rank;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

/**
 * unit_scorecard (§7): per unit the sum of its rounded indicator scores per 一级指标 group and in
 * total, the grade, the district rank (ties share a rank), the percentile (share of units with a
 * strictly lower total) and the change against last year's total where that year was scored.
 *
 * <p>Year on year: two totals are on the same basis only when both years scored the same
 * indicators on data ({@link ScoreStatus#scoredOnData()}); an indicator that is 0 for want of data
 * in one year ({@code no_data}, {@code no_baseline}, {@code data_error}) would otherwise count as a
 * change of the unit's performance. So {@code total_change} is kept only where the bases agree
 * ({@code totals_comparable} true); {@code comparable_change} is always the change of the sum of
 * scores over the {@code comparable_indicators} indicators scored on data in both years, and equals
 * {@code total_change} where the bases agree. All four are null without a previous scorecard of the
 * unit, or without last year's indicator scores to check the basis against.
 */
public final class UnitScorecard {
    // Working columns of the year-on-year basis, dropped before the scorecard is returned.
    private static final String BASIS_CURRENT = "_basis_current";
    private static final String BASIS_PREVIOUS = "_basis_previous";
    private static final String BASIS_COUNT = "_basis_count";
    private static final String BASIS_DIFFERING = "_basis_differing";
    private static final String PREVIOUS_ROWS = "_previous_rows";
    /** The district is the window: all units of the year, ranked together. */
    private static final WindowSpec DISTRICT = Window.partitionBy(col("fiscal_year"));
    private static final UserDefinedFunction GRADE = udf((UDF1<BigDecimal, String>) Grading::grade, DataTypes.StringType);

    private UnitScorecard() {
    }

    /**
     * §7 grade of a DECIMAL total, by {@link Grading#grade}. A UDF rather than a Column expression
     * because the monitoring page grades a projected total on the driver, and one rule is what both use.
     */
    public static Column grade(Column total) {
        return GRADE.apply(total);
    }

    /**
     * §7 district rank: highest total first, ties share the rank and the next one skips (1, 2, 2, 4).
     * A window, not a driver-side list, because it needs every unit of the year ({@code fiscal_year}).
     */
    public static Column districtRank(Column total) {
        return rank().over(DISTRICT.orderBy(total.desc()));
    }

    /**
     * §7 percentile: the share in percent of the year's units with a strictly lower total, half-up to
     * 2 decimals. Rank ascending − 1 counts the lower totals; a double because unit_scorecard holds it so.
     */
    public static Column percentile(Column total) {
        return round(rank().over(DISTRICT.orderBy(total.asc())).minus(1).multiply(100.0)
                .divide(count(lit(1)).over(DISTRICT)), 2);
    }

    public static List<String> groups(Framework framework) {
        Set<String> groups = new LinkedHashSet<>();
        framework.indicators().stream().map(Indicator::group).forEach(groups::add);
        return new ArrayList<>(groups);
    }

    /**
     * @param previousScorecard last year's unit_scorecard, or null when there is none
     * @param previousScores    last year's indicator_scores (unit_id, indicator_id, score, status), or null when there are none
     */
    public static Dataset<Row> compute(Framework framework, Dataset<Row> scores, Dataset<Row> units,
                                       Dataset<Row> previousScorecard, Dataset<Row> previousScores) {
        List<Column> sums = new ArrayList<>();
        Column groupOf = org.apache.spark.sql.functions.substring_index(col("indicator_id"), ".", 1);
        for (String group : groups(framework)) {
            sums.add(sum(when(groupOf.equalTo(group), col("score")).otherwise(lit(0))).cast("decimal(5,2)").as("score_" + group));
        }
        sums.add(sum(col("score")).cast("decimal(5,2)").as("total_score"));
        sums.add(sum(when(col("status").equalTo("no_data"), 1).otherwise(0)).cast("int").as("indicators_no_data"));
        Dataset<Row> totals = scores.groupBy("unit_id").agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new));

        Column total = col("total_score");
        Dataset<Row> card = units.select("unit_id", "short_name", "unit_type").join(totals, "unit_id")
                .withColumn("fiscal_year", lit(framework.fiscalYear()))
                .withColumn("grade", grade(total))
                .withColumn("district_rank", districtRank(total))
                .withColumn("percentile", percentile(total));
        if (previousScorecard == null) {
            card = card.withColumn("previous_total", lit(null).cast("decimal(5,2)"));
        } else {
            card = card.join(previousScorecard.select(col("unit_id"), col("total_score").as("previous_total")), new String[]{"unit_id"}, "left");
        }
        List<Column> columns = new ArrayList<>();
        for (String c : card.columns()) {
            columns.add(col(c));
        }

        // The basis of the change: what each year scored on data, indicator by indicator (§4, §7).
        if (previousScorecard == null || previousScores == null) {
            card = card.withColumn(BASIS_CURRENT, lit(null).cast("decimal(5,2)"))
                    .withColumn(BASIS_PREVIOUS, lit(null).cast("decimal(5,2)"))
                    .withColumn(BASIS_COUNT, lit(null).cast("int"))
                    .withColumn(BASIS_DIFFERING, lit(null).cast("int"))
                    .withColumn(PREVIOUS_ROWS, lit(0L));
        } else {
            card = card.join(basis(scores, previousScores), new String[]{"unit_id"}, "left");
        }
        // Known only where the unit has last year's scorecard and indicator scores to compare with.
        Column known = col("previous_total").isNotNull().and(coalesce(col(PREVIOUS_ROWS), lit(0L)).gt(0));
        Column comparable = when(known, col(BASIS_DIFFERING).equalTo(0));
        columns.add(when(comparable, col("total_score").minus(col("previous_total"))).cast("decimal(6,2)").as("total_change"));
        columns.add(when(known, col(BASIS_CURRENT).minus(col(BASIS_PREVIOUS))).cast("decimal(6,2)").as("comparable_change"));
        columns.add(when(known, col(BASIS_COUNT)).cast("int").as("comparable_indicators"));
        columns.add(comparable.as("totals_comparable"));
        return card.select(columns.toArray(Column[]::new));
    }

    /**
     * Per unit: the sums of this year's and last year's scores over the indicators scored on data
     * in both years, how many they are, how many indicators were scored on data in one year only
     * (or exist in one year's framework only), and how many indicator rows last year had.
     */
    private static Dataset<Row> basis(Dataset<Row> scores, Dataset<Row> previousScores) {
        List<String> onData = ScoreStatus.onDataCodes();
        Dataset<Row> now = scores.select(col("unit_id"), col("indicator_id"), col("score").as("_score_now"),
                col("status").isin(onData.toArray()).as("_data_now"));
        Dataset<Row> before = previousScores.select(col("unit_id"), col("indicator_id"), col("score").as("_score_before"),
                col("status").isin(onData.toArray()).as("_data_before"), lit(1).as("_row_before"));
        Column dataNow = coalesce(col("_data_now"), lit(false));
        Column dataBefore = coalesce(col("_data_before"), lit(false));
        Column both = dataNow.and(dataBefore);
        return now.join(before, new String[]{"unit_id", "indicator_id"}, "full_outer")
                .groupBy("unit_id").agg(
                        sum(when(both, col("_score_now")).otherwise(lit(0))).cast("decimal(5,2)").as(BASIS_CURRENT),
                        sum(when(both, col("_score_before")).otherwise(lit(0))).cast("decimal(5,2)").as(BASIS_PREVIOUS),
                        sum(when(both, 1).otherwise(0)).cast("int").as(BASIS_COUNT),
                        sum(when(dataNow.notEqual(dataBefore), 1).otherwise(0)).cast("int").as(BASIS_DIFFERING),
                        count(col("_row_before")).as(PREVIOUS_ROWS));
    }
}
