package cn.minhang.citymgmt.report;

import cn.minhang.citymgmt.tables.WarehouseTables;
import cn.minhang.citymgmt.scoring.ScoreStatus;
import cn.minhang.citymgmt.tables.DeltaWarehouse;
import cn.minhang.citymgmt.tables.Table;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.explode_outer;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.trim;

/**
 * Everything the district report shows for one fiscal year, collected from the warehouse. Only
 * small results reach the driver: the unit-level tables (units × indicators: a few hundred rows),
 * the quarantine aggregated by source and reason kind in Spark, the reconciliation's mismatches
 * (capped) and the latest run. A table the warehouse does not hold is listed in {@link #missing}.
 * Each section of the page is shaped here as plain values (texts and figures written out, notes for
 * what is missing), so it is tested without HTML and the template only lays it out.
 */
final class ReportData {
    static final int MAX_MISMATCHES = 200;
    static final int MAX_QUARANTINE_ROWS = 100;

    final int year;
    final String warehouse;
    final Set<String> missing = new TreeSet<>();
    /** unit_id, unit_name, short_name, unit_type (from units, else from the scorecard). */
    List<Rec> units = List.of();
    /** By district rank. */
    List<Rec> scorecard = List.of();
    /** By unit_id: what the report says of the unit's change against last year. */
    Map<String, YearOnYear> yearOnYear = new LinkedHashMap<>();
    /** The score_* columns of the scorecard without the prefix, e.g. budget, mgmt, output … */
    List<String> scoreGroups = List.of();
    List<Rec> indicators = List.of();
    List<Rec> audit = List.of();
    /** results_application by district rank: the proposed budget action and the rectification list, as text. */
    List<Rec> results = List.of();
    List<Rec> budget = List.of();
    List<Rec> monthly = List.of();
    /** source, reason_kind, records, files, example. */
    List<Rec> quarantine = List.of();
    /** When the year's current publication replaced an earlier one (late corrections), else null. */
    java.time.Instant restatedAt;
    String restatedFromRun;
    /** What the republication changed, per unit and indicator (at most MAX_MISMATCHES rows). */
    List<Rec> restatements = List.of();
    /** The first quarantined records themselves (file, line, reasons; raw records left out), so none goes unnoticed. */
    List<Rec> quarantineRows = List.of();
    /** source → quarantined records. */
    Map<String, Long> quarantineBySource = new LinkedHashMap<>();
    long reconciliationChecks;
    long reconciliationMismatchCount;
    List<Rec> reconciliationMismatches = List.of();
    /** The latest job_runs row of the year, with the per-source maps summed (rows_*_total). */
    Rec latestRun;

    ReportData(int year, String warehouse) {
        this.year = year;
        this.warehouse = warehouse;
    }

    static ReportData collect(SparkSession spark, String warehouseRoot, int year) {
        return collect(WarehouseTables.open(spark, warehouseRoot), year);
    }

    /** The year's report data from {@code tables}, which the forms of the same year may go on reading. */
    static ReportData collect(WarehouseTables tables, int year) {
        ReportData d = new ReportData(year, tables.root());
        d.read(tables);
        return d;
    }

