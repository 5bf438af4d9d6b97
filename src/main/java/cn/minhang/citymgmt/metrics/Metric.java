package cn.minhang.citymgmt.metrics;

import org.apache.spark.sql.Column;

/**
 * One metric an analyzer computes per unit: its id, unit of measure, the aggregate expression of
 * its value and the number of records behind it. Both expressions aggregate over one unit's rows.
 */
public record Metric(String id, String unit, Column value, Column recordCount) {
}
