package cn.minhang.citymgmt.report;

import cn.minhang.citymgmt.support.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the report shows, shaped from the tables without any HTML: each unit's change against last year, and every section. */
class ReportDataTest extends SparkTestSession {
    @TempDir
    static Path dir;

    private static Rec rec(Object... keyValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new Rec(values);
    }

    private static Rec score(String id, String name, String status) {
        return rec("unit_id", "U", "indicator_id", id, "name", name, "status", status);
    }

    @Test
    void sameBasisShowsTheTotalChange() {
        ReportData.YearOnYear y = ReportData.YearOnYear.of(rec("previous_total", new BigDecimal("90.00"), "total_change", new BigDecimal("3.72"),
                "comparable_change", new BigDecimal("3.72"), "comparable_indicators", 5, "totals_comparable", true), List.of(), List.of(), 2023);
        assertEquals(new BigDecimal("3.72"), y.change());
        assertTrue(y.comparable());
        assertEquals("较上年", y.label());
        assertNull(y.note());
    }

    @Test
    void differentBasisShowsTheComparableChangeAndSaysWhy() {
        Rec card = rec("previous_total", new BigDecimal("64.00"), "total_change", null, "comparable_change", new BigDecimal("-1.25"),
                "comparable_indicators", 25, "totals_comparable", false);
        List<Rec> now = List.of(score("outcome.cityscape", "城市面貌提升", "ok"), score("outcome.greening", "绿化提升", "assessed"),
                score("output.parks", "公园养护数", "no_data"), score("budget.execution_rate", "预算执行率", "ok"));
        List<Rec> before = List.of(score("outcome.cityscape", "城市面貌提升", "no_baseline"), score("outcome.greening", "绿化提升", "no_baseline"),
                score("output.parks", "公园养护数", "ok"), score("budget.execution_rate", "预算执行率", "ok"));
        ReportData.YearOnYear y = ReportData.YearOnYear.of(card, now, before, 2023);
        assertEquals(new BigDecimal("-1.25"), y.change());
        assertFalse(y.comparable());
        assertEquals("可比变化（仅含两年均有数据的 25 项指标）", y.label());
        assertEquals("总分不可比：城市面貌提升（2022 年无上年基数）、绿化提升（2022 年无上年基数）、公园养护数（2023 年无数据）"
                + "仅一年按数据评分，另一年得 0 分，未计入可比变化。", y.note());
        // Without last year's statuses the reason is told in general terms.
        assertEquals("总分不可比：两年按数据评分的指标不同，总分之差含有一年因缺数据而得 0 分的指标。",
                ReportData.YearOnYear.of(card, now, List.of(), 2023).note());
        // An indicator of one year's framework only.
        assertEquals("总分不可比：公园养护数（2023 年无此指标）仅一年按数据评分，另一年得 0 分，未计入可比变化。",
                ReportData.YearOnYear.incomparable(List.of(), List.of(score("output.parks", "公园养护数", "ok")), 2023));
    }

    @Test
    void noPreviousYearAndOldScorecards() {
        ReportData.YearOnYear none = ReportData.YearOnYear.of(rec("previous_total", null), List.of(), List.of(), 2023);
        assertNull(none.change());
        assertEquals("上年无评分", none.missing());
        assertNull(none.note());
        // A scorecard written before the basis was checked: its total change, as it was.
        ReportData.YearOnYear old = ReportData.YearOnYear.of(rec("previous_total", new BigDecimal("90.00"), "total_change", new BigDecimal("3.72")),
                List.of(), List.of(), 2023);
        assertEquals(new BigDecimal("3.72"), old.change());
        assertEquals("较上年", old.label());
        assertNull(old.note());
    }

    @Test
    void collectsTheChangeOfEveryUnitFromTheWarehouse() {
        Path warehouse = FixtureWarehouse.createYearOnYear(spark(), dir.resolve("yoy"));
        ReportData d = ReportData.collect(spark(), warehouse.toString(), FixtureWarehouse.YEAR);
        ReportData.YearOnYear pj = d.yearOnYear.get(FixtureWarehouse.PJ);
        assertEquals(new BigDecimal("-5.28"), pj.change());
        assertFalse(pj.comparable());
        assertEquals("可比变化（仅含两年均有数据的 4 项指标）", pj.label());
        assertEquals("总分不可比：受益群体满意度（2022 年无数据）仅一年按数据评分，另一年得 0 分，未计入可比变化。", pj.note());
        ReportData.YearOnYear xz = d.yearOnYear.get(FixtureWarehouse.XZ);
        assertNull(xz.change());
        assertEquals("上年无评分", xz.missing());
    }

