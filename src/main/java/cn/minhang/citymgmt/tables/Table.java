package cn.minhang.citymgmt.tables;

/**
 * The output tables of the data contract that are not one-per-source. Aggregates are small,
 * so they are written as one file per year; record-level tables keep Spark's partitioning.
 */
public enum Table {
    QUARANTINE("quarantine", false),
    RECONCILIATION("reconciliation", true),
    JOB_RUNS("job_runs", true),
    DELIVERIES("deliveries", true),
    BUDGET_EXECUTION("budget_execution", true),
    BUDGET_EXECUTION_MONTHLY("budget_execution_monthly", true),
    UNIT_METRICS("unit_metrics", true),
    INDICATOR_SCORES("indicator_scores", true),
    UNIT_SCORECARD("unit_scorecard", true),
    SELF_REPORT_AUDIT("self_report_audit", true),
    RESULTS_APPLICATION("results_application", true),
    BUDGET_LINE_AUDIT("budget_line_audit", true),
    /** Mid-year monitoring (双监控), partitioned by fiscal_year and as_of_date; never published, read at their latest. */
    MONITORING_BUDGET("monitoring_budget", true),
    MONITORING_INDICATORS("monitoring_indicators", true),
    MONITORING_WARNINGS("monitoring_warnings", true);

    private final String tableName;
    private final boolean small;

    Table(String tableName, boolean small) {
        this.tableName = tableName;
        this.small = small;
    }

    public String tableName() {
        return tableName;
    }

    /** The mid-year monitoring tables: written by as-of runs only, read at their latest version. */
    public static final java.util.Set<String> MONITORING = java.util.Set.of(
            "monitoring_budget", "monitoring_indicators", "monitoring_warnings");

    public boolean small() {
        return small;
    }
}