    private void read(WarehouseTables tables) {
        if (tables.published() != null) {
            cn.minhang.citymgmt.tables.Publication[] pair = cn.minhang.citymgmt.tables.Restatements.republished(tables.published().all()).get(year);
            // Once table maintenance has vacuumed the previous edition's files (after its retention), the
            // changes cannot be computed any more and the report, like the restatements view, no longer lists them.
            if (pair != null && cn.minhang.citymgmt.tables.Restatements.readable(tables.published().spark(), tables.root(), pair[0])) {
                restatedAt = pair[1].publishedAt();
                restatedFromRun = pair[0].runId();
                Dataset<Row> changes = cn.minhang.citymgmt.tables.Restatements.between(tables.published().spark(), tables.root(), pair[0], pair[1]);
                if (changes != null) {
                    restatements = rows(changes.limit(MAX_MISMATCHES), cn.minhang.citymgmt.tables.Restatements.COLUMNS, col("unit_id"), col("indicator_id"));
                }
            }
        }
        Dataset<Row> card = ofYear(tables, Table.UNIT_SCORECARD.tableName());
        if (card != null) {
            List<String> groups = new ArrayList<>();
            for (String c : card.columns()) {
                if (c.startsWith("score_")) {
                    groups.add(c.substring("score_".length()));
                }
            }
            groups.sort(java.util.Comparator.comparingInt(Labels::groupOrder));
            scoreGroups = List.copyOf(groups);
            List<String> columns = new ArrayList<>(List.of("unit_id", "short_name", "unit_type", "total_score", "grade",
                    "district_rank", "percentile", "previous_total", "total_change", "indicators_no_data", DeltaWarehouse.RUN_ID,
                    "comparable_change", "comparable_indicators", "totals_comparable"));
            groups.forEach(g -> columns.add("score_" + g));
            scorecard = rows(card, columns, col("district_rank").asc_nulls_last(), col("total_score").desc_nulls_last(), col("unit_id"));
        }

        Dataset<Row> units = ofYear(tables, "units");
        if (units != null) {
            this.units = rows(units, List.of("unit_id", "unit_name", "short_name", "unit_type"), col("unit_id"));
        } else if (!scorecard.isEmpty()) {
            this.units = scorecard.stream().map(r -> new Rec(Map.of("unit_id", r.get("unit_id"),
                    "short_name", r.get("short_name") == null ? r.get("unit_id") : r.get("short_name"),
                    "unit_type", r.get("unit_type") == null ? "" : r.get("unit_type")))).toList();
        }

        Dataset<Row> scores = ofYear(tables, Table.INDICATOR_SCORES.tableName());
        if (scores != null) {
            indicators = rows(scores, List.of("unit_id", "indicator_id", "level1", "level2", "name", "weight", "polarity",
                    "target_text", "target_value", "target_unit", "target_source", "metric_id", "actual_value", "previous_value",
                    "completion_ratio", "grade", "score", "status", "note", "record_count"), col("unit_id"), col("indicator_id"));
        }
        // Why totals are not comparable is told indicator by indicator: last year's statuses, read only when needed.
        Map<String, List<Rec>> now = byUnit(indicators);
        Map<String, List<Rec>> before = Map.of();
        if (scorecard.stream().anyMatch(c -> Boolean.FALSE.equals(c.bool("totals_comparable"))) && tables.has(Table.INDICATOR_SCORES.tableName())) {
            before = byUnit(rows(tables.readYear(Table.INDICATOR_SCORES.tableName(), year - 1),
                    List.of("unit_id", "indicator_id", "name", "status"), col("unit_id"), col("indicator_id")));
        }
        for (Rec unitCard : scorecard) {
            String unit = unitCard.str("unit_id");
            yearOnYear.put(unit, YearOnYear.of(unitCard, now.getOrDefault(unit, List.of()), before.getOrDefault(unit, List.of()), year));
        }

        Dataset<Row> audits = ofYear(tables, Table.SELF_REPORT_AUDIT.tableName());
        if (audits != null) {
            audit = rows(audits, List.of("unit_id", "indicator_id", "name", "reported_text", "reported_value", "computed_value",
                    "difference", "measure_unit", "flag", "note"), col("unit_id"), col("indicator_id"));
        }
        Dataset<Row> applied = ofYear(tables, Table.RESULTS_APPLICATION.tableName());
        if (applied != null) {
            Dataset<Row> card2 = ofYear(tables, Table.UNIT_SCORECARD.tableName());
            Dataset<Row> ranked = card2 == null ? applied.withColumn("district_rank", lit(null).cast("int"))
                    : applied.join(card2.select(col("unit_id").as("c_unit"), col("district_rank")), col("unit_id").equalTo(col("c_unit")), "left");
            results = rows(ranked.select(col("unit_id"), col("grade"), col("total_score"), col("action"), col("action_label"),
                            col("budget_change_percent"), col("district_rank"),
                            expr("array_join(transform(rectification, x -> concat(x.name, '（失 ', cast(x.lost_points as string), ' 分：', "
                                    + "coalesce(x.reason, ''), '）')), '；')").as("rectification_text"),
                            col("previous_items"), col("previous_improved"),
                            Arrays.asList(applied.columns()).contains("previous_not_comparable") ? col("previous_not_comparable")
                                    : lit(null).cast("int").as("previous_not_comparable"),
                            expr("array_join(transform(filter(previous_review, x -> x.improved = false), x -> x.name), '、')").as("not_improved")),
                    List.of("unit_id", "grade", "total_score", "action", "action_label", "budget_change_percent", "district_rank",
                            "rectification_text", "previous_items", "previous_improved", "previous_not_comparable", "not_improved"),
                    col("district_rank").asc_nulls_last(), col("unit_id"));
        }
        Dataset<Row> execution = ofYear(tables, Table.BUDGET_EXECUTION.tableName());
        if (execution != null) {
            budget = rows(execution, List.of("unit_id", "account", "initial_yuan", "adjustment_yuan", "adjusted_yuan",
                    "executed_yuan", "execution_rate", "adjustment_rate", "status"), col("unit_id"), col("account"));
        }
        Dataset<Row> months = ofYear(tables, Table.BUDGET_EXECUTION_MONTHLY.tableName());
        if (months != null) {
            monthly = rows(months.where(col("account").equalTo("total")),
                    List.of("unit_id", "month", "executed_cumulative_yuan", "progress_rate"), col("unit_id"), col("month"));
        }

        Dataset<Row> quarantined = ofYear(tables, Table.QUARANTINE.tableName());
        if (quarantined != null) {
            Dataset<Row> reasons = quarantined
                    .select(col("source"), coalesce(col("file"), lit("")).as("file"), coalesce(col("line_number").cast("long"), lit(-1L)).as("line_number"),
                            explode_outer(col("reasons")).as("reason"))
                    .withColumn("reason_kind", coalesce(trim(substring_index(col("reason"), ":", 1)), lit("(未注明)")));
            quarantine = rows(reasons.groupBy("source", "reason_kind").agg(
                            countDistinct(col("file"), col("line_number")).as("records"),
                            countDistinct(col("file")).as("files"),
                            substring(min(col("reason")), 1, 200).as("example")),
                    List.of("source", "reason_kind", "records", "files", "example"),
                    col("records").desc(), col("source"), col("reason_kind"));
            quarantineRows = rows(quarantined.select(col("source"), col("file"), col("line_number"),
                            expr("array_join(reasons, '; ')").as("reasons")).orderBy("source", "file", "line_number").limit(MAX_QUARANTINE_ROWS),
                    List.of("source", "file", "line_number", "reasons"), col("source"), col("file"), col("line_number"));
            for (Rec r : rows(quarantined.groupBy("source").agg(count(lit(1)).as("records")),
                    List.of("source", "records"), col("records").desc(), col("source"))) {
                quarantineBySource.put(r.str("source"), r.lng("records"));
            }
        }

        Dataset<Row> checks = ofYear(tables, Table.RECONCILIATION.tableName());
        if (checks != null) {
            for (Rec r : rows(checks.groupBy("status").agg(count(lit(1)).as("n")), List.of("status", "n"), col("status"))) {
                reconciliationChecks += r.lng("n");
                if ("mismatch".equals(r.str("status"))) {
                    reconciliationMismatchCount = r.lng("n");
                }
            }
            reconciliationMismatches = rows(checks.where(col("status").equalTo("mismatch")).limit(MAX_MISMATCHES),
                    List.of("check_name", "source", "unit_id", "expected", "actual", "detail"),
                    col("check_name"), col("source"), col("unit_id"));
        }

        Dataset<Row> runs = ofYear(tables, Table.JOB_RUNS.tableName());
        if (runs != null) {
            Dataset<Row> latest = runs.orderBy(desc("started_at")).limit(1);
            List<Column> extra = new ArrayList<>();
            for (String counts : List.of("rows_read", "rows_accepted", "rows_rejected", "rows_duplicate", "rows_other_year")) {
                if (Arrays.asList(latest.columns()).contains(counts)) {
                    extra.add(expr("aggregate(map_values(" + counts + "), CAST(0 AS BIGINT), (acc, n) -> acc + n)").as(counts + "_total"));
                }
            }
            if (Arrays.asList(latest.columns()).contains("tables_written")) {
                extra.add(expr("size(tables_written)").as("tables_written_count"));
            }
            List<Column> all = new ArrayList<>(List.of(col("*")));
            all.addAll(extra);
            List<String> columns = new ArrayList<>(List.of(DeltaWarehouse.RUN_ID, "started_at", "finished_at", "status", "message",
                    "reconciliation_mismatches", "config_fingerprint", "rows_read_total", "rows_accepted_total", "rows_rejected_total",
                    "rows_duplicate_total", "rows_other_year_total", "tables_written_count"));
            List<Rec> found = rows(latest.select(all.toArray(Column[]::new)), columns);
            latestRun = found.isEmpty() ? null : found.get(0);
        }
    }

