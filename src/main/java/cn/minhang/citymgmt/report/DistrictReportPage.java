package cn.minhang.citymgmt.report;

import cn.minhang.citymgmt.tables.DeltaWarehouse;
import cn.minhang.citymgmt.tables.Table;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The district report's page: {@code templates/district-report.html} filled with the sections
 * {@link ReportData} shapes, with ECharts, the page script and the charts' data inlined so the
 * page opens offline.
 */
final class DistrictReportPage {
    static final String ECHARTS = "META-INF/resources/webjars/echarts/" + DistrictReport.ECHARTS_VERSION + "/dist/echarts.min.js";
    static final String SCRIPT = ReportTemplates.FOLDER + "district-report.js";
    private static final Pattern SCRIPT_END = Pattern.compile("</(script)", Pattern.CASE_INSENSITIVE);

    private DistrictReportPage() {
    }

    static String render(ReportData data) {
        ReportData.Charts charts = data.charts();
        Map<String, Object> page = new HashMap<>();
        page.put("title", data.title());
        page.put("year", data.year);
        page.put("unitCount", data.unitOrder().size());
        page.put("generatedAt", ReportTemplates.generatedAt());
        page.put("runId", data.latestRun == null ? null : data.latestRun.str(DeltaWarehouse.RUN_ID));
        page.put("warnings", data.warnings());
        page.put("ranking", data.ranking());
        page.put("heatmapAbsent", data.absence(Table.INDICATOR_SCORES.tableName(), data.indicators.isEmpty()));
        page.put("budget", data.budgetSection());
        page.put("units", data.unitsSection());
        page.put("results", data.resultsSection());
        page.put("quality", data.qualitySection());
        page.put("charts", charts);
        page.put("chartData", Json.write(charts.data()));
        page.put("echartsVersion", DistrictReport.ECHARTS_VERSION);
        // ECharts' minified source may hold "</script" in a string; escaped, it cannot end the element early.
        page.put("echarts", SCRIPT_END.matcher(ReportTemplates.resource(ECHARTS)).replaceAll("<\\\\/$1"));
        page.put("pageScript", ReportTemplates.resource(SCRIPT));
        return ReportTemplates.render("district-report", page);
    }
}
