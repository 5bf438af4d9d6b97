package cn.minhang.citymgmt.report;

import cn.minhang.citymgmt.tables.WarehouseTables;
import cn.minhang.citymgmt.scoring.Grading;
import cn.minhang.citymgmt.tables.DeltaWarehouse;
import cn.minhang.citymgmt.tables.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * What the monitoring page (双监控) of an as-of run shows, shaped in Java from the monitoring tables
 * of one (fiscal year, as-of day). Only unit-level rows reach the driver: units × accounts, units ×
 * indicators and the warnings (a few hundred rows for a district).
 */
final class MonitoringData {
    final int year;
    final LocalDate asOf;
    final String warehouse;
    /** unit_id → short name. */
    final Map<String, String> names = new LinkedHashMap<>();
    List<Rec> budget = List.of();
    List<Rec> indicators = List.of();
    List<Rec> warnings = List.of();

    MonitoringData(int year, LocalDate asOf, String warehouse) {
        this.year = year;
        this.asOf = asOf;
        this.warehouse = warehouse;
    }

    /** One unit at the as-of day: its total budget progress, its warnings and its projected total. */
    record UnitLine(String unitId, String name, BigDecimal executionProgress, BigDecimal timeProgress, BigDecimal gapPoints,
                    Boolean budgetBehind, int budgetWarnings, int targetWarnings, int noDataWarnings,
                    BigDecimal projectedTotal, String projectedGrade) {
        int warnings() {
            return budgetWarnings + targetWarnings + noDataWarnings;
        }
    }

    /**
     * One unit's line of the overview as the page shows it, figures written out, with its warnings'
     * messages (budget first, then targets, then missing data).
     *
     * @param budgetBehind 落后 / 正常, or a dash without a budget figure
     * @param projectedGrade the grade marked as a projection, or a dash
     */
    record UnitRow(String unitId, String name, String executionProgress, String timeProgress, String gapPoints, String budgetBehind,
                   int targetWarnings, int noDataWarnings, String projectedTotal, String projectedGrade, List<String> warnings) {
    }

    static MonitoringData collect(SparkSession spark, String warehouseRoot, int year, LocalDate asOf) {
        return collect(WarehouseTables.open(spark, warehouseRoot), year, asOf);
    }

    static MonitoringData collect(WarehouseTables tables, int year, LocalDate asOf) {
        MonitoringData d = new MonitoringData(year, asOf, tables.root());
        d.budget = rows(tables, Table.MONITORING_BUDGET, year, asOf);
        d.indicators = rows(tables, Table.MONITORING_INDICATORS, year, asOf);
        d.warnings = rows(tables, Table.MONITORING_WARNINGS, year, asOf);
        d.budget.forEach(r -> {
            if (r.str("short_name") != null) {
                d.names.put(r.str("unit_id"), r.str("short_name"));
            }
        });
        return d;
    }

    private static List<Rec> rows(WarehouseTables tables, Table table, int year, LocalDate asOf) {
        if (!tables.has(table)) {
            return List.of();
        }
        Dataset<Row> rows = tables.readYear(table, year).where(col(DeltaWarehouse.AS_OF_DATE).equalTo(lit(java.sql.Date.valueOf(asOf))));
        return rows.collectAsList().stream().map(Rec::of).toList();
    }

    /**
     * Every unit of the day, most behind on its total budget first (units without a budget figure
     * last). The projected total adds the indicators' projected scores as the year-end adds the
     * scores ({@link Grading#sumOfRounded}) and is graded by the year-end's thresholds.
     */
    List<UnitLine> units() {
        Map<String, List<Rec>> scores = new LinkedHashMap<>();
        indicators.forEach(r -> scores.computeIfAbsent(r.str("unit_id"), k -> new ArrayList<>()).add(r));
        Map<String, Rec> totals = new LinkedHashMap<>();
        budget.stream().filter(r -> "total".equals(r.str("account"))).forEach(r -> totals.put(r.str("unit_id"), r));
        List<String> ids = new ArrayList<>(totals.keySet());
        scores.keySet().stream().filter(id -> !totals.containsKey(id)).forEach(ids::add);
        List<UnitLine> lines = new ArrayList<>();
        for (String id : ids) {
            Rec total = totals.get(id);
            List<BigDecimal> projected = scores.getOrDefault(id, List.of()).stream().map(r -> r.dec("projected_score"))
                    .filter(java.util.Objects::nonNull).toList();
            BigDecimal sum = projected.isEmpty() ? null : Grading.sumOfRounded(projected);
            lines.add(new UnitLine(id, names.getOrDefault(id, id),
                    total == null ? null : total.dec("execution_progress"),
                    total == null ? null : total.dec("time_progress"),
                    total == null ? null : total.dec("gap_points"),
                    total == null ? null : total.bool("behind"),
                    count(id, "budget_behind"), count(id, "target_behind"), count(id, "no_data"),
                    sum, sum == null ? null : Grading.grade(sum)));
        }
        lines.sort(Comparator.comparing(UnitLine::gapPoints, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(UnitLine::unitId));
        return lines;
    }

    private int count(String unitId, String kind) {
        return (int) warnings.stream().filter(w -> unitId.equals(w.str("unit_id")) && kind.equals(w.str("kind"))).count();
    }

    /** The page's title: the year's evaluation, monitored as of the day. */
    String title() {
        return DistrictReport.TITLE + " " + year + "年度 运行监控（截至 " + asOf + "）";
    }

    /** What the figures mean, starting with the time progress of the day (the same for every unit). */
    String lead() {
        BigDecimal time = units().stream().map(UnitLine::timeProgress).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        return "时间进度 " + (time == null ? Formats.NONE : Formats.percent(time)) + "。预算执行进度 = 截至当日的支出 ÷ 截至当日的调整后预算；"
                + "落后时间进度超过容差的单位标为预警。累计类指标按时间进度折算目标，比率、状态类指标按全年目标直接比较；"
                + "预计得分按当前进度推算全年完成值后，以年度评分规则计算。";
    }

    /** What the page says when the day has no monitoring results. */
    String noResults() {
        return "数据仓库中没有 " + year + " 年度截至 " + asOf + " 的监控结果。";
    }

    /** The overview's lines, in the order of {@link #units()}. */
    List<UnitRow> rows() {
        return units().stream().map(u -> new UnitRow(u.unitId(), u.name(),
                Formats.percent(u.executionProgress()), Formats.percent(u.timeProgress()), Formats.fixed(u.gapPoints()),
                u.budgetBehind() == null ? Formats.NONE : u.budgetBehind() ? "落后" : "正常",
                u.targetWarnings(), u.noDataWarnings(), Formats.fixed(u.projectedTotal()),
                u.projectedGrade() == null ? Formats.NONE : u.projectedGrade() + "（预测）",
                warningsOf(u.unitId()).stream().map(w -> w.str("message")).toList())).toList();
    }

    /** The warnings of one unit, budget first, then targets, then missing data. */
    List<Rec> warningsOf(String unitId) {
        List<String> order = List.of("budget_behind", "target_behind", "no_data");
        return warnings.stream().filter(w -> unitId.equals(w.str("unit_id")))
                .sorted(Comparator.comparingInt((Rec w) -> order.indexOf(w.str("kind"))).thenComparing(w -> w.str("subject")))
                .toList();
    }
}