    private static Map<String, List<Rec>> byUnit(List<Rec> rows) {
        Map<String, List<Rec>> out = new LinkedHashMap<>();
        rows.forEach(r -> out.computeIfAbsent(r.str("unit_id"), k -> new ArrayList<>()).add(r));
        return out;
    }

    /**
     * A unit's change against last year as the report shows it.
     *
     * @param change  the figure shown: the total change where the totals are comparable, else the
     *                comparable change; null when there is none
     * @param label   what the figure is: 较上年, or 可比变化（仅含两年均有数据的 N 项指标）
     * @param note    why the totals are not comparable (总分不可比：…), or null when they are
     * @param missing what the dash means when there is no figure, or null when there is one
     */
    record YearOnYear(BigDecimal change, boolean comparable, String label, String note, String missing) {
        static final String TOTAL_LABEL = "较上年";

        static YearOnYear of(Rec card, List<Rec> now, List<Rec> before, int year) {
            Boolean comparable = card.bool("totals_comparable");
            if (card.get("previous_total") == null) {
                return new YearOnYear(null, true, TOTAL_LABEL, null, "上年无评分");
            }
            if (comparable == null) {
                // A scorecard written before the basis was checked shows its total change as it is; a
                // current one without the basis had no indicator scores of last year to check against.
                return card.get("total_change") != null
                        ? new YearOnYear(card.dec("total_change"), true, TOTAL_LABEL, null, null)
                        : new YearOnYear(null, false, TOTAL_LABEL, "总分不可比：缺少上年的指标得分，无法核对两年的评分口径。", "口径无法核对");
            }
            if (comparable) {
                return new YearOnYear(card.dec("total_change"), true, TOTAL_LABEL, null, null);
            }
            Long n = card.lng("comparable_indicators");
            String label = "可比变化（仅含两年均有数据的 " + (n == null ? "?" : n) + " 项指标）";
            return new YearOnYear(card.dec("comparable_change"), false, label, incomparable(now, before, year), null);
        }

        /** 总分不可比：the indicators scored on data in one year only, and what the other year had. */
        static String incomparable(List<Rec> now, List<Rec> before, int year) {
            if (before.isEmpty()) {
                return "总分不可比：两年按数据评分的指标不同，总分之差含有一年因缺数据而得 0 分的指标。";
            }
            Map<String, Rec> thisYear = new LinkedHashMap<>();
            now.forEach(r -> thisYear.put(r.str("indicator_id"), r));
            Map<String, Rec> lastYear = new LinkedHashMap<>();
            before.forEach(r -> lastYear.put(r.str("indicator_id"), r));
            Set<String> ids = new TreeSet<>(thisYear.keySet());
            ids.addAll(lastYear.keySet());
            List<String> reasons = new ArrayList<>();
            for (String id : ids) {
                Rec a = thisYear.get(id);
                Rec b = lastYear.get(id);
                boolean dataNow = a != null && ScoreStatus.scoredOnData(a.str("status"));
                boolean dataBefore = b != null && ScoreStatus.scoredOnData(b.str("status"));
                if (dataNow == dataBefore) {
                    continue;
                }
                Rec named = a != null ? a : b;
                String name = named.str("name") == null ? id : named.str("name");
                reasons.add(dataNow ? name + "（" + (year - 1) + " 年" + without(b) + "）" : name + "（" + year + " 年" + without(a) + "）");
            }
            if (reasons.isEmpty()) {
                return "总分不可比：两年按数据评分的指标不同。";
            }
            return "总分不可比：" + String.join("、", reasons) + "仅一年按数据评分，另一年得 0 分，未计入可比变化。";
        }

        private static String without(Rec score) {
            return score == null ? "无此指标" : Labels.label(Labels.STATUS, score.str("status"));
        }
    }

    // ------------------------------------------------------------------ what the page shows

    /** An indicator of the year's framework as the scores show it. */
    record Indicator(String id, String level1, String level2, String name, BigDecimal weight) {
        String group() {
            int dot = id.indexOf('.');
            return dot > 0 ? id.substring(0, dot) : id;
        }
    }

    /**
     * A change against last year as the page shows it.
     *
     * @param direction up, down, flat, or none (no figure)
     * @param missing   for none, what the dash means
     */
    record Change(String direction, String text, String missing) {
        static Change of(BigDecimal change, String missing) {
            if (change == null) {
                return new Change("none", Formats.NONE, missing == null ? "上年无评分" : missing);
            }
            BigDecimal c = change.setScale(2, RoundingMode.HALF_UP);
            if (c.signum() > 0) {
                return new Change("up", "▲ +" + c.toPlainString(), null);
            }
            if (c.signum() < 0) {
                return new Change("down", "▼ " + c.toPlainString(), null);
            }
            return new Change("flat", "0.00", null);
        }
    }

    /** A code shown by its label (statuses, grades of completion, audit flags); the page colours it by its code. */
    record Badge(String code, String label) {
        static Badge of(String code, Map<String, String> labels) {
            return code == null ? null : new Badge(code, Labels.label(labels, code));
        }
    }

    record Kpi(String value, String label) {
    }

    /** A chart container: which chart the page script draws in it, how tall, and what it shows for screen readers. */
    record Chart(String name, int height, String label) {
    }

    /** The charts the page draws, and their data (inlined as JSON under the keys the page script reads). */
    record Charts(Map<String, Chart> shown, Map<String, Object> data) {
    }

