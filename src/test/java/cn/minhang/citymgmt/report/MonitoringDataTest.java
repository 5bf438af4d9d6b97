package cn.minhang.citymgmt.report;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What the monitoring page shows per unit, shaped from the monitoring tables' rows without Spark or HTML. */
class MonitoringDataTest {
    private static Rec rec(Object... keyValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new Rec(values);
    }

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    private static Rec total(String unit, String progress, String gap, Boolean behind) {
        return rec("unit_id", unit, "account", "total", "execution_progress", progress == null ? null : d(progress),
                "time_progress", d("58.08"), "gap_points", gap == null ? null : d(gap), "behind", behind);
    }

    private static Rec projected(String unit, String indicator, String score) {
        return rec("unit_id", unit, "indicator_id", indicator, "projected_score", d(score));
    }

    private static Rec warning(String unit, String kind, String subject) {
        return rec("unit_id", unit, "kind", kind, "subject", subject, "message", kind + " " + subject);
    }

    private static MonitoringData data() {
        MonitoringData d = new MonitoringData(2023, LocalDate.of(2023, 7, 31), "wh");
        d.names.put("A", "甲街道");
        d.names.put("B", "乙镇");
        d.budget = List.of(total("A", "51.99", "6.09", false),
                rec("unit_id", "A", "account", "project", "gap_points", d("30.00")), // not the total: not the unit's line
                total("B", "40.00", "18.08", true),
                total("C", null, null, null));
        d.indicators = List.of(projected("A", "x", "60.004"), projected("A", "y", "25.005"),
                projected("B", "x", "50.00"), projected("B", "y", "9.99"));
        d.warnings = List.of(warning("B", "no_data", "z"), warning("B", "target_behind", "y"), warning("B", "budget_behind", "total"),
                warning("B", "budget_behind", "basic"), warning("A", "target_behind", "x"));
        return d;
    }

    @Test
    void unitsMostBehindOnTheirBudgetComeFirstWithTheirWarningsCounted() {
        List<MonitoringData.UnitLine> lines = data().units();
        assertEquals(List.of("B", "A", "C"), lines.stream().map(MonitoringData.UnitLine::unitId).toList());
        MonitoringData.UnitLine b = lines.get(0);
        assertEquals("乙镇", b.name());
        assertEquals(d("40.00"), b.executionProgress());
        assertEquals(true, b.budgetBehind());
        assertEquals(2, b.budgetWarnings());
        assertEquals(1, b.targetWarnings());
        assertEquals(1, b.noDataWarnings());
        assertEquals(4, b.warnings());
        MonitoringData.UnitLine c = lines.get(2);
        assertEquals("C", c.name()); // no name known: its id
        assertNull(c.budgetBehind());
        assertNull(c.projectedTotal());
    }

    @Test
    void theProjectedTotalAddsRoundedScoresAndIsGradedAsAtYearEnd() {
        Map<String, MonitoringData.UnitLine> byUnit = new HashMap<>();
        data().units().forEach(u -> byUnit.put(u.unitId(), u));
        assertEquals(d("85.01"), byUnit.get("A").projectedTotal()); // 60.00 + 25.01, each rounded half-up first
        assertEquals("良", byUnit.get("A").projectedGrade());
        assertEquals(d("59.99"), byUnit.get("B").projectedTotal());
        assertEquals("差", byUnit.get("B").projectedGrade());
    }

    @Test
    void aUnitsWarningsListBudgetThenTargetsThenMissingData() {
        assertEquals(List.of("budget_behind basic", "budget_behind total", "target_behind y", "no_data z"),
                data().warningsOf("B").stream().map(w -> w.str("message")).toList());
        String html = MonitoringPage.render(data());
        assertThat(html).contains("截至 2023-07-31", "乙镇", "59.99", "差（预测）", "budget_behind basic");
    }

    @Test
    void theOverviewWritesOutEachUnitsFiguresAndWarnings() {
        MonitoringData d = data();
        assertEquals("闵行区城市建设管理事务中心部门整体支出绩效评价 2023年度 运行监控（截至 2023-07-31）", d.title());
        assertThat(d.lead()).startsWith("时间进度 58.08%。预算执行进度 = 截至当日的支出 ÷ 截至当日的调整后预算；");
        List<MonitoringData.UnitRow> rows = d.rows();
        assertEquals(new MonitoringData.UnitRow("B", "乙镇", "40.00%", "58.08%", "18.08", "落后", 1, 1, "59.99", "差（预测）",
                List.of("budget_behind basic", "budget_behind total", "target_behind y", "no_data z")), rows.get(0));
        assertEquals(new MonitoringData.UnitRow("A", "甲街道", "51.99%", "58.08%", "6.09", "正常", 1, 0, "85.01", "良（预测）",
                List.of("target_behind x")), rows.get(1));
        assertEquals(new MonitoringData.UnitRow("C", "C", "—", "58.08%", "—", "—", 0, 0, "—", "—", List.of()), rows.get(2));
        assertEquals("数据仓库中没有 2023 年度截至 2023-07-31 的监控结果。", d.noResults());
    }

    @Test
    void thePageEscapesWhatTheTablesSay() {
        MonitoringData d = data();
        d.names.put("B", "乙镇<script>alert('x')</script>");
        d.warnings = List.of(rec("unit_id", "B", "kind", "no_data", "subject", "z", "message", "公园数 <6> & \"说明\""));
        String html = MonitoringPage.render(d);
        assertThat(html).doesNotContain("<script>alert(").doesNotContain("<6>");
        assertThat(html).contains("乙镇&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", "<li>公园数 &lt;6&gt; &amp; &quot;说明&quot;</li>");
        assertThat(html).contains("<section id=\"m-B\">", "<h3>乙镇&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; 预警 1 条</h3>");

        MonitoringData none = new MonitoringData(2023, LocalDate.of(2023, 7, 31), "wh");
        assertThat(MonitoringPage.render(none)).contains("<p class=\"note\">数据仓库中没有 2023 年度截至 2023-07-31 的监控结果。</p>")
                .contains("时间进度 —。").doesNotContain("<table");
    }
}
