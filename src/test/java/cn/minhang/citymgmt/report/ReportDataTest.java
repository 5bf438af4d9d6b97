package cn.minhang.citymgmt.report;

import cn.minhang.citymgmt.support.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the report says of each unit's change against last year, shaped from the tables without any HTML. */
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
}
