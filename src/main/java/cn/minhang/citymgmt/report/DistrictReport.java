package cn.minhang.citymgmt.report;

import cn.minhang.citymgmt.job.EvaluationJob;
import cn.minhang.citymgmt.job.JobConfig;
import cn.minhang.citymgmt.failures.RunStopped;
import cn.minhang.citymgmt.job.JobOptions;
import cn.minhang.citymgmt.tables.WarehouseTables;
import cn.minhang.citymgmt.tables.DeltaWarehouse;
import cn.minhang.citymgmt.tables.Table;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The district report: one self-contained HTML page per fiscal year (ECharts, data and styles
 * inlined, no network address), in simplified Chinese, for the district's analysts and leaders.
 * Sections: 区内排名, 指标得分热力图, 预算执行, 单位明细, 数据质量. Every section copes with a
 * table the warehouse does not hold (a run stopped by the reject limit writes no scored table).
 *
 * <pre>  jobs/report.sh [--warehouse DIR] [--year YYYY]</pre>
 */
public final class DistrictReport {
    public static final String DISTRICT = "闵行区";
    public static final String TITLE = DISTRICT + "城市建设管理事务中心部门整体支出绩效评价";
    public static final String ECHARTS_VERSION = "5.3.1";
    static final String ECHARTS = "META-INF/resources/webjars/echarts/" + ECHARTS_VERSION + "/dist/echarts.min.js";
    static final String CSS = "cn/minhang/citymgmt/report/district-report.css";
    static final String SCRIPT = "cn/minhang/citymgmt/report/district-report.js";
    static final String FOLDER = "reports";

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Pattern SCRIPT_END = Pattern.compile("</(script)", Pattern.CASE_INSENSITIVE);

    private final ReportData d;
    private final StringBuilder out = new StringBuilder(1 << 20);
    private final Map<String, String> shortNames = new HashMap<>();
    private final List<String> unitOrder = new ArrayList<>();
    private final List<Indicator> indicatorOrder = new ArrayList<>();
    private final Map<String, Map<String, Rec>> scoresByUnit = new LinkedHashMap<>();
    private final Map<String, Object> json = new LinkedHashMap<>();
    private int charts;

    /** An indicator of the year's framework as the scores show it. */
    private record Indicator(String id, String level1, String level2, String name, BigDecimal weight) {
        String group() {
            int dot = id.indexOf('.');
            return dot > 0 ? id.substring(0, dot) : id;
        }
    }

    private DistrictReport(ReportData data) {
        this.d = data;
    }

    /**
     * Writes {@code <warehouseRoot>/reports/district-report-<fiscalYear>.html} from the warehouse's
     * tables and returns its path (for a warehouse on a remote file system, the path inside it).
     */
    public static Path write(SparkSession spark, String warehouseRoot, int fiscalYear) {
        ReportData data = ReportData.collect(spark, warehouseRoot, fiscalYear);
        return writePage(spark, data.warehouse, "district-report-" + fiscalYear + ".html", render(data));
    }

    /**
     * Writes {@code <warehouseRoot>/reports/monitoring-report-<fiscalYear>-<asOf>.html}, the mid-year
     * monitoring page (双监控) of an as-of run, and returns its path.
     */
    public static Path writeMonitoring(SparkSession spark, String warehouseRoot, int fiscalYear, java.time.LocalDate asOf) {
        MonitoringData data = MonitoringData.collect(spark, warehouseRoot, fiscalYear, asOf);
        return writePage(spark, data.warehouse, "monitoring-report-" + fiscalYear + "-" + asOf + ".html",
                MonitoringPage.render(data));
    }

    /** Writes one page under {@code <root>/reports/}, atomically where the file system allows. */
    private static Path writePage(SparkSession spark, String root, String name, String html) {
        try {
            if (WarehouseTables.isLocal(root) || root.startsWith("file:")) {
                Path dir = (root.startsWith("file:") ? Path.of(java.net.URI.create(root)) : Path.of(root)).resolve(FOLDER);
                Files.createDirectories(dir);
                Path target = dir.resolve(name);
                Path temp = Files.createTempFile(dir, ".district-report-", ".tmp");
                Files.writeString(temp, html, StandardCharsets.UTF_8);
                try {
                    // A temp file is private to its owner; the report is meant to be shared like the tables.
                    Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: keep its defaults
                }
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return target.toAbsolutePath();
            }
            org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(root, FOLDER), name);
            FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
            try (FSDataOutputStream stream = fs.create(target, true)) {
                stream.write(html.getBytes(StandardCharsets.UTF_8));
            }
            return Path.of(target.toUri().getPath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the district report under " + root + ": " + e.getMessage(), e);
        }
    }

    /** The whole page for {@code data}. */
    static String render(ReportData data) {
        return new DistrictReport(data).html();
    }

    // ------------------------------------------------------------------ page

