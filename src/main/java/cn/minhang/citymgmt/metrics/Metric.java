package cn.minhang.citymgmt.metrics;

import org.apache.spark.sql.Column;

/**
 * One metric an analyzer computes per unit: its id, unit of measure, how it accrues over the year,
 * the aggregate expression of its value and the number of records behind it. Both expressions
 * aggregate over one unit's rows.
 */
public record Metric(String id, String unit, Accrual accrual, Column value, Column recordCount) {

    /**
     * How a metric's value grows during the year: what mid-year monitoring (双监控) compares it with.
     * A definition of the metric, stated where the metric is defined, so that the monitoring never
     * keeps its own list of names.
     */
    public enum Accrual {
        /**
         * A flow that adds up over the year (cases received, works finished, money spent, tonnes per
         * day of the year): by day d it is expected at the target × the share of the year elapsed, and
         * at the pace so far it ends the year at value ÷ that share.
         */
        CUMULATIVE,
        /**
         * A rate, a mean, a state or a stock (pass rates, satisfaction, assets maintained, lifts in
         * service): compared with its target as it stands, and projected to stay where it is.
         */
        AS_IT_STANDS
    }
}
