package cn.minhang.citymgmt.report;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The monitoring page (双监控) of an as-of run: one StringBuilder page in the district report's way
 * and style, from {@link MonitoringData} (which does the shaping). Every value is escaped.
 */
final class MonitoringPage {
    private final MonitoringData d;
    private final StringBuilder out = new StringBuilder(1 << 16);

    private MonitoringPage(MonitoringData d) {
        this.d = d;
    }

    static String render(MonitoringData data) {
        return new MonitoringPage(data).html();
    }

    private String html() {
        String title = DistrictReport.TITLE + " " + d.year + "年度 运行监控（截至 " + d.asOf + "）";
        List<MonitoringData.UnitLine> units = d.units();
        out.append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.escape(title)).append("</title>\n<style>\n")
                .append(DistrictReport.resource(DistrictReport.CSS)).append("</style>\n</head>\n<body>\n")
                .append("<header class=\"report\">\n<h1>").append(Html.escape(title)).append("</h1>\n<p class=\"meta\">")
                .append("双监控：预算执行进度与绩效目标完成进度 · 截至 ").append(Html.escape(d.asOf)).append(" · 单位 ").append(units.size())
                .append(" 个 · 生成时间 ").append(Html.escape(ZonedDateTime.now(ZoneId.of("Asia/Shanghai"))
                        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT))))
                .append("</p>\n</header>\n<main>\n");
        overview(units);
        for (MonitoringData.UnitLine u : units) {
            warnings(u);
        }
        out.append("</main>\n<footer>本页为年中运行监控结果，预计得分与等级系按当前进度推算的预测值（projection），不是年度评价结果。</footer>\n")
                .append("</body>\n</html>\n");
        return out.toString();
    }

    private void overview(List<MonitoringData.UnitLine> units) {
        BigDecimal time = units.stream().map(MonitoringData.UnitLine::timeProgress).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        out.append("<section id=\"monitoring\">\n<h2>运行监控（双监控）</h2>\n<p class=\"lead\">")
                .append(Html.escape("时间进度 " + (time == null ? "—" : fixed(time) + "%") + "。预算执行进度 = 截至当日的支出 ÷ 截至当日的调整后预算；"
                        + "落后时间进度超过容差的单位标为预警。累计类指标按时间进度折算目标，比率、状态类指标按全年目标直接比较；"
                        + "预计得分按当前进度推算全年完成值后，以年度评分规则计算。"))
                .append("</p>\n");
        if (units.isEmpty()) {
            out.append("<p class=\"note\">").append(Html.escape("数据仓库中没有 " + d.year + " 年度截至 " + d.asOf + " 的监控结果。")).append("</p>\n");
        } else {
            out.append("<div class=\"table-wrap\"><table class=\"league\">\n<thead><tr><th>单位</th><th class=\"num\">预算执行进度</th>")
                    .append("<th class=\"num\">时间进度</th><th class=\"num\">落后（百分点）</th><th>预算预警</th>")
                    .append("<th class=\"num\">目标预警</th><th class=\"num\">尚无数据</th><th class=\"num\">预计总分</th><th>预计等级</th></tr></thead>\n<tbody>\n");
            for (MonitoringData.UnitLine u : units) {
                out.append("<tr><td><a class=\"unit-link\" href=\"#m-").append(Html.escape(u.unitId())).append("\">")
                        .append(Html.escape(u.name())).append("</a></td>")
                        .append(num(u.executionProgress(), "%")).append(num(u.timeProgress(), "%")).append(num(u.gapPoints(), ""))
                        .append("<td>").append(u.budgetBehind() == null ? "—" : u.budgetBehind() ? "落后" : "正常").append("</td>")
                        .append("<td class=\"num\">").append(u.targetWarnings()).append("</td>")
                        .append("<td class=\"num\">").append(u.noDataWarnings()).append("</td>")
                        .append(num(u.projectedTotal(), "")).append("<td>").append(Html.escape(u.projectedGrade() == null ? "—" : u.projectedGrade() + "（预测）"))
                        .append("</td></tr>\n");
            }
            out.append("</tbody></table></div>\n");
        }
        out.append("</section>\n");
    }

    private void warnings(MonitoringData.UnitLine u) {
        List<Rec> list = d.warningsOf(u.unitId());
        out.append("<section id=\"m-").append(Html.escape(u.unitId())).append("\">\n<h3>").append(Html.escape(u.name()))
                .append(" 预警 ").append(list.size()).append(" 条</h3>\n");
        if (!list.isEmpty()) {
            out.append("<ul>\n");
            list.forEach(w -> out.append("<li>").append(Html.escape(w.str("message"))).append("</li>\n"));
            out.append("</ul>\n");
        }
        out.append("</section>\n");
    }

    private static String num(BigDecimal value, String suffix) {
        return "<td class=\"num\">" + (value == null ? "—" : fixed(value) + suffix) + "</td>";
    }

    private static String fixed(BigDecimal value) {
        return value.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }
}