    @Test
    void changesAndReviewsAreWrittenOutForThePage() {
        assertEquals(new ReportData.Change("up", "▲ +3.72", null), ReportData.Change.of(new BigDecimal("3.715"), null));
        assertEquals(new ReportData.Change("down", "▼ -5.28", null), ReportData.Change.of(new BigDecimal("-5.28"), null));
        assertEquals(new ReportData.Change("flat", "0.00", null), ReportData.Change.of(new BigDecimal("0.004"), null));
        assertEquals(new ReportData.Change("none", "—", "上年无评分"), ReportData.Change.of(null, null));
        assertEquals(new ReportData.Change("none", "—", "口径无法核对"), ReportData.Change.of(null, "口径无法核对"));
        assertEquals("上年无整改清单", ReportData.review(rec()));
        assertEquals("3 / 3 项已改进", ReportData.review(rec("previous_items", 3L, "previous_improved", 3L, "previous_not_comparable", 0L, "not_improved", "")));
        assertEquals("1 / 3 项已改进（1 项有一年无数据评分，不作比较）；未改进：公园养护数",
                ReportData.review(rec("previous_items", 3L, "previous_improved", 1L, "previous_not_comparable", 1L, "not_improved", "公园养护数")));
    }

    @Test
    void warnsOfAFailedRunAScorecardOfAnEarlierRunAndARepublication() {
        ReportData d = new ReportData(2023, "wh");
        assertEquals(List.of(), d.warnings());
        d.latestRun = rec("run_id", "R2", "status", "failed_reject_threshold", "message", "12 rows rejected");
        d.scorecard = List.of(rec("unit_id", "U", "run_id", "R1"));
        d.restatedAt = java.time.Instant.parse("2024-02-01T02:00:00Z");
        d.restatedFromRun = "R0";
        List<String> warnings = d.warnings();
        assertEquals(3, warnings.size());
        assertEquals("本年度最近一次运行（R2）状态为“拒收行数超限，未生成评分表”：12 rows rejected", warnings.get(0));
        assertEquals("评分表来自更早的运行 R1，而非最近一次运行 R2。", warnings.get(1));
        assertThat(warnings.get(2)).startsWith("本年度结果已于 ").endsWith(" 更正重发（restated），取代运行 R0 的发布：各指标得分、完成值和等级均无变化。");
    }