    /**
     * @param basis for a change that is not the total change, what it is and why (else null); marked * on the page
     */
    record LeagueRow(String rank, String unitId, String name, String unitType, String total, String grade, Change change,
                     String basis, List<String> groupScores, String percentile, String noData) {
    }

    /** 区内排名. {@code absent} says why there is nothing to show (then the rest is empty). */
    record Ranking(String absent, List<Kpi> kpis, List<String> groupHeadings, List<LeagueRow> rows, String incomparableNote) {
    }

    record BudgetRow(String unit, String initial, String adjustment, String adjusted, String executed, String rate, String adjustmentRate) {
    }

    /** 预算执行: the totals by unit and whether the monthly chart can be drawn. */
    record BudgetSection(String absent, List<BudgetRow> rows, String monthlyAbsent) {
    }

    /**
     * One indicator of a unit; the completed value is its {@code actual} figure, its {@code grade} and last
     * year's figure, {@code completed} when there is any of them.
     */
    record IndicatorLine(String level1, String level2, String indicatorId, String name, String target, boolean defaultTarget,
                         boolean completed, String actual, Badge grade, String previous, String scoreWeight, Badge status, String note) {
    }

    record AuditLine(String indicatorId, String name, String reported, String reportedValue, String computed, String difference,
                     String measureUnit, Badge flag, String note) {
    }

    record AccountLine(String account, String initial, String adjusted, String executed, String rate) {
    }

    /**
     * One unit's drill-down.
     *
     * @param scored     whether the unit has a scorecard (the figures of the summary line are there)
     * @param change     the change of the summary line, labelled {@code changeLabel}
     * @param basisNote  why the totals are not comparable (then the facts repeat the change with it), else null
     * @param identity   its full name, type and id
     * @param groupScores the level-1 scores against their weights, or null
     */
    record UnitDetail(String unitId, String rank, String name, boolean scored, String total, String grade, String changeLabel,
                      Change change, String noData, String identity, String basisNote, String groupScores,
                      String indicatorsNote, List<IndicatorLine> indicators, String auditNote, List<AuditLine> audits,
                      List<AccountLine> accounts) {
    }

    record UnitsSection(String absent, String scoresAbsent, List<UnitDetail> units) {
    }

    record ResultLine(String rank, String unit, String total, String grade, String action, String budgetChange,
                      String rectification, String review) {
    }

    record ResultsSection(String absent, List<ResultLine> rows) {
    }

    record QuarantineLine(String source, String kind, String records, String files, String example) {
    }

    record QuarantineRow(String source, String file, String lineNumber, String reasons) {
    }

    record RestatementLine(String unit, String name, String oldScore, String newScore, String oldValue, String newValue,
                           String oldGrade, String newGrade, String files) {
    }

    record MismatchLine(String check, String source, String unit, String expected, String actual, String detail) {
    }

    /** A label and its value, a dash when the value is missing. */
    record Fact(String label, String value) {
    }

    private static Fact fact(String label, String value) {
        return new Fact(label, Formats.orDash(value));
    }

    /**
     * 数据质量. Each {@code …Absent} is the note shown instead of its part, or null when the part has data.
     *
     * @param quarantineShown which of the quarantined records the detail table lists (前 N 条 / 全部 N 条)
     * @param restatedAt      when the year was republished, or null (then there are no restatements to list)
     * @param mismatchesShown how many of the mismatches the table lists, when not all, else empty
     */
    record QualitySection(String quarantineAbsent, long quarantineTotal, int quarantineSources, List<QuarantineLine> quarantine,
                          String quarantineShown, List<QuarantineRow> quarantineRows,
                          String restatedAt, String restatedFromRun, List<RestatementLine> restatements,
                          String reconciliationAbsent, long checks, long mismatchCount, String mismatchesShown, List<MismatchLine> mismatches,
                          String runAbsent, List<Fact> run) {
    }

    /** Unit order (the league table's, then any unit without a scorecard), short names and the indicators' order. */
    private record Layout(List<String> unitOrder, Map<String, String> shortNames, List<Indicator> indicatorOrder,
                          Map<String, Map<String, Rec>> scoresByUnit) {
    }

    private Layout layout;

    private Layout layout() {
        if (layout != null) {
            return layout;
        }
        Map<String, String> shortNames = new HashMap<>();
        for (Rec u : units) {
            shortNames.put(u.str("unit_id"), u.str("short_name") == null ? u.str("unit_id") : u.str("short_name"));
        }
        Set<String> order = new LinkedHashSet<>();
        for (Rec s : scorecard) {
            shortNames.putIfAbsent(s.str("unit_id"), s.str("short_name") == null ? s.str("unit_id") : s.str("short_name"));
            order.add(s.str("unit_id"));
        }
        units.forEach(u -> order.add(u.str("unit_id")));
        indicators.forEach(i -> order.add(i.str("unit_id")));
        budget.forEach(b -> order.add(b.str("unit_id")));

        Map<String, Map<String, Rec>> scoresByUnit = new LinkedHashMap<>();
        Map<String, Indicator> byId = new LinkedHashMap<>();
        for (Rec r : indicators) {
            scoresByUnit.computeIfAbsent(r.str("unit_id"), k -> new LinkedHashMap<>()).put(r.str("indicator_id"), r);
            byId.putIfAbsent(r.str("indicator_id"), new Indicator(r.str("indicator_id"), r.str("level1"), r.str("level2"), r.str("name"), r.dec("weight")));
        }
        List<Indicator> indicatorOrder = new ArrayList<>(byId.values());
        indicatorOrder.sort(Comparator.comparingInt((Indicator i) -> Labels.groupOrder(i.group()))
                .thenComparingInt(i -> Labels.level2Order(i.level2()))
                .thenComparing(Indicator::id));
        layout = new Layout(List.copyOf(order), shortNames, List.copyOf(indicatorOrder), scoresByUnit);
        return layout;
    }

    /** The page's title: the district's evaluation and the year. */
    String title() {
        return DistrictReport.TITLE + " " + year + "年度";
    }

    /** Every unit of the year: the league table's order, then units without a scorecard. */
    List<String> unitOrder() {
        return layout().unitOrder();
    }