    private String html() {
        prepare();
        String title = TITLE + " " + d.year + "年度";
        out.append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"district-budget-performance\">\n")
                .append("<title>").append(Html.escape(title)).append("</title>\n<style>\n")
                .append(resource(CSS)).append("</style>\n</head>\n<body>\n")
                // First thing in <body>: record any script error for the page's checks.
                .append("<script>window.__reportErrors = [];\n")
                .append("window.addEventListener('error', function (e) { window.__reportErrors.push(String((e && e.message) || 'error')); ")
                .append("document.body.dataset.scriptErrors = window.__reportErrors.join(' | '); });\n")
                .append("window.addEventListener('unhandledrejection', function (e) { window.__reportErrors.push('unhandled rejection: ' + String(e && e.reason)); ")
                .append("document.body.dataset.scriptErrors = window.__reportErrors.join(' | '); });</script>\n");
        header(title);
        out.append("<main>\n");
        ranking();
        heatmap();
        budget();
        unitDetails();
        resultsApplication();
        dataQuality();
        out.append("</main>\n<footer>本报告由绩效评价作业根据数据仓库中的评价结果自动生成，可离线打开；")
                .append("图表组件 ECharts ").append(ECHARTS_VERSION).append("（Apache License 2.0）已内嵌。</footer>\n");
        out.append("<script>\n").append(SCRIPT_END.matcher(resource(ECHARTS)).replaceAll("<\\\\/$1")).append("\n</script>\n");
        out.append("<script type=\"application/json\" id=\"report-data\">").append(Json.write(json)).append("</script>\n");
        out.append("<script>\n").append(resource(SCRIPT)).append("</script>\n</body>\n</html>\n");
        return out.toString();
    }

    /** Unit order (the league table's, then any unit without a scorecard) and indicator order. */
    private void prepare() {
        for (Rec u : d.units) {
            shortNames.put(u.str("unit_id"), u.str("short_name") == null ? u.str("unit_id") : u.str("short_name"));
        }
        Set<String> order = new LinkedHashSet<>();
        for (Rec s : d.scorecard) {
            shortNames.putIfAbsent(s.str("unit_id"), s.str("short_name") == null ? s.str("unit_id") : s.str("short_name"));
            order.add(s.str("unit_id"));
        }
        d.units.forEach(u -> order.add(u.str("unit_id")));
        d.indicators.forEach(i -> order.add(i.str("unit_id")));
        d.budget.forEach(b -> order.add(b.str("unit_id")));
        unitOrder.addAll(order);

        Map<String, Indicator> byId = new LinkedHashMap<>();
        for (Rec r : d.indicators) {
            scoresByUnit.computeIfAbsent(r.str("unit_id"), k -> new LinkedHashMap<>()).put(r.str("indicator_id"), r);
            byId.putIfAbsent(r.str("indicator_id"), new Indicator(r.str("indicator_id"), r.str("level1"), r.str("level2"), r.str("name"), r.dec("weight")));
        }
        indicatorOrder.addAll(byId.values());
        indicatorOrder.sort(Comparator.comparingInt((Indicator i) -> Labels.groupOrder(i.group()))
                .thenComparingInt(i -> Labels.level2Order(i.level2()))
                .thenComparing(Indicator::id));
    }

    private String shortName(String unitId) {
        return shortNames.getOrDefault(unitId, unitId);
    }

    private void header(String title) {
        out.append("<header class=\"report\">\n<h1>").append(Html.escape(title)).append("</h1>\n<p class=\"meta\">")
                .append("评价年度 ").append(d.year).append(" · 参评单位 ").append(unitOrder.size()).append(" 个 · 生成时间 ")
                .append(Html.escape(ZonedDateTime.now(SHANGHAI).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT))));
        if (d.latestRun != null) {
            out.append(" · 运行编号 ").append(Html.escape(d.latestRun.str(DeltaWarehouse.RUN_ID)));
        }
        out.append("</p>\n</header>\n<nav class=\"toc\"><a href=\"#ranking\">区内排名</a><a href=\"#heatmap\">指标得分热力图</a>")
                .append("<a href=\"#budget\">预算执行</a><a href=\"#units\">单位明细</a><a href=\"#results\">结果应用</a><a href=\"#quality\">数据质量</a></nav>\n");
        List<String> warnings = new ArrayList<>();
        if (d.latestRun != null && !"succeeded".equals(d.latestRun.str("status"))) {
            warnings.add("本年度最近一次运行（" + d.latestRun.str(DeltaWarehouse.RUN_ID) + "）状态为“"
                    + Labels.label(Labels.RUN_STATUS, d.latestRun.str("status")) + "”"
                    + (d.latestRun.str("message") == null ? "" : "：" + d.latestRun.str("message")));
        }
        if (d.latestRun != null && !d.scorecard.isEmpty()) {
            String cardRun = d.scorecard.get(0).str(DeltaWarehouse.RUN_ID);
            if (cardRun != null && !cardRun.equals(d.latestRun.str(DeltaWarehouse.RUN_ID))) {
                warnings.add("评分表来自更早的运行 " + cardRun + "，而非最近一次运行 " + d.latestRun.str(DeltaWarehouse.RUN_ID) + "。");
            }
        }
        if (d.restatedAt != null) {
            warnings.add("本年度结果已于 " + time(java.sql.Timestamp.from(d.restatedAt)) + " 更正重发（restated），取代运行 " + d.restatedFromRun
                    + " 的发布：" + (d.restatements.isEmpty() ? "各指标得分、完成值和等级均无变化。" : d.restatements.size() + " 项单位指标有变化，见“数据质量”一节的更正记录。"));
        }
        if (!warnings.isEmpty()) {
            out.append("<div class=\"warning\" style=\"max-width:1264px;margin:18px auto 0\">");
            warnings.forEach(w -> out.append("<p style=\"margin:0\">").append(Html.escape(w)).append("</p>"));
            out.append("</div>\n");
        }
    }

    private void sectionStart(String id, String heading, String lead) {
        out.append("<section id=\"").append(id).append("\">\n<h2>").append(Html.escape(heading)).append("</h2>\n");
        if (lead != null) {
            out.append("<p class=\"lead\">").append(Html.escape(lead)).append("</p>\n");
        }
    }

    /** A note for a table the warehouse lacks, or one without rows for the year; false when there is data. */
    private boolean noteIfAbsent(String table, boolean empty) {
        if (d.missing.contains(table)) {
            note("数据仓库中尚无 " + table + " 表（尚未生成：例如运行因拒收行数超过上限而停止时，只写入清洗表和隔离表，不写评分表），本节从略。");
            return true;
        }
        if (empty) {
            note(table + " 表中没有 " + d.year + " 年度的数据，本节从略。");
            return true;
        }
        return false;
    }

    private void note(String text) {
        out.append("<p class=\"note\">").append(Html.escape(text)).append("</p>\n");
    }

    private void chart(String name, int height, String label) {
        charts++;
        out.append("<div class=\"chart\" data-chart=\"").append(name).append("\" role=\"img\" aria-label=\"")
                .append(Html.escape(label)).append("\" style=\"height:").append(height).append("px\"></div>\n");
    }

    // ------------------------------------------------------------------ 区内排名

    private void ranking() {
        sectionStart("ranking", "区内排名", "按总分从高到低排列（同分同名次）；等级：90 分及以上为优，80 分及以上为良，60 分及以上为中，其余为差。"
                + "较上年为与上一年度总分之差；两年按数据评分的指标不同时（如上年改进类指标无上年基数而得 0 分）总分不可比，"
                + "改列可比变化，仅含两年均有数据的指标，并标 *。点击单位名称可查看单位明细。");
        if (!noteIfAbsent(Table.UNIT_SCORECARD.tableName(), d.scorecard.isEmpty())) {
            kpis();
            Map<String, BigDecimal> groupWeights = groupWeights();
            out.append("<div class=\"table-wrap\"><table class=\"league\">\n<thead><tr><th class=\"num\">排名</th><th>单位</th><th>类型</th>")
                    .append("<th class=\"num\">总分</th><th>等级</th><th class=\"num\">较上年</th>");
            for (String g : d.scoreGroups) {
                BigDecimal w = groupWeights.get(g);
                out.append("<th class=\"num\">").append(Html.escape(Labels.groupName(g)))
                        .append(w == null ? "" : "（" + plain(w) + "）").append("</th>");
            }
            out.append("<th class=\"num\">百分位</th><th class=\"num\">无数据指标</th></tr></thead>\n<tbody>\n");
            for (Rec s : d.scorecard) {
                String id = s.str("unit_id");
                out.append("<tr><td class=\"num\">").append(Html.escape(s.str("district_rank"))).append("</td>")
                        .append("<td><a class=\"unit-link\" href=\"#unit-").append(Html.escape(id)).append("\">")
                        .append(Html.escape(shortName(id))).append("</a></td>")
                        .append("<td>").append(Html.escape(Labels.label(Labels.UNIT_TYPE, s.str("unit_type")))).append("</td>")
                        .append("<td class=\"num\"><strong>").append(fixed(s.dec("total_score"))).append("</strong></td>")
                        .append("<td>").append(grade(s.str("grade"))).append("</td>")
                        .append(changeCell(d.yearOnYear.get(id), s));
                for (String g : d.scoreGroups) {
                    out.append("<td class=\"num\">").append(fixed(s.dec("score_" + g))).append("</td>");
                }
                BigDecimal pct = s.dec("percentile");
                out.append("<td class=\"num\">").append(pct == null ? "—" : fixed(pct) + "%").append("</td>")
                        .append("<td class=\"num\">").append(Html.escape(s.str("indicators_no_data") == null ? "—" : s.str("indicators_no_data")))
                        .append("</td></tr>\n");
            }
            out.append("</tbody></table></div>\n");
            long incomparable = d.yearOnYear.values().stream().filter(y -> !y.comparable() && y.change() != null).count();
            if (incomparable > 0) {
                note("* " + incomparable + " 个单位两年按数据评分的指标不同，总分不可比：其较上年一栏为可比变化，仅含两年均有数据的指标"
                        + "（指向数字可见所含指标数与原因，详见单位明细）。");
            }
        }
        out.append("</section>\n");
    }

    /** The league table's 较上年 cell: the total change, or the comparable change marked * with its label and reason. */
    private static String changeCell(ReportData.YearOnYear yoy, Rec card) {
        if (yoy == null) {
            return "<td class=\"num\">" + change(card.dec("total_change")) + "</td>";
        }
        if (yoy.note() == null) {
            return "<td class=\"num\">" + change(yoy.change(), yoy.missing()) + "</td>";
        }
        return "<td class=\"num\" title=\"" + Html.escape(yoy.label() + "。" + yoy.note()) + "\">" + change(yoy.change(), yoy.missing())
                + "<sup class=\"basis\">*</sup></td>";
    }

    private void kpis() {
        List<BigDecimal> totals = d.scorecard.stream().map(s -> s.dec("total_score")).filter(java.util.Objects::nonNull).toList();
        Map<String, Integer> grades = new LinkedHashMap<>();
        for (String g : List.of("优", "良", "中", "差")) {
            grades.put(g, 0);
        }
        d.scorecard.forEach(s -> grades.computeIfPresent(String.valueOf(s.str("grade")), (k, v) -> v + 1));
        out.append("<div class=\"kpis\">");
        kpi(String.valueOf(d.scorecard.size()), "参评单位");
        if (!totals.isEmpty()) {
            BigDecimal sum = totals.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            kpi(fixed(sum.divide(BigDecimal.valueOf(totals.size()), 2, RoundingMode.HALF_UP)), "平均总分");
            kpi(fixed(totals.stream().max(Comparator.naturalOrder()).orElseThrow()) + " / "
                    + fixed(totals.stream().min(Comparator.naturalOrder()).orElseThrow()), "最高分 / 最低分");
        }
        StringBuilder dist = new StringBuilder();
        grades.forEach((g, n) -> dist.append(dist.length() == 0 ? "" : " · ").append(g).append(' ').append(n));
        kpi(dist.toString(), "等级分布（优 · 良 · 中 · 差）");
        out.append("</div>\n");
    }

    private void kpi(String value, String label) {
        out.append("<div class=\"kpi\"><div class=\"value\">").append(Html.escape(value)).append("</div><div class=\"label\">")
                .append(Html.escape(label)).append("</div></div>");
    }

    /** Sum of the weights of each level-1 group (from the indicators of the year). */
    private Map<String, BigDecimal> groupWeights() {
        Map<String, BigDecimal> weights = new HashMap<>();
        for (Indicator i : indicatorOrder) {
            if (i.weight() != null) {
                weights.merge(i.group(), i.weight(), BigDecimal::add);
            }
        }
        return weights;
    }

    // ------------------------------------------------------------------ 指标得分热力图

    private void heatmap() {
        sectionStart("heatmap", "指标得分热力图", "每格为该单位该项指标的得分率（得分 ÷ 权重，%）：绿色为满分或接近满分，红色为失分较多，空白为不计分。"
                + "纵轴为三级指标，按一级、二级指标分组排列。");
        if (!noteIfAbsent(Table.INDICATOR_SCORES.tableName(), d.indicators.isEmpty())) {
            List<String> units = unitOrder.stream().filter(scoresByUnit::containsKey).toList();
            Map<String, Integer> nameCount = new HashMap<>();
            indicatorOrder.forEach(i -> nameCount.merge(String.valueOf(i.name()), 1, Integer::sum));
            List<Map<String, Object>> indicators = new ArrayList<>();
            for (Indicator i : indicatorOrder) {
                String name = i.name() == null ? i.id() : i.name();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", i.id());
                m.put("label", nameCount.get(String.valueOf(i.name())) > 1 ? name + "（" + i.id() + "）" : name);
                m.put("level1", i.level1());
                m.put("level2", i.level2());
                m.put("name", name);
                m.put("weight", i.weight());
                indicators.add(m);
            }
            List<Map<String, Object>> cells = new ArrayList<>();
            for (int x = 0; x < units.size(); x++) {
                Map<String, Rec> scores = scoresByUnit.get(units.get(x));
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
            json.put("heatmap", Map.of("units", units.stream().map(this::shortName).toList(), "indicators", indicators, "cells", cells));
            chart("heatmap", Math.max(320, 60 + 30 * indicatorOrder.size()), "指标得分热力图：单位 × 指标的得分率");
        }
        out.append("</section>\n");
    }

    // ------------------------------------------------------------------ 预算执行

    private void budget() {
        sectionStart("budget", "预算执行", "预算执行率 = 全年实际支出 ÷ 调整后预算（合计口径）。虚线为 100%；超过 100% 标红。"
                + "下图为各月累计执行进度，灰色虚线为时间进度（已过月份 ÷ 12）。金额单位：万元。");
        List<Rec> totals = d.budget.stream().filter(b -> "total".equals(b.str("account"))).toList();
        if (!noteIfAbsent(Table.BUDGET_EXECUTION.tableName(), totals.isEmpty())) {
            Map<String, Rec> byUnit = new HashMap<>();
            totals.forEach(b -> byUnit.put(b.str("unit_id"), b));
            List<String> units = unitOrder.stream().filter(byUnit::containsKey).toList();
            json.put("budgetRate", Map.of("units", units.stream().map(this::shortName).toList(),
                    "rates", units.stream().map(u -> byUnit.get(u).dec("execution_rate")).toList()));
            chart("budget-rate", 360, "各单位预算执行率柱状图");
            out.append("<div class=\"table-wrap\"><table>\n<thead><tr><th>单位</th><th class=\"num\">年初预算</th><th class=\"num\">预算调整</th>")
                    .append("<th class=\"num\">调整后预算</th><th class=\"num\">实际支出</th><th class=\"num\">执行率</th><th class=\"num\">调整率</th></tr></thead>\n<tbody>\n");
            for (String u : units) {
                Rec b = byUnit.get(u);
                out.append("<tr><td>").append(Html.escape(shortName(u))).append("</td>")
                        .append("<td class=\"num\">").append(wan(b.dec("initial_yuan"))).append("</td>")
                        .append("<td class=\"num\">").append(wan(b.dec("adjustment_yuan"))).append("</td>")
                        .append("<td class=\"num\">").append(wan(b.dec("adjusted_yuan"))).append("</td>")
                        .append("<td class=\"num\">").append(wan(b.dec("executed_yuan"))).append("</td>")
                        .append("<td class=\"num\">").append(percent(b.dec("execution_rate"))).append("</td>")
                        .append("<td class=\"num\">").append(percent(b.dec("adjustment_rate"))).append("</td></tr>\n");
            }
            out.append("</tbody></table></div>\n");
        }
        out.append("<h3>月度累计执行进度</h3>\n");
        if (!noteIfAbsent(Table.BUDGET_EXECUTION_MONTHLY.tableName(), d.monthly.isEmpty())) {
            Map<String, BigDecimal[]> byUnit = new LinkedHashMap<>();
            for (Rec m : d.monthly) {
                Long month = m.lng("month");
                if (month != null && month >= 1 && month <= 12) {
                    byUnit.computeIfAbsent(m.str("unit_id"), k -> new BigDecimal[12])[month.intValue() - 1] = m.dec("progress_rate");
                }
            }
            List<Map<String, Object>> series = new ArrayList<>();
            for (String u : unitOrder) {
                if (byUnit.containsKey(u)) {
                    series.add(Map.of("name", shortName(u), "data", java.util.Arrays.asList(byUnit.get(u))));
                }
            }
            byUnit.keySet().stream().filter(u -> !unitOrder.contains(u))
                    .forEach(u -> series.add(Map.of("name", shortName(u), "data", java.util.Arrays.asList(byUnit.get(u)))));
            json.put("monthly", Map.of("months", List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), "series", series));
            chart("budget-monthly", 420, "各单位月度累计预算执行进度折线图");
        }
        out.append("</section>\n");
    }

    // ------------------------------------------------------------------ 单位明细

    private void unitDetails() {
        sectionStart("units", "单位明细", "逐单位列出每项指标的一级、二级、三级指标、年度指标值、全年完成值（由业务台账计算）、得分与权重、状态和说明，"
                + "以及单位自评完成值与台账计算值的核对结果。");
        if (unitOrder.isEmpty()) {
            note("数据仓库中没有 " + d.year + " 年度的单位数据，本节从略。");
            out.append("</section>\n");
            return;
        }
        if (d.missing.contains(Table.INDICATOR_SCORES.tableName())) {
            noteIfAbsent(Table.INDICATOR_SCORES.tableName(), true);
        }
        out.append("<div class=\"toolbar\"><button type=\"button\" id=\"toggle-units\">全部展开</button></div>\n");
        Map<String, Rec> cards = new HashMap<>();
        d.scorecard.forEach(s -> cards.put(s.str("unit_id"), s));
        Map<String, Rec> unitRows = new HashMap<>();
        d.units.forEach(u -> unitRows.put(u.str("unit_id"), u));
        Map<String, List<Rec>> audits = new LinkedHashMap<>();
        d.audit.forEach(a -> audits.computeIfAbsent(a.str("unit_id"), k -> new ArrayList<>()).add(a));
        Map<String, List<Rec>> budgets = new LinkedHashMap<>();
        d.budget.forEach(b -> budgets.computeIfAbsent(b.str("unit_id"), k -> new ArrayList<>()).add(b));

        for (String unit : unitOrder) {
            Rec card = cards.get(unit);
            Rec info = unitRows.get(unit);
            out.append("<details class=\"unit\" id=\"unit-").append(Html.escape(unit)).append("\">\n<summary><strong>");
            if (card != null && card.str("district_rank") != null) {
                out.append(Html.escape(card.str("district_rank"))).append(". ");
            }
            out.append(Html.escape(shortName(unit))).append("</strong><span class=\"sum-meta\">");
            ReportData.YearOnYear yoy = card == null ? null : d.yearOnYear.get(unit);
            if (card != null) {
                out.append("总分 ").append(fixed(card.dec("total_score"))).append(" · ").append(grade(card.str("grade")));
                out.append(" · ").append(Html.escape(yoy == null ? ReportData.YearOnYear.TOTAL_LABEL : yoy.label())).append(" ")
                        .append(yoy == null ? change(card.dec("total_change")) : change(yoy.change(), yoy.missing()));
                if (card.str("indicators_no_data") != null) {
                    out.append(" · 无数据指标 ").append(Html.escape(card.str("indicators_no_data")));
                }
            } else {
                out.append("无评分");
            }
            out.append("</span></summary>\n<div class=\"body\">\n<dl class=\"facts\">");
            out.append("<dt>单位</dt><dd>").append(Html.escape(info != null && info.str("unit_name") != null ? info.str("unit_name") : shortName(unit)))
                    .append("（").append(Html.escape(Labels.label(Labels.UNIT_TYPE, info != null ? info.str("unit_type") : card != null ? card.str("unit_type") : null)))
                    .append(info != null && info.str("unit_type") != null || card != null && card.str("unit_type") != null ? "，" : "")
                    .append(Html.escape(unit)).append("）</dd>");
            if (yoy != null && yoy.note() != null) {
                out.append("<dt>较上年</dt><dd>").append(Html.escape(yoy.label())).append(" ").append(change(yoy.change(), yoy.missing()))
                        .append("<br><span class=\"basis-note\">").append(Html.escape(yoy.note())).append("</span></dd>");
            }
            if (card != null && !d.scoreGroups.isEmpty()) {
                Map<String, BigDecimal> weights = groupWeights();
                out.append("<dt>一级指标得分</dt><dd>");
                List<String> parts = new ArrayList<>();
                for (String g : d.scoreGroups) {
                    BigDecimal w = weights.get(g);
                    parts.add(Html.escape(Labels.groupName(g)) + " " + fixed(card.dec("score_" + g)) + (w == null ? "" : " / " + plain(w)));
                }
                out.append(String.join(" · ", parts)).append("</dd>");
            }
            out.append("</dl>\n");
            indicatorTable(scoresByUnit.get(unit));
            auditTable(audits.get(unit));
            unitBudget(budgets.get(unit));
            out.append("</div>\n</details>\n");
        }
        out.append("</section>\n");
    }

    private void indicatorTable(Map<String, Rec> scores) {
        out.append("<h3>指标得分</h3>\n");
        if (scores == null || scores.isEmpty()) {
            note(d.missing.contains(Table.INDICATOR_SCORES.tableName()) ? "尚无指标得分表。" : "该单位没有指标得分记录。");
            return;
        }
        out.append("<div class=\"table-wrap\"><table>\n<thead><tr><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>年度指标值</th>")
                .append("<th>全年完成值</th><th class=\"num\">得分 / 权重</th><th>状态</th><th>说明</th></tr></thead>\n<tbody>\n");
        List<Rec> rows = new ArrayList<>();
        for (Indicator i : indicatorOrder) {
            if (scores.containsKey(i.id())) {
                rows.add(scores.get(i.id()));
            }
        }
        for (Rec r : rows) {
            String status = r.str("status");
            out.append("<tr><td>").append(Html.escape(r.str("level1"))).append("</td><td>").append(Html.escape(r.str("level2")))
                    .append("</td><td title=\"").append(Html.escape(r.str("indicator_id"))).append("\">").append(Html.escape(r.str("name")))
                    .append("</td><td>").append(Html.escape(r.str("target_text") == null ? "—" : r.str("target_text")))
                    .append("default".equals(r.str("target_source")) ? "<small class=\"flat\">（默认）</small>" : "")
                    .append("</td><td>").append(completed(r))
                    .append("</td><td class=\"num\">").append(fixed(r.dec("score"))).append(" / ").append(plain(r.dec("weight")))
                    .append("</td><td>").append(badge(status, Labels.STATUS))
                    .append("</td><td>").append(Html.escape(r.str("note"))).append("</td></tr>\n");
        }
        out.append("</tbody></table></div>\n");
    }

    /** The completed value: the number computed from the records (in the target's unit), the grade, last year's value. */
    private String completed(Rec r) {
        List<String> parts = new ArrayList<>();
        BigDecimal actual = r.dec("actual_value");
        if (actual != null) {
            String unit = r.str("target_unit");
            parts.add(Html.escape(number(actual) + (unit == null || unit.isBlank() ? "" : unit.equals("%") ? "%" : " " + unit)));
        }
        if (r.str("grade") != null) {
            parts.add(badge(r.str("grade"), Labels.GRADE));
        }
        BigDecimal previous = r.dec("previous_value");
        if (previous != null) {
            parts.add("<small class=\"flat\">上年 " + Html.escape(number(previous)) + "</small>");
        }
        return parts.isEmpty() ? "—" : String.join(" ", parts);
    }

    private void auditTable(List<Rec> audits) {
        out.append("<h3>自评值核对</h3>\n");
        if (d.missing.contains(Table.SELF_REPORT_AUDIT.tableName())) {
            note("尚无 self_report_audit 表，自评值核对从略。");
            return;
        }
        if (audits == null || audits.isEmpty()) {
            note("该单位本年度没有可核对的自评完成值。");
            return;
        }
        out.append("<div class=\"table-wrap\"><table>\n<thead><tr><th>三级指标</th><th>自评填报</th><th class=\"num\">自评数值</th>")
                .append("<th class=\"num\">台账计算值</th><th class=\"num\">差异</th><th>计量单位</th><th>核对结果</th><th>说明</th></tr></thead>\n<tbody>\n");
        for (Rec a : audits) {
            out.append("<tr><td title=\"").append(Html.escape(a.str("indicator_id"))).append("\">")
                    .append(Html.escape(a.str("name") == null ? a.str("indicator_id") : a.str("name")))
                    .append("</td><td>").append(Html.escape(a.str("reported_text")))
                    .append("</td><td class=\"num\">").append(Html.escape(number(a.dec("reported_value"))))
                    .append("</td><td class=\"num\">").append(Html.escape(number(a.dec("computed_value"))))
                    .append("</td><td class=\"num\">").append(Html.escape(number(a.dec("difference"))))
                    .append("</td><td>").append(Html.escape(a.str("measure_unit")))
                    .append("</td><td>").append(badge(a.str("flag"), Labels.FLAG))
                    .append("</td><td>").append(Html.escape(a.str("note"))).append("</td></tr>\n");
        }
        out.append("</tbody></table></div>\n");
    }

    private void unitBudget(List<Rec> budgets) {
        if (budgets == null || budgets.isEmpty()) {
            return;
        }
        out.append("<h3>预算执行（万元）</h3>\n<div class=\"table-wrap\"><table>\n<thead><tr><th>科目</th><th class=\"num\">年初预算</th>")
                .append("<th class=\"num\">调整后预算</th><th class=\"num\">实际支出</th><th class=\"num\">执行率</th></tr></thead>\n<tbody>\n");
        List<Rec> sorted = new ArrayList<>(budgets);
        List<String> accounts = List.of("basic", "project", "total");
        sorted.sort(Comparator.comparingInt(b -> accounts.indexOf(b.str("account")) < 0 ? 9 : accounts.indexOf(b.str("account"))));
        for (Rec b : sorted) {
            out.append("<tr><td>").append(Html.escape(Labels.label(Labels.ACCOUNT, b.str("account"))))
                    .append("</td><td class=\"num\">").append(wan(b.dec("initial_yuan")))
                    .append("</td><td class=\"num\">").append(wan(b.dec("adjusted_yuan")))
                    .append("</td><td class=\"num\">").append(wan(b.dec("executed_yuan")))
                    .append("</td><td class=\"num\">").append(percent(b.dec("execution_rate"))).append("</td></tr>\n");
        }
        out.append("</tbody></table></div>\n");
    }

    // ------------------------------------------------------------------ 评价结果应用

    /** 评价结果应用: per unit the budget action its grade proposes, its rectification list and last year's list reviewed. */
    private void resultsApplication() {
        sectionStart("results", "评价结果应用", "按评价等级提出下一年度预算安排建议（规则见 conf/results-application.properties）；"
                + "整改清单列出失分最多的指标及失分原因；上年整改清单中的指标本年失分减少的，视为已改进。");
        if (d.missing.contains(Table.RESULTS_APPLICATION.tableName())) {
            note("数据仓库中尚无 results_application 表（较早版本的运行未写入），本节从略；重新运行该年度即可生成。");
            out.append("</section>\n");
            return;
        }
        if (d.results.isEmpty()) {
            note("results_application 表中没有 " + d.year + " 年度的数据，本节从略。");
            out.append("</section>\n");
            return;
        }
        out.append("<div class=\"table-wrap\"><table>\n<thead><tr><th>排名</th><th>单位</th><th class=\"num\">总分</th><th>等级</th>")
                .append("<th>预算安排建议</th><th class=\"num\">预算调整</th><th>整改清单</th><th>上年整改情况</th></tr></thead>\n<tbody>\n");
        for (Rec r : d.results) {
            BigDecimal change = r.dec("budget_change_percent");
            Long items = r.lng("previous_items");
            Long improved = r.lng("previous_improved");
            Long notComparable = r.lng("previous_not_comparable");
            String review = items == null ? "上年无整改清单" : improved + " / " + items + " 项已改进"
                    + (notComparable == null || notComparable == 0 ? "" : "（" + notComparable + " 项有一年无数据评分，不作比较）")
                    + (r.str("not_improved") == null || r.str("not_improved").isEmpty() ? "" : "；未改进：" + r.str("not_improved"));
            out.append("<tr><td class=\"num\">").append(Html.escape(r.str("district_rank") == null ? "—" : r.str("district_rank")))
                    .append("</td><td>").append(Html.escape(shortName(r.str("unit_id"))))
                    .append("</td><td class=\"num\">").append(Html.escape(number(r.dec("total_score"))))
                    .append("</td><td>").append(Html.escape(r.str("grade")))
                    .append("</td><td>").append(Html.escape(r.str("action_label")))
                    .append("</td><td class=\"num\">").append(Html.escape(change == null ? "—" : change.signum() == 0 ? "0" : change.stripTrailingZeros().toPlainString() + "%"))
                    .append("</td><td>").append(Html.escape(r.str("rectification_text") == null || r.str("rectification_text").isEmpty() ? "无失分指标" : r.str("rectification_text")))
                    .append("</td><td>").append(Html.escape(review)).append("</td></tr>\n");
        }
        out.append("</tbody></table></div>\n</section>\n");
    }

    // ------------------------------------------------------------------ 数据质量

    private void dataQuality() {
        sectionStart("quality", "数据质量", "隔离记录：未通过校验、未进入评价的源数据行，按数据源和原因类别（原因中冒号前的部分）统计；"
                + "核对：读入行数与接收、隔离、重复、跨年度行数之和，基本支出与项目支出之和与合计等勾稽关系。");
        out.append("<h3>隔离记录</h3>\n");
        if (!noteIfAbsent(Table.QUARANTINE.tableName(), false)) {
            if (d.quarantine.isEmpty()) {
                note(d.year + " 年度没有隔离记录。");
            } else {
                long total = d.quarantineBySource.values().stream().mapToLong(Long::longValue).sum();
                out.append("<p>本年度共隔离 <strong>").append(total).append("</strong> 条记录，涉及 ")
                        .append(d.quarantineBySource.size()).append(" 个数据源。</p>\n");
                List<String> sources = new ArrayList<>(d.quarantineBySource.keySet());
                List<String> kinds = new ArrayList<>(new LinkedHashSet<>(d.quarantine.stream().map(q -> q.str("reason_kind")).toList()));
                List<List<Long>> counts = new ArrayList<>();
                for (String kind : kinds) {
                    List<Long> row = new ArrayList<>();
                    for (String source : sources) {
                        row.add(d.quarantine.stream().filter(q -> kind.equals(q.str("reason_kind")) && source.equals(q.str("source")))
                                .mapToLong(q -> q.lng("records")).sum());
                    }
                    counts.add(row);
                }
                json.put("quarantine", Map.of("sources", sources, "kinds", kinds, "counts", counts));
                chart("quarantine", Math.max(240, 90 + 44 * sources.size()), "按数据源和原因类别统计的隔离记录条形图");
                out.append("<div class=\"table-wrap\"><table>\n<thead><tr><th>数据源</th><th>原因类别</th><th class=\"num\">记录数</th>")
                        .append("<th class=\"num\">文件数</th><th>示例</th></tr></thead>\n<tbody>\n");
                for (Rec q : d.quarantine) {
                    out.append("<tr><td>").append(Html.escape(q.str("source"))).append("</td><td>").append(Html.escape(q.str("reason_kind")))
                            .append("</td><td class=\"num\">").append(Html.escape(q.str("records")))
                            .append("</td><td class=\"num\">").append(Html.escape(q.str("files")))
                            .append("</td><td>").append(Html.escape(q.str("example"))).append("</td></tr>\n");
                }
                out.append("</tbody></table></div>\n");
                out.append("<h3>隔离明细</h3>\n<p>").append(d.quarantineRows.size() < total ? "前 " + d.quarantineRows.size() + " 条" : "全部 " + total + " 条")
                        .append("隔离记录（按数据源、文件、行号排列；原始记录见 quarantine 表，个人信息已脱敏）：</p>\n")
                        .append("<div class=\"table-wrap\"><table>\n<thead><tr><th>数据源</th><th>文件</th><th class=\"num\">行号</th><th>原因</th></tr></thead>\n<tbody>\n");
                for (Rec q : d.quarantineRows) {
                    out.append("<tr><td>").append(Html.escape(q.str("source"))).append("</td><td>").append(Html.escape(q.str("file")))
                            .append("</td><td class=\"num\">").append(Html.escape(q.str("line_number")))
                            .append("</td><td>").append(Html.escape(q.str("reasons"))).append("</td></tr>\n");
                }
                out.append("</tbody></table></div>\n");
            }
        }
        if (d.restatedAt != null && !d.restatements.isEmpty()) {
            out.append("<h3>更正记录</h3>\n<p>").append(Html.escape(time(java.sql.Timestamp.from(d.restatedAt))))
                    .append(" 重新发布，与上次发布（运行 ").append(Html.escape(d.restatedFromRun)).append("）相比：</p>\n")
                    .append("<div class=\"table-wrap\"><table>\n<thead><tr><th>单位</th><th>指标</th><th class=\"num\">原得分</th><th class=\"num\">新得分</th>")
                    .append("<th class=\"num\">原完成值</th><th class=\"num\">新完成值</th><th>原等级</th><th>新等级</th><th>变化的数据文件</th></tr></thead>\n<tbody>\n");
            for (Rec r : d.restatements) {
                Object files = r.get("changed_deliveries");
                out.append("<tr><td>").append(Html.escape(shortName(r.str("unit_id")))).append("</td><td>").append(Html.escape(r.str("name")))
                        .append("</td><td class=\"num\">").append(Html.escape(r.str("old_score"))).append("</td><td class=\"num\">").append(Html.escape(r.str("new_score")))
                        .append("</td><td class=\"num\">").append(Html.escape(r.str("old_value"))).append("</td><td class=\"num\">").append(Html.escape(r.str("new_value")))
                        .append("</td><td>").append(Html.escape(r.str("old_grade"))).append("</td><td>").append(Html.escape(r.str("new_grade")))
                        .append("</td><td>").append(Html.escape(files instanceof scala.collection.Seq<?> seq
                                ? String.join("；", scala.collection.JavaConverters.seqAsJavaList(seq).stream().map(String::valueOf).toList()) : files))
                        .append("</td></tr>\n");
            }
            out.append("</tbody></table></div>\n");
        }
        out.append("<h3>核对</h3>\n");
        if (!noteIfAbsent(Table.RECONCILIATION.tableName(), false)) {
            if (d.reconciliationChecks == 0) {
                note(d.year + " 年度没有核对记录。");
            } else if (d.reconciliationMismatchCount == 0) {
                out.append("<p>全部 ").append(d.reconciliationChecks).append(" 项核对一致。</p>\n");
            } else {
                out.append("<p>共 ").append(d.reconciliationChecks).append(" 项核对，其中 <strong class=\"down\">")
                        .append(d.reconciliationMismatchCount).append("</strong> 项不一致")
                        .append(d.reconciliationMismatchCount > d.reconciliationMismatches.size() ? "（下表列出前 " + d.reconciliationMismatches.size() + " 项）" : "")
                        .append("：</p>\n<div class=\"table-wrap\"><table>\n<thead><tr><th>核对项</th><th>数据源</th><th>单位</th>")
                        .append("<th class=\"num\">应为</th><th class=\"num\">实际</th><th>说明</th></tr></thead>\n<tbody>\n");
                for (Rec m : d.reconciliationMismatches) {
                    String unit = m.str("unit_id");
                    out.append("<tr><td>").append(Html.escape(m.str("check_name"))).append("</td><td>").append(Html.escape(m.str("source")))
                            .append("</td><td>").append(Html.escape(unit == null || unit.isEmpty() ? "—" : shortName(unit)))
                            .append("</td><td class=\"num\">").append(Html.escape(number(m.dec("expected"))))
                            .append("</td><td class=\"num\">").append(Html.escape(number(m.dec("actual"))))
                            .append("</td><td>").append(Html.escape(m.str("detail"))).append("</td></tr>\n");
                }
                out.append("</tbody></table></div>\n");
            }
        }
        out.append("<h3>最近一次运行</h3>\n");
        if (!noteIfAbsent(Table.JOB_RUNS.tableName(), d.latestRun == null)) {
            Rec r = d.latestRun;
            out.append("<dl class=\"facts\">");
            fact("运行编号", r.str(DeltaWarehouse.RUN_ID));
            fact("状态", Labels.label(Labels.RUN_STATUS, r.str("status")) + ("succeeded".equals(r.str("status")) ? "" : "（" + r.str("status") + "）"));
            fact("开始 / 结束", time(r.get("started_at")) + " / " + time(r.get("finished_at")));
            fact("读入 / 接收 / 隔离", count(r.lng("rows_read_total")) + " / " + count(r.lng("rows_accepted_total")) + " / " + count(r.lng("rows_rejected_total")));
            fact("完全重复 / 其他年度", count(r.lng("rows_duplicate_total")) + " / " + count(r.lng("rows_other_year_total")));
            fact("写入表数", count(r.lng("tables_written_count")));
            fact("核对不一致", count(r.lng("reconciliation_mismatches")));
            fact("配置指纹", r.str("config_fingerprint"));
            if (r.str("message") != null && !r.str("message").isBlank()) {
                fact("信息", r.str("message"));
            }
            out.append("</dl>\n");
        }
        out.append("</section>\n");
    }

    private void fact(String label, String value) {
        out.append("<dt>").append(Html.escape(label)).append("</dt><dd>").append(Html.escape(value == null ? "—" : value)).append("</dd>");
    }

    // ------------------------------------------------------------------ formatting

    private static String grade(String grade) {
        if (grade == null) {
            return "—";
        }
        String g = Html.escape(grade);
        return "<span class=\"grade grade-" + g + "\">" + g + "</span>";
    }

    private static String badge(String code, Map<String, String> labels) {
        if (code == null) {
            return "—";
        }
        String c = Html.escape(code);
        return "<span class=\"status status-" + c + "\" title=\"" + c + "\">" + Html.escape(Labels.label(labels, code)) + "</span>";
    }

    private static String change(BigDecimal change) {
        return change(change, null);
    }

    /** @param missing what a dash means, for its title (上年无评分 when null) */
    private static String change(BigDecimal change, String missing) {
        if (change == null) {
            return "<span class=\"none\" title=\"" + Html.escape(missing == null ? "上年无评分" : missing) + "\">—</span>";
        }
        BigDecimal c = change.setScale(2, RoundingMode.HALF_UP);
        if (c.signum() > 0) {
            return "<span class=\"up\">▲ +" + c.toPlainString() + "</span>";
        }
        if (c.signum() < 0) {
            return "<span class=\"down\">▼ " + c.toPlainString() + "</span>";
        }
        return "<span class=\"flat\">0.00</span>";
    }

    private static String fixed(BigDecimal value) {
        return value == null ? "—" : value.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static String plain(BigDecimal value) {
        return value == null ? "—" : value.stripTrailingZeros().toPlainString();
    }

    private static String percent(BigDecimal value) {
        return value == null ? "—" : fixed(value) + "%";
    }

    /** Yuan as 万元 with 2 decimals and thousands separators. */
    private static String wan(BigDecimal yuan) {
        if (yuan == null) {
            return "—";
        }
        DecimalFormat f = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return f.format(yuan.divide(BigDecimal.valueOf(10_000), 2, RoundingMode.HALF_UP));
    }

    private static String number(BigDecimal value) {
        if (value == null) {
            return "—";
        }
        DecimalFormat f = new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT));
        f.setRoundingMode(RoundingMode.HALF_UP);
        return f.format(value);
    }

    private static String count(Long n) {
        return n == null ? "—" : String.format(Locale.ROOT, "%,d", n);
    }

    private static String time(Object value) {
        if (value instanceof Timestamp t) {
            return t.toLocalDateTime().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT));
        }
        return value == null ? "—" : value.toString();
    }

    static String resource(String name) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : DistrictReport.class.getClassLoader();
        InputStream in = loader.getResourceAsStream(name);
        if (in == null) {
            in = DistrictReport.class.getClassLoader().getResourceAsStream(name);
        }
        if (in == null) {
            throw new IllegalStateException("resource " + name + " is not on the classpath (is the echarts webjar in the build?)");
        }
        try (InputStream stream = in) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name, e);
        }
    }

    /** Charts the page draws: the number of {@code data-chart} containers. */
    int chartCount() {
        return charts;
    }
}