    @Test
    void shapesEverySectionFromTheWarehouse() {
        Path warehouse = FixtureWarehouse.create(spark(), dir.resolve("plain"));
        ReportData d = ReportData.collect(spark(), warehouse.toString(), FixtureWarehouse.YEAR);
        String pj = FixtureWarehouse.PJ;
        String xz = FixtureWarehouse.XZ;
        assertEquals("闵行区城市建设管理事务中心部门整体支出绩效评价 2023年度", d.title());
        assertEquals(List.of(pj, xz), d.unitOrder());
        assertEquals(List.of(), d.warnings());

        ReportData.Ranking ranking = d.ranking();
        assertNull(ranking.absent());
        assertEquals(List.of(new ReportData.Kpi("2", "参评单位"), new ReportData.Kpi("74.86", "平均总分"),
                new ReportData.Kpi("93.72 / 56.00", "最高分 / 最低分"), new ReportData.Kpi("优 1 · 良 0 · 中 0 · 差 1", "等级分布（优 · 良 · 中 · 差）")),
                ranking.kpis());
        assertEquals(List.of("预算执行（10）", "部门管理（20）", "产出指标（25）", "效益指标（35）", "满意度指标（10）"), ranking.groupHeadings());
        assertEquals(List.of(
                new ReportData.LeagueRow("1", pj, "浦锦街道", "街道", "93.72", "优", ReportData.Change.of(new BigDecimal("3.72"), null), null,
                        List.of("9.72", "20.00", "25.00", "30.00", "9.00"), "50.00%", "0"),
                new ReportData.LeagueRow("2", xz, "莘庄镇", "镇", "56.00", "差", ReportData.Change.of(null, "上年无评分"), null,
                        List.of("8.50", "15.00", "12.50", "20.00", "0.00"), "0.00%", "1")), ranking.rows());
        assertNull(ranking.incomparableNote());

        ReportData.Charts charts = d.charts();
        assertEquals(List.of("heatmap", "budget-rate", "budget-monthly", "quarantine"), List.copyOf(charts.shown().keySet()));
        assertEquals(List.of("heatmap", "budgetRate", "monthly", "quarantine"), List.copyOf(charts.data().keySet()));
        assertEquals(320, charts.shown().get("heatmap").height());

        ReportData.BudgetSection budget = d.budgetSection();
        assertNull(budget.absent());
        assertNull(budget.monthlyAbsent());
        assertEquals(List.of(new ReportData.BudgetRow("浦锦街道", "15,249.65", "-803.83", "14,445.82", "14,046.37", "97.23%", "5.27%"),
                new ReportData.BudgetRow("莘庄镇", "5,000.00", "200.00", "5,200.00", "5,304.00", "102.00%", "4.00%")), budget.rows());

        ReportData.UnitDetail town = d.unitsSection().units().get(1);
        assertEquals("莘庄镇城市建设管理事务中心（镇，MH-XZ）", town.identity());
        assertEquals("2", town.rank());
        assertEquals("较上年", town.changeLabel());
        assertEquals("上年无评分", town.change().missing());
        assertNull(town.basisNote());
        assertEquals("预算执行 8.50 / 10 · 部门管理 15.00 / 20 · 产出指标 12.50 / 25 · 效益指标 20.00 / 35 · 满意度指标 0.00 / 10", town.groupScores());
        assertEquals(List.of("budget.execution_rate", "mgmt.decision", "output.parks", "outcome.long_term_mechanism", "satisfaction.beneficiary"),
                town.indicators().stream().map(ReportData.IndicatorLine::indicatorId).toList());
        assertEquals(new ReportData.IndicatorLine("产出指标", "数量指标", "output.parks", "公园养护数", "=12.00(个)", false, true, "6.00 个", null, "7.00",
                "12.50 / 25", new ReportData.Badge("ok", "正常"), FixtureWarehouse.MARKUP_NOTE), town.indicators().get(2));
        assertEquals(new ReportData.Badge("partial", "部分达成"), town.indicators().get(1).grade());
        assertTrue(town.indicators().get(1).defaultTarget());
        ReportData.IndicatorLine noData = town.indicators().get(4);
        assertFalse(noData.completed());
        assertEquals(new ReportData.Badge("no_data", "无数据"), noData.status());
        assertEquals(new ReportData.AuditLine("output.parks", "公园养护数", "=12.00(个)", "12.00", "6.00", "6.00", "个",
                new ReportData.Badge("mismatch", "不一致"), "台账仅 6 个公园在养护期内"), town.audits().get(0));
        assertEquals(List.of("基本支出", "项目支出", "合计"), town.accounts().stream().map(ReportData.AccountLine::account).toList());
        assertEquals(new ReportData.AccountLine("合计", "5,000.00", "5,200.00", "5,304.00", "102.00%"), town.accounts().get(2));

        assertEquals("数据仓库中尚无 results_application 表（较早版本的运行未写入），本节从略；重新运行该年度即可生成。", d.resultsSection().absent());

        ReportData.QualitySection quality = d.qualitySection();
        assertNull(quality.quarantineAbsent());
        assertEquals(3, quality.quarantineTotal());
        assertEquals(2, quality.quarantineSources());
        assertEquals(new ReportData.QuarantineLine("hotline_cases", "missing_value", "2", "1", "missing_value: category is empty"), quality.quarantine().get(0));
        assertEquals("全部 3 条", quality.quarantineShown());
        assertNull(quality.reconciliationAbsent());
        assertEquals(3, quality.checks());
        assertEquals(1, quality.mismatchCount());
        assertEquals(List.of(new ReportData.MismatchLine("budget_parts_sum", "budget_ledger", "莘庄镇", "53,040,000", "53,040,001",
                "basic + project ≠ total (executed_yuan)")), quality.mismatches());
        assertNull(quality.runAbsent());
        assertThat(quality.run()).contains(new ReportData.Fact("运行编号", FixtureWarehouse.RUN_2023), new ReportData.Fact("状态", "成功"),
                new ReportData.Fact("读入 / 接收 / 隔离", "19 / 15 / 3"), new ReportData.Fact("核对不一致", "1"));

        // A year the warehouse holds nothing for: every section says so instead of failing.
        ReportData empty = ReportData.collect(spark(), warehouse.toString(), 2021);
        assertEquals("unit_scorecard 表中没有 2021 年度的数据，本节从略。", empty.ranking().absent());
        assertEquals(Map.of(), empty.charts().shown());
        assertEquals("数据仓库中没有 2021 年度的单位数据，本节从略。", empty.unitsSection().absent());
        assertEquals("2021 年度没有隔离记录。", empty.qualitySection().quarantineAbsent());
        assertEquals("2021 年度没有核对记录。", empty.qualitySection().reconciliationAbsent());
        assertEquals("job_runs 表中没有 2021 年度的数据，本节从略。", empty.qualitySection().runAbsent());
    }
}
