package cn.minhang.citymgmt.budget;

import cn.minhang.citymgmt.scoring.BudgetRule;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.IntStream;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

/**
 * Budget execution (预算执行) per unit and account, scoring rules §5: initial, signed
 * adjustments, adjusted = initial + adjustment, executed = payments − refunds, execution rate =
 * executed / adjusted and adjustment rate = |adjustment| / initial, as percentages. Every unit
 * gets its basic, project and total rows, ledger or not.
 */
public final class BudgetExecution {
    public static final String BASIC = "basic";
    public static final String PROJECT = "project";
    public static final String TOTAL = "total";
    public static final List<String> ACCOUNTS = List.of(BASIC, PROJECT, TOTAL);

    private static final Column MONEY_ZERO = lit(0).cast("decimal(18,2)");
    private static final UserDefinedFunction PERCENT =
            udf((UDF2<BigDecimal, BigDecimal, BigDecimal>) BudgetRule::percent, DataTypes.createDecimalType(9, 2));

    private BudgetExecution() {
    }

    /** One row per unit × account from the accepted ledger entries of one fiscal year. */
    public static Dataset<Row> perAccount(Dataset<Row> ledger, Dataset<Row> units, int fiscalYear) {
        Dataset<Row> sums = ledger
                .rollup(col("unit_id"), col("account"))
                .agg(amountOf("initial").as("initial_yuan"),
                        amountOf("adjustment").as("adjustment_yuan"),
                        amountOf("payment").as("paid_yuan"),
                        amountOf("refund").as("refunded_yuan"),
                        count(lit(1)).as("entry_count"))
                .filter(col("unit_id").isNotNull())
                .withColumn("account", coalesce(col("account"), lit(TOTAL)));

        Dataset<Row> grid = units.select(col("unit_id"))
                .crossJoin(ledger.sparkSession().createDataset(ACCOUNTS, org.apache.spark.sql.Encoders.STRING()).toDF("account"));

        Column initial = coalesce(col("initial_yuan"), MONEY_ZERO);
        Column adjustment = coalesce(col("adjustment_yuan"), MONEY_ZERO);
        Column adjusted = initial.plus(adjustment);
        Column executed = coalesce(col("paid_yuan"), MONEY_ZERO).minus(coalesce(col("refunded_yuan"), MONEY_ZERO));
        return grid.join(sums, new String[]{"unit_id", "account"}, "left")
                .select(
                        lit(fiscalYear).as("fiscal_year"),
                        col("unit_id"),
                        col("account"),
                        initial.cast("decimal(18,2)").as("initial_yuan"),
                        adjustment.cast("decimal(18,2)").as("adjustment_yuan"),
                        adjusted.cast("decimal(18,2)").as("adjusted_yuan"),
                        executed.cast("decimal(18,2)").as("executed_yuan"),
                        percent(executed, adjusted).as("execution_rate"),
                        percent(abs(adjustment), initial).as("adjustment_rate"),
                        coalesce(col("entry_count"), lit(0L)).as("entry_count"))
                .withColumn("status", statusOf(col("entry_count"), col("adjusted_yuan"), col("execution_rate")));
    }

    /** Cumulative execution (执行进度) per unit × account × month, every month present. */
    public static Dataset<Row> monthly(Dataset<Row> ledger, Dataset<Row> execution, int fiscalYear) {
        Column signed = when(col("entry_type").equalTo("payment"), col("amount_yuan"))
                .when(col("entry_type").equalTo("refund"), org.apache.spark.sql.functions.negate(col("amount_yuan")));
        Dataset<Row> spending = ledger.filter(signed.isNotNull())
                .withColumn("month", month(col("entry_date")))
                .rollup(col("unit_id"), col("month"), col("account"))
                .agg(sum(signed).as("executed_in_month"))
                .filter(col("unit_id").isNotNull().and(col("month").isNotNull()))
                .withColumn("account", coalesce(col("account"), lit(TOTAL)));

        Column months = org.apache.spark.sql.functions.array(IntStream.rangeClosed(1, 12).mapToObj(m -> lit(m)).toArray(Column[]::new));
        Column cumulative = sum(coalesce(col("executed_in_month"), MONEY_ZERO))
                .over(Window.partitionBy("unit_id", "account").orderBy("month"));
        return execution.select(col("unit_id"), col("account"), col("adjusted_yuan"), explode(months).as("month"))
                .join(spending, new String[]{"unit_id", "account", "month"}, "left")
                .withColumn("executed_cumulative_yuan", cumulative.cast("decimal(18,2)"))
                .select(
                        lit(fiscalYear).as("fiscal_year"),
                        col("unit_id"),
                        col("account"),
                        col("month"),
                        coalesce(col("executed_in_month"), MONEY_ZERO).cast("decimal(18,2)").as("executed_in_month_yuan"),
                        col("executed_cumulative_yuan"),
                        percent(col("executed_cumulative_yuan"), col("adjusted_yuan")).as("progress_rate"));
    }

    private static Column amountOf(String entryType) {
        return sum(when(col("entry_type").equalTo(entryType), col("amount_yuan")).otherwise(MONEY_ZERO));
    }

    /**
     * {@link BudgetRule#percent} on two DECIMAL columns, as decimal(9,2). A UDF rather than a Column
     * expression because the budget-line audit needs the same rule on a unit's printed figures, and
     * one implementation is what both apply; Spark's decimal division would also round at a 9th
     * decimal before the 2nd.
     */
    public static Column percent(Column numerator, Column denominator) {
        return PERCENT.apply(numerator, denominator);
    }

    private static Column statusOf(Column entries, Column adjusted, Column rate) {
        return when(entries.equalTo(0), lit("no_data"))
                .when(adjusted.leq(0), lit("data_error"))
                .when(rate.gt(100), lit("over_executed"))
                .otherwise(lit("ok"));
    }
}
