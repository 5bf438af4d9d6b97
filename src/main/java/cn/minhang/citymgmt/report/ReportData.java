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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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

    private ReportData(int year, String warehouse) {
        this.year = year;
        this.warehouse = warehouse;
    }

    static ReportData collect(SparkSession spark, String warehouseRoot, int year) {
        WarehouseTables tables = WarehouseTables.open(spark, warehouseRoot);
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
            before = byUnit(rows(tables.read(Table.INDICATOR_SCORES.tableName()).where(col(DeltaWarehouse.FISCAL_YEAR).equalTo(year - 1)),
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

    /** The year's rows of {@code table}, or null (and the table noted as missing) when the warehouse lacks it. */
    private Dataset<Row> ofYear(WarehouseTables tables, String table) {
        if (!tables.has(table)) {
            missing.add(table);
            return null;
        }
        Dataset<Row> df = tables.read(table);
        return Arrays.asList(df.columns()).contains(DeltaWarehouse.FISCAL_YEAR)
                ? df.where(col(DeltaWarehouse.FISCAL_YEAR).equalTo(year)) : df;
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
