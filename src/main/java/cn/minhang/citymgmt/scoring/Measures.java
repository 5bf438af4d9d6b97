package cn.minhang.citymgmt.scoring;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The one type of every measure and rate the job computes, compares with a target or shows
 * (issue 10): an exact decimal, so a count stays a count and 357 completed of 357 is 357, not
 * 356.9999999999999. Money keeps its own DECIMAL(18,2).
 *
 * <p>Six decimals hold a rate's share of a percent and a per-day tonnage beyond what any form
 * prints; 18 integer digits hold any yuan amount (DECIMAL(18,2)) a metric carries.
 */
public final class Measures {
    public static final int PRECISION = 24;
    public static final int SCALE = 6;
    /** DECIMAL(24,6): unit_metrics.value, indicator_scores' and self_report_audit's measures, monitoring's. */
    public static final DecimalType TYPE = DataTypes.createDecimalType(PRECISION, SCALE);
    /** How a measure is shown to a person (§7: half-up), with the trailing zeros the forms print ({@code =12.00(个)}). */
    public static final int SHOWN_SCALE = 2;

    /** {@link #show} as a Spark function, for messages built in Spark: the same text, not a second format. */
    private static final UserDefinedFunction SHOW = functions.udf((UDF1<BigDecimal, String>) Measures::show, DataTypes.StringType);

    private Measures() {
    }

    /** A measure column as {@link #show} writes it. */
    public static Column shown(Column measure) {
        return SHOW.apply(measure.cast(TYPE));
    }

    /**
     * A value the rules computed in Java, as the column holds it: half-up to {@link #SCALE}, as
     * Spark's cast to {@link #TYPE} rounds what Spark computes.
     */
    public static BigDecimal of(BigDecimal value) {
        return value == null ? null : value.setScale(SCALE, RoundingMode.HALF_UP);
    }

    /** A measure as notes, audit rows, forms and the report print it: {@code 357.00}, {@code 91.67}; null stays null. */
    public static String show(BigDecimal value) {
        return value == null ? null : value.setScale(SHOWN_SCALE, RoundingMode.HALF_UP).toPlainString();
    }
}
