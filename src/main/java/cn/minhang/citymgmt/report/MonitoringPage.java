package cn.minhang.citymgmt.report;

import java.util.HashMap;
import java.util.Map;

/**
 * The monitoring page (双监控) of an as-of run: {@code templates/monitoring-report.html} in the
 * district report's style, filled with what {@link MonitoringData} shapes.
 */
final class MonitoringPage {
    private MonitoringPage() {
    }

    static String render(MonitoringData data) {
        Map<String, Object> page = new HashMap<>();
        page.put("title", data.title());
        page.put("asOf", data.asOf.toString());
        page.put("generatedAt", ReportTemplates.generatedAt());
        page.put("lead", data.lead());
        page.put("noResults", data.noResults());
        page.put("units", data.rows());
        return ReportTemplates.render("monitoring-report", page);
    }
}