    /** The indicators by level-1 group, level-2 group and id. */
    List<Indicator> indicatorOrder() {
        return layout().indicatorOrder();
    }

    String shortName(String unitId) {
        return layout().shortNames().getOrDefault(unitId, unitId);
    }

    /** Warnings for the top of the page: a failed latest run, a scorecard of an earlier run, a republication. */
    List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        if (latestRun != null && !"succeeded".equals(latestRun.str("status"))) {
            warnings.add("本年度最近一次运行（" + latestRun.str(DeltaWarehouse.RUN_ID) + "）状态为“"
                    + Labels.label(Labels.RUN_STATUS, latestRun.str("status")) + "”"
                    + (latestRun.str("message") == null ? "" : "：" + latestRun.str("message")));
        }
        if (latestRun != null && !scorecard.isEmpty()) {
            String cardRun = scorecard.get(0).str(DeltaWarehouse.RUN_ID);
            if (cardRun != null && !cardRun.equals(latestRun.str(DeltaWarehouse.RUN_ID))) {
                warnings.add("评分表来自更早的运行 " + cardRun + "，而非最近一次运行 " + latestRun.str(DeltaWarehouse.RUN_ID) + "。");
            }
        }
        if (restatedAt != null) {
            warnings.add("本年度结果已于 " + Formats.time(java.sql.Timestamp.from(restatedAt)) + " 更正重发（restated），取代运行 " + restatedFromRun
                    + " 的发布：" + (restatements.isEmpty() ? "各指标得分、完成值和等级均无变化。" : restatements.size() + " 项单位指标有变化，见“数据质量”一节的更正记录。"));
        }
        return warnings;
    }

    /** The note for a table the warehouse lacks, or one without rows for the year; null when there is data. */
    String absence(String table, boolean empty) {
        if (missing.contains(table)) {
            return "数据仓库中尚无 " + table + " 表（尚未生成：例如运行因拒收行数超过上限而停止时，只写入清洗表和隔离表，不写评分表），本节从略。";
        }
        if (empty) {
            return table + " 表中没有 " + year + " 年度的数据，本节从略。";
        }
        return null;
    }

    /** Sum of the weights of each level-1 group (from the indicators of the year). */
    Map<String, BigDecimal> groupWeights() {
        Map<String, BigDecimal> weights = new HashMap<>();
        for (Indicator i : indicatorOrder()) {
            if (i.weight() != null) {
                weights.merge(i.group(), i.weight(), BigDecimal::add);
            }
        }
        return weights;
    }

    Ranking ranking() {
        String absent = absence(Table.UNIT_SCORECARD.tableName(), scorecard.isEmpty());
        if (absent != null) {
            return new Ranking(absent, List.of(), List.of(), List.of(), null);
        }
        Map<String, BigDecimal> weights = groupWeights();
        List<String> headings = scoreGroups.stream()
                .map(g -> Labels.groupName(g) + (weights.get(g) == null ? "" : "（" + Formats.plain(weights.get(g)) + "）")).toList();
        List<LeagueRow> rows = new ArrayList<>();
        for (Rec s : scorecard) {
            String id = s.str("unit_id");
            YearOnYear yoy = yearOnYear.get(id);
            Change change = yoy == null ? Change.of(s.dec("total_change"), null) : Change.of(yoy.change(), yoy.missing());
            rows.add(new LeagueRow(s.str("district_rank"), id, shortName(id), Labels.label(Labels.UNIT_TYPE, s.str("unit_type")),
                    Formats.fixed(s.dec("total_score")), s.str("grade"), change,
                    yoy == null || yoy.note() == null ? null : yoy.label() + "。" + yoy.note(),
                    scoreGroups.stream().map(g -> Formats.fixed(s.dec("score_" + g))).toList(),
                    Formats.percent(s.dec("percentile")), Formats.orDash(s.str("indicators_no_data"))));
        }
        long incomparable = yearOnYear.values().stream().filter(y -> !y.comparable() && y.change() != null).count();
        String footnote = incomparable == 0 ? null : "* " + incomparable + " 个单位两年按数据评分的指标不同，总分不可比：其较上年一栏为可比变化，仅含两年均有数据的指标"
                + "（指向数字可见所含指标数与原因，详见单位明细）。";
        return new Ranking(null, kpis(), headings, rows, footnote);
    }

    /** Units scored, the average, the highest and lowest total, and how many units have each grade. */
    List<Kpi> kpis() {
        List<BigDecimal> totals = scorecard.stream().map(s -> s.dec("total_score")).filter(java.util.Objects::nonNull).toList();
        Map<String, Integer> grades = new LinkedHashMap<>();
        for (String g : List.of("优", "良", "中", "差")) {
            grades.put(g, 0);
        }
        scorecard.forEach(s -> grades.computeIfPresent(String.valueOf(s.str("grade")), (k, v) -> v + 1));
        List<Kpi> kpis = new ArrayList<>();
        kpis.add(new Kpi(String.valueOf(scorecard.size()), "参评单位"));
        if (!totals.isEmpty()) {
            BigDecimal sum = totals.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            kpis.add(new Kpi(Formats.fixed(sum.divide(BigDecimal.valueOf(totals.size()), 2, RoundingMode.HALF_UP)), "平均总分"));
            kpis.add(new Kpi(Formats.fixed(totals.stream().max(Comparator.naturalOrder()).orElseThrow()) + " / "
                    + Formats.fixed(totals.stream().min(Comparator.naturalOrder()).orElseThrow()), "最高分 / 最低分"));
        }
        List<String> dist = new ArrayList<>();
        grades.forEach((g, n) -> dist.add(g + " " + n));
        kpis.add(new Kpi(String.join(" · ", dist), "等级分布（优 · 良 · 中 · 差）"));
        return kpis;
    }

    /** The charts that have data, in page order: heatmap, execution rate, monthly progress, quarantine. */
    Charts charts() {
        Map<String, Chart> shown = new LinkedHashMap<>();
        Map<String, Object> data = new LinkedHashMap<>();
        Map<String, Map<String, Rec>> scoresByUnit = layout().scoresByUnit();
        List<Indicator> indicatorOrder = indicatorOrder();
        if (absence(Table.INDICATOR_SCORES.tableName(), indicators.isEmpty()) == null) {
            List<String> heatUnits = unitOrder().stream().filter(scoresByUnit::containsKey).toList();
            Map<String, Integer> nameCount = new HashMap<>();
            indicatorOrder.forEach(i -> nameCount.merge(String.valueOf(i.name()), 1, Integer::sum));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Indicator i : indicatorOrder) {
                String name = i.name() == null ? i.id() : i.name();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", i.id());
                m.put("label", nameCount.get(String.valueOf(i.name())) > 1 ? name + "（" + i.id() + "）" : name);
                m.put("level1", i.level1());
                m.put("level2", i.level2());
                m.put("name", name);
                m.put("weight", i.weight());
                rows.add(m);
            }
            List<Map<String, Object>> cells = new ArrayList<>();
            for (int x = 0; x < heatUnits.size(); x++) {
                Map<String, Rec> scores = scoresByUnit.get(heatUnits.get(x));
                for (int y = 0; y < indicatorOrder.size(); y++) {
                    Rec r = scores.get(indicatorOrder.get(y).id());
                    if (r == null) {
                        continue;
                    }
                    BigDecimal score = r.dec("score");
                    BigDecimal weight = r.dec("weight");
                    Object share = score == null || weight == null || weight.signum() <= 0 ? "-"
                            : score.multiply(BigDecimal.valueOf(100)).divide(weight, 1, RoundingMode.HALF_UP);
                    Map<String, Object> cell = new LinkedHashMap<>();
                    cell.put("value", List.of(x, y, share));
                    cell.put("score", score);
                    cell.put("status", Labels.label(Labels.STATUS, r.str("status")));
                    cells.add(cell);
                }
            }
            data.put("heatmap", Map.of("units", heatUnits.stream().map(this::shortName).toList(), "indicators", rows, "cells", cells));
            shown.put("heatmap", new Chart("heatmap", Math.max(320, 60 + 30 * indicatorOrder.size()), "指标得分热力图：单位 × 指标的得分率"));
        }
        Map<String, Rec> totals = budgetTotals();
        if (absence(Table.BUDGET_EXECUTION.tableName(), totals.isEmpty()) == null) {
            List<String> budgetUnits = unitOrder().stream().filter(totals::containsKey).toList();
            data.put("budgetRate", Map.of("units", budgetUnits.stream().map(this::shortName).toList(),
                    "rates", budgetUnits.stream().map(u -> totals.get(u).dec("execution_rate")).toList()));
            shown.put("budget-rate", new Chart("budget-rate", 360, "各单位预算执行率柱状图"));
        }
        if (absence(Table.BUDGET_EXECUTION_MONTHLY.tableName(), monthly.isEmpty()) == null) {
            Map<String, BigDecimal[]> byUnit = new LinkedHashMap<>();
            for (Rec m : monthly) {
                Long month = m.lng("month");
                if (month != null && month >= 1 && month <= 12) {
                    byUnit.computeIfAbsent(m.str("unit_id"), k -> new BigDecimal[12])[month.intValue() - 1] = m.dec("progress_rate");
                }
            }
            List<Map<String, Object>> series = new ArrayList<>();
            for (String u : unitOrder()) {
                if (byUnit.containsKey(u)) {
                    series.add(Map.of("name", shortName(u), "data", Arrays.asList(byUnit.get(u))));
                }
            }
            byUnit.keySet().stream().filter(u -> !unitOrder().contains(u))
                    .forEach(u -> series.add(Map.of("name", shortName(u), "data", Arrays.asList(byUnit.get(u)))));
            data.put("monthly", Map.of("months", List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), "series", series));
            shown.put("budget-monthly", new Chart("budget-monthly", 420, "各单位月度累计预算执行进度折线图"));
        }
        if (!missing.contains(Table.QUARANTINE.tableName()) && !quarantine.isEmpty()) {
            List<String> sources = new ArrayList<>(quarantineBySource.keySet());
            List<String> kinds = new ArrayList<>(new LinkedHashSet<>(quarantine.stream().map(q -> q.str("reason_kind")).toList()));
            List<List<Long>> counts = new ArrayList<>();
            for (String kind : kinds) {
                List<Long> row = new ArrayList<>();
                for (String source : sources) {
                    row.add(quarantine.stream().filter(q -> kind.equals(q.str("reason_kind")) && source.equals(q.str("source")))
                            .mapToLong(q -> q.lng("records")).sum());
                }
                counts.add(row);
            }
            data.put("quarantine", Map.of("sources", sources, "kinds", kinds, "counts", counts));
            shown.put("quarantine", new Chart("quarantine", Math.max(240, 90 + 44 * sources.size()), "按数据源和原因类别统计的隔离记录条形图"));
        }
        return new Charts(shown, data);
    }

    /** The total account of each unit's budget execution. */
    private Map<String, Rec> budgetTotals() {
        Map<String, Rec> byUnit = new HashMap<>();
        budget.stream().filter(b -> "total".equals(b.str("account"))).forEach(b -> byUnit.put(b.str("unit_id"), b));
        return byUnit;
    }

    BudgetSection budgetSection() {
        Map<String, Rec> totals = budgetTotals();
        List<BudgetRow> rows = new ArrayList<>();
        for (String u : unitOrder()) {
            Rec b = totals.get(u);
            if (b != null) {
                rows.add(new BudgetRow(shortName(u), Formats.wan(b.dec("initial_yuan")), Formats.wan(b.dec("adjustment_yuan")),
                        Formats.wan(b.dec("adjusted_yuan")), Formats.wan(b.dec("executed_yuan")),
                        Formats.percent(b.dec("execution_rate")), Formats.percent(b.dec("adjustment_rate"))));
            }
        }
        return new BudgetSection(absence(Table.BUDGET_EXECUTION.tableName(), totals.isEmpty()), rows,
                absence(Table.BUDGET_EXECUTION_MONTHLY.tableName(), monthly.isEmpty()));
    }

    UnitsSection unitsSection() {
        if (unitOrder().isEmpty()) {
            return new UnitsSection("数据仓库中没有 " + year + " 年度的单位数据，本节从略。", null, List.of());
        }
        Map<String, Rec> cards = new HashMap<>();
        scorecard.forEach(s -> cards.put(s.str("unit_id"), s));
        Map<String, Rec> unitRows = new HashMap<>();
        units.forEach(u -> unitRows.put(u.str("unit_id"), u));
        Map<String, List<Rec>> audits = byUnit(audit);
        Map<String, List<Rec>> budgets = byUnit(budget);
        Map<String, BigDecimal> weights = groupWeights();
        List<UnitDetail> details = new ArrayList<>();
        for (String unit : unitOrder()) {
            Rec card = cards.get(unit);
            Rec info = unitRows.get(unit);
            YearOnYear yoy = card == null ? null : yearOnYear.get(unit);
            String type = info != null ? info.str("unit_type") : card != null ? card.str("unit_type") : null;
            String identity = (info != null && info.str("unit_name") != null ? info.str("unit_name") : shortName(unit))
                    + "（" + Labels.label(Labels.UNIT_TYPE, type)
                    + (info != null && info.str("unit_type") != null || card != null && card.str("unit_type") != null ? "，" : "")
                    + unit + "）";
            String groupScores = card == null || scoreGroups.isEmpty() ? null : String.join(" · ", scoreGroups.stream()
                    .map(g -> Labels.groupName(g) + " " + Formats.fixed(card.dec("score_" + g))
                            + (weights.get(g) == null ? "" : " / " + Formats.plain(weights.get(g)))).toList());
            Map<String, Rec> scores = layout().scoresByUnit().get(unit);
            List<Rec> unitAudits = audits.getOrDefault(unit, List.of());
            details.add(new UnitDetail(unit, card == null ? null : card.str("district_rank"), shortName(unit), card != null,
                    card == null ? null : Formats.fixed(card.dec("total_score")), card == null ? null : card.str("grade"),
                    yoy == null ? YearOnYear.TOTAL_LABEL : yoy.label(),
                    card == null ? null : yoy == null ? Change.of(card.dec("total_change"), null) : Change.of(yoy.change(), yoy.missing()),
                    card == null ? null : card.str("indicators_no_data"), identity, yoy == null ? null : yoy.note(), groupScores,
                    scores == null || scores.isEmpty()
                            ? (missing.contains(Table.INDICATOR_SCORES.tableName()) ? "尚无指标得分表。" : "该单位没有指标得分记录。") : null,
                    indicatorLines(scores),
                    missing.contains(Table.SELF_REPORT_AUDIT.tableName()) ? "尚无 self_report_audit 表，自评值核对从略。"
                            : unitAudits.isEmpty() ? "该单位本年度没有可核对的自评完成值。" : null,
                    unitAudits.stream().map(ReportData::auditLine).toList(),
                    accountLines(budgets.getOrDefault(unit, List.of()))));
        }
        return new UnitsSection(null, missing.contains(Table.INDICATOR_SCORES.tableName())
                ? absence(Table.INDICATOR_SCORES.tableName(), true) : null, details);
    }

    private List<IndicatorLine> indicatorLines(Map<String, Rec> scores) {
        if (scores == null) {
            return List.of();
        }
        List<IndicatorLine> lines = new ArrayList<>();
        for (Indicator i : indicatorOrder()) {
            Rec r = scores.get(i.id());
            if (r == null) {
                continue;
            }
            BigDecimal actual = r.dec("actual_value");
            String unit = r.str("target_unit");
            BigDecimal previous = r.dec("previous_value");
            lines.add(new IndicatorLine(r.str("level1"), r.str("level2"), r.str("indicator_id"), r.str("name"),
                    Formats.orDash(r.str("target_text")), "default".equals(r.str("target_source")),
                    actual != null || r.str("grade") != null || previous != null,
                    actual == null ? null : Formats.measure(actual) + (unit == null || unit.isBlank() ? "" : unit.equals("%") ? "%" : " " + unit),
                    Badge.of(r.str("grade"), Labels.GRADE), previous == null ? null : Formats.measure(previous),
                    Formats.fixed(r.dec("score")) + " / " + Formats.plain(r.dec("weight")),
                    Badge.of(r.str("status"), Labels.STATUS), r.str("note")));
        }
        return lines;
    }

    private static AuditLine auditLine(Rec a) {
        return new AuditLine(a.str("indicator_id"), a.str("name") == null ? a.str("indicator_id") : a.str("name"), a.str("reported_text"),
                Formats.measure(a.dec("reported_value")), Formats.measure(a.dec("computed_value")), Formats.measure(a.dec("difference")),
                a.str("measure_unit"), Badge.of(a.str("flag"), Labels.FLAG), a.str("note"));
    }

    /** A unit's budget by account: basic, project, then the total. */
    private static List<AccountLine> accountLines(List<Rec> budgets) {
        List<String> accounts = List.of("basic", "project", "total");
        return budgets.stream()
                .sorted(Comparator.comparingInt(b -> accounts.indexOf(b.str("account")) < 0 ? 9 : accounts.indexOf(b.str("account"))))
                .map(b -> new AccountLine(Labels.label(Labels.ACCOUNT, b.str("account")), Formats.wan(b.dec("initial_yuan")),
                        Formats.wan(b.dec("adjusted_yuan")), Formats.wan(b.dec("executed_yuan")), Formats.percent(b.dec("execution_rate"))))
                .toList();
    }

    /** 评价结果应用: per unit the budget action its grade proposes, its rectification list and last year's list reviewed. */
    ResultsSection resultsSection() {
        if (missing.contains(Table.RESULTS_APPLICATION.tableName())) {
            return new ResultsSection("数据仓库中尚无 results_application 表（较早版本的运行未写入），本节从略；重新运行该年度即可生成。", List.of());
        }
        if (results.isEmpty()) {
            return new ResultsSection("results_application 表中没有 " + year + " 年度的数据，本节从略。", List.of());
        }
        List<ResultLine> rows = new ArrayList<>();
        for (Rec r : results) {
            BigDecimal change = r.dec("budget_change_percent");
            rows.add(new ResultLine(Formats.orDash(r.str("district_rank")), shortName(r.str("unit_id")), Formats.number(r.dec("total_score")),
                    r.str("grade"), r.str("action_label"),
                    change == null ? Formats.NONE : change.signum() == 0 ? "0" : change.stripTrailingZeros().toPlainString() + "%",
                    r.str("rectification_text") == null || r.str("rectification_text").isEmpty() ? "无失分指标" : r.str("rectification_text"),
                    review(r)));
        }
        return new ResultsSection(null, rows);
    }

    /** Last year's rectification list as reviewed this year: how many items improved, and which did not. */
    static String review(Rec r) {
        Long items = r.lng("previous_items");
        Long improved = r.lng("previous_improved");
        Long notComparable = r.lng("previous_not_comparable");
        String notImproved = r.str("not_improved");
        return items == null ? "上年无整改清单" : improved + " / " + items + " 项已改进"
                + (notComparable == null || notComparable == 0 ? "" : "（" + notComparable + " 项有一年无数据评分，不作比较）")
                + (notImproved == null || notImproved.isEmpty() ? "" : "；未改进：" + notImproved);
    }

    QualitySection qualitySection() {
        String quarantineAbsent = absence(Table.QUARANTINE.tableName(), false);
        if (quarantineAbsent == null && quarantine.isEmpty()) {
            quarantineAbsent = year + " 年度没有隔离记录。";
        }
        long total = quarantineBySource.values().stream().mapToLong(Long::longValue).sum();
        List<QuarantineLine> kinds = quarantine.stream().map(q -> new QuarantineLine(q.str("source"), q.str("reason_kind"),
                q.str("records"), q.str("files"), q.str("example"))).toList();
        List<QuarantineRow> records = quarantineRows.stream().map(q -> new QuarantineRow(q.str("source"), q.str("file"),
                q.str("line_number"), q.str("reasons"))).toList();
        String shown = quarantineRows.size() < total ? "前 " + quarantineRows.size() + " 条" : "全部 " + total + " 条";

        List<RestatementLine> restated = restatedAt == null ? List.of() : restatements.stream().map(r -> new RestatementLine(
                shortName(r.str("unit_id")), r.str("name"), r.str("old_score"), r.str("new_score"), r.str("old_value"), r.str("new_value"),
                r.str("old_grade"), r.str("new_grade"), changedFiles(r.get("changed_deliveries")))).toList();

        String reconciliationAbsent = absence(Table.RECONCILIATION.tableName(), false);
        if (reconciliationAbsent == null && reconciliationChecks == 0) {
            reconciliationAbsent = year + " 年度没有核对记录。";
        }
        List<MismatchLine> mismatches = reconciliationMismatches.stream().map(m -> new MismatchLine(m.str("check_name"), m.str("source"),
                m.str("unit_id") == null || m.str("unit_id").isEmpty() ? Formats.NONE : shortName(m.str("unit_id")),
                Formats.number(m.dec("expected")), Formats.number(m.dec("actual")), m.str("detail"))).toList();
        String mismatchesShown = reconciliationMismatchCount > reconciliationMismatches.size()
                ? "（下表列出前 " + reconciliationMismatches.size() + " 项）" : "";

        return new QualitySection(quarantineAbsent, total, quarantineBySource.size(), kinds, shown, records,
                restatedAt == null ? null : Formats.time(java.sql.Timestamp.from(restatedAt)), restatedFromRun, restated,
                reconciliationAbsent, reconciliationChecks, reconciliationMismatchCount, mismatchesShown, mismatches,
                absence(Table.JOB_RUNS.tableName(), latestRun == null), runFacts());
    }

    private static String changedFiles(Object files) {
        if (files instanceof scala.collection.Seq<?> seq) {
            return String.join("；", scala.collection.JavaConverters.seqAsJavaList(seq).stream().map(String::valueOf).toList());
        }
        return files == null ? null : files.toString();
    }

    /** The latest run of the year as label / value pairs; empty without a run. */
    List<Fact> runFacts() {
        Rec r = latestRun;
        if (r == null) {
            return List.of();
        }
        List<Fact> facts = new ArrayList<>();
        facts.add(fact("运行编号", r.str(DeltaWarehouse.RUN_ID)));
        facts.add(fact("状态", Labels.label(Labels.RUN_STATUS, r.str("status")) + ("succeeded".equals(r.str("status")) ? "" : "（" + r.str("status") + "）")));
        facts.add(fact("开始 / 结束", Formats.time(r.get("started_at")) + " / " + Formats.time(r.get("finished_at"))));
        facts.add(fact("读入 / 接收 / 隔离", Formats.count(r.lng("rows_read_total")) + " / " + Formats.count(r.lng("rows_accepted_total"))
                + " / " + Formats.count(r.lng("rows_rejected_total"))));
        facts.add(fact("完全重复 / 其他年度", Formats.count(r.lng("rows_duplicate_total")) + " / " + Formats.count(r.lng("rows_other_year_total"))));
        facts.add(fact("写入表数", Formats.count(r.lng("tables_written_count"))));
        facts.add(fact("核对不一致", Formats.count(r.lng("reconciliation_mismatches"))));
        facts.add(fact("配置指纹", r.str("config_fingerprint")));
        if (r.str("message") != null && !r.str("message").isBlank()) {
            facts.add(fact("信息", r.str("message")));
        }
        return facts;
    }

    /** The year's rows of {@code table}, or null (and the table noted as missing) when the warehouse lacks it. */
    private Dataset<Row> ofYear(WarehouseTables tables, String table) {
        if (!tables.has(table)) {
            missing.add(table);
            return null;
        }
        return tables.readYear(table, year);
    }

    /** Collects {@code columns} (null for any the table lacks), sorted. Callers pass small results only. */
    private static List<Rec> rows(Dataset<Row> df, List<String> columns, Column... orderBy) {
        Set<String> have = Set.of(df.columns());
        Column[] select = columns.stream().map(c -> have.contains(c) ? col(c) : lit(null).as(c)).toArray(Column[]::new);
        Dataset<Row> selected = df.select(select);
        if (orderBy.length > 0) {
            selected = selected.orderBy(orderBy);
        }
        return selected.collectAsList().stream().map(Rec::of).toList();
    }
}
