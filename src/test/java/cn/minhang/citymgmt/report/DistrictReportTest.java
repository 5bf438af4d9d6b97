package cn.minhang.citymgmt.report;

import cn.minhang.citymgmt.support.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The offline district report over the two-unit fixture warehouse, and over a warehouse without scored tables. */
class DistrictReportTest extends SparkTestSession {
    /** Any src or href attribute pointing at the network, quoted or not. */
    static final Pattern NETWORK_LINK = Pattern.compile("(?i)\\b(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//");

    @TempDir
    static Path dir;
    static Path warehouse;
    static Path report;
    static String html;

    @BeforeAll
    static void writeReport() throws IOException {
        warehouse = FixtureWarehouse.create(spark(), dir.resolve("warehouse"));
        report = DistrictReport.write(spark(), warehouse.toString(), FixtureWarehouse.YEAR);
        html = Files.readString(report, StandardCharsets.UTF_8);
    }

    @Test
    void writesOneFileUnderTheWarehouse() {
        assertEquals(warehouse.resolve("reports/district-report-2023.html").toAbsolutePath(), report);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<html lang=\"zh-CN\">")
                .contains("<title>闵行区城市建设管理事务中心部门整体支出绩效评价 2023年度</title>")
                .contains("<h1>闵行区城市建设管理事务中心部门整体支出绩效评价 2023年度</h1>");
        for (String section : new String[]{"区内排名", "指标得分热力图", "预算执行", "单位明细", "数据质量"}) {
            assertThat(html).contains("<h2>" + section + "</h2>");
        }
    }

    @Test
    void showsEveryUnitAndItsFigures() {
        assertThat(html).contains("浦锦街道", "莘庄镇");
        assertThat(html).contains("<details class=\"unit\" id=\"unit-MH-PJ\">", "<details class=\"unit\" id=\"unit-MH-XZ\">");
        // League table: 浦锦街道 first with its change against 2022; 莘庄镇 has no previous year.
        int pj = html.indexOf("href=\"#unit-MH-PJ\"");
        int xz = html.indexOf("href=\"#unit-MH-XZ\"");
        assertThat(pj).isPositive().isLessThan(xz);
        assertThat(html).contains("<strong>93.72</strong>", "<span class=\"grade grade-优\">优</span>", "▲ +3.72",
                "<strong>56.00</strong>", "<span class=\"grade grade-差\">差</span>", "title=\"上年无评分\"");
        // Drill-down: levels, target, completed value, score / weight, status; the self-report check.
        assertThat(html).contains("<td>产出指标</td><td>数量指标</td><td title=\"output.parks\">公园养护数</td><td>=12.00(个)</td><td>6.00 个");
        assertThat(html).contains("12.50 / 25", "title=\"no_data\">无数据</span>", "title=\"mismatch\">不一致</span>", "台账仅 6 个公园在养护期内");
        // Budget in 万元, data quality counts, the reconciliation mismatch and the latest run.
        assertThat(html).contains("14,445.82", "14,046.37", "97.23%", "102.00%");
        assertThat(html).contains("<td>hotline_cases</td><td>missing_value</td><td class=\"num\">2</td>");
        assertThat(html).contains("basic + project ≠ total (executed_yuan)", FixtureWarehouse.RUN_2023);
    }

    @Test
    void embedsEchartsAndTheDataAndNeedsNoNetwork() {
        assertThat(html).contains("echarts", "t.version=\"5.3.1\"", "Licensed to the Apache Software Foundation", "echarts.init(");
        assertThat(html).contains("<script type=\"application/json\" id=\"report-data\">{\"heatmap\":");
        Matcher link = NETWORK_LINK.matcher(html);
        assertThat(link.find()).as("network src/href: %s", link.find(0) ? html.substring(link.start(), Math.min(html.length(), link.end() + 60)) : "").isFalse();
        assertThat(html).doesNotContain("<link ").doesNotContain("<script src").doesNotContain("@import");
        assertThat(Pattern.compile("url\\(\\s*[\"']?(?!#)").matcher(html).find()).as("only url(#fragment) references").isFalse();
        assertEquals(4, count(html, "data-chart=\""), "heatmap, execution rate, monthly progress, quarantine");
        assertThat(html).contains("chartsRendered", "scriptErrors", "window.addEventListener('error'");
    }

    @Test
    void escapesTextFromTheTables() {
        assertThat(html).doesNotContain("<script>alert(").doesNotContain("<6>");
        assertThat(html).contains("公园数 &lt;6&gt; &amp; &quot;说明&quot; &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        // Inside the inline JSON nothing can close the script element either.
        String data = html.substring(html.indexOf("id=\"report-data\">") + "id=\"report-data\">".length(),
                html.indexOf("</script>", html.indexOf("id=\"report-data\">")));
        assertThat(data).startsWith("{").endsWith("}").doesNotContain("<").doesNotContain(">");
        assertThat(Json.write(java.util.Map.of("note", FixtureWarehouse.MARKUP_NOTE)))
                .isEqualTo("{\"note\":\"公园数 \\u003c6\\u003e \\u0026 \\\"说明\\\" \\u003cscript\\u003ealert('x')\\u003c/script\\u003e\"}");
    }

    @Test
    void showsTheComparableChangeAndWhyWhereTotalsAreNotComparable() throws IOException {
        Path yoy = FixtureWarehouse.createYearOnYear(spark(), dir.resolve("yoy"));
        String page = Files.readString(DistrictReport.write(spark(), yoy.toString(), FixtureWarehouse.YEAR), StandardCharsets.UTF_8);
        String why = "总分不可比：受益群体满意度（2022 年无数据）仅一年按数据评分，另一年得 0 分，未计入可比变化。";
        // League table: the comparable −5.28 marked *, its label and reason on the cell, a footnote under the table.
        assertThat(page).contains("<td class=\"num\" title=\"可比变化（仅含两年均有数据的 4 项指标）。" + why + "\"><span class=\"down\">▼ -5.28</span>"
                + "<sup class=\"basis\">*</sup></td>");
        assertThat(page).contains("* 1 个单位两年按数据评分的指标不同，总分不可比");
        assertThat(page).doesNotContain("▲ +3.72");
        // Unit section: the label in the summary line, the reason in the facts.
        assertThat(page).contains("· 可比变化（仅含两年均有数据的 4 项指标） <span class=\"down\">▼ -5.28</span>");
        assertThat(page).contains("<span class=\"basis-note\">" + why + "</span>");
        assertThat(page).contains("title=\"上年无评分\"");
        // The warehouse of the other tests was written before the basis was checked: its total change shows as it was.
        assertThat(html).contains("· 较上年 <span class=\"up\">▲ +3.72</span>").doesNotContain("<span class=\"basis-note\">").doesNotContain("<sup class=\"basis\">");
    }

    @Test
    void copesWithARunThatWroteNoScoredTable() throws IOException {
        Path stopped = FixtureWarehouse.create(spark(), dir.resolve("stopped"), FixtureWarehouse.SCORED);
        String page = Files.readString(DistrictReport.write(spark(), stopped.toString(), FixtureWarehouse.YEAR), StandardCharsets.UTF_8);
        assertThat(page).contains("数据仓库中尚无 unit_scorecard 表", "数据仓库中尚无 indicator_scores 表", "数据仓库中尚无 budget_execution 表",
                "尚无 self_report_audit 表");
        assertThat(page).contains("浦锦街道", "莘庄镇", "<h2>数据质量</h2>", "missing_value");
        assertEquals(1, count(page, "data-chart=\""), "only the quarantine chart");
        assertThat(NETWORK_LINK.matcher(page).find()).isFalse();

        // A year nothing was written for: every section says so, nothing fails.
        String empty = Files.readString(DistrictReport.write(spark(), warehouse.toString(), 2021), StandardCharsets.UTF_8);
        assertThat(empty).contains("2021年度", "unit_scorecard 表中没有 2021 年度的数据");
        assertEquals(0, count(empty, "data-chart=\""));
    }

    @Test
    void warnsAboveTheSectionsAndEscapesTheRunsMessage() {
        ReportData data = new ReportData(FixtureWarehouse.YEAR, "wh");
        data.latestRun = new Rec(java.util.Map.of("run_id", "R2", "status", "failed_reject_threshold", "message", FixtureWarehouse.MARKUP_NOTE));
        String page = DistrictReport.render(data);
        assertThat(page).contains("<div class=\"warning page-warnings\"><p>本年度最近一次运行（R2）状态为“拒收行数超限，未生成评分表”："
                + "公园数 &lt;6&gt; &amp; &quot;说明&quot; &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p></div>");
        assertThat(page).doesNotContain("<script>alert(").contains("<dt>信息</dt><dd>公园数 &lt;6&gt; &amp;");
        // The fixture's latest run succeeded and wrote the scorecard: nothing to warn of.
        assertThat(html).doesNotContain("class=\"warning page-warnings\"");
    }

    @Test
    void stylesComeFromTheStyleSheetButAChartsHeight() {
        // The markup only: ECharts' own code writes style attributes of the elements it draws.
        String withoutCharts = html.replaceAll("(?s)<script[^>]*>.*?</script>", "").replaceAll("<div class=\"chart\"[^>]*>", "");
        assertThat(html).contains("<div class=\"chart\" data-chart=\"heatmap\" role=\"img\" aria-label=\"指标得分热力图：单位 × 指标的得分率\" style=\"height:320px\">");
        assertThat(withoutCharts).doesNotContain(" style=");
        assertEquals(1, count(html, "<style>"));
        assertThat(html).contains(".warning.page-warnings {", "details.unit > summary {");
    }

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
