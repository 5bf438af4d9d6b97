package cn.minhang.citymgmt.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every metric id the job computes, with its unit and source: what the framework may refer to. */
public final class MetricCatalog {
    /** A metric's id, unit, source and how it accrues over the year ({@link Metric.Accrual}). */
    public record Entry(String id, String unit, String source, Metric.Accrual accrual) {
        public boolean cumulative() {
            return accrual == Metric.Accrual.CUMULATIVE;
        }
    }

    /** Computed from other metrics after the per-source pass. */
    public static final String MAJOR_INCIDENT_RATE = "incident.major_rate";
    public static final String HOTLINE_PER_10K = "hotline.cases_per_10k_residents";
    public static final String WASTE_PER_10K = "waste.tonnes_per_day_per_10k_residents";

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    /** The metrics {@link MetricsStage} derives from the others rather than from a source's records. */
    static final List<String> DERIVED = List.of(MAJOR_INCIDENT_RATE, HOTLINE_PER_10K, WASTE_PER_10K);

    /** Any year: a metric's id, unit and accrual are the same in every year, only its expressions differ. */
    private static final int ANY_YEAR = 2023;

    static {
        for (SourceAnalyzer analyzer : UnitMetrics.ANALYZERS) {
            add(analyzer.metrics().apply(ANY_YEAR), analyzer.source().name());
        }
        // A rate over the works active in the year; per-capita figures of cumulative ones accrue as they do.
        ENTRIES.put(MAJOR_INCIDENT_RATE, new Entry(MAJOR_INCIDENT_RATE, "percent", "incidents", Metric.Accrual.AS_IT_STANDS));
        ENTRIES.put(HOTLINE_PER_10K, new Entry(HOTLINE_PER_10K, "count", "hotline_cases", Metric.Accrual.CUMULATIVE));
        ENTRIES.put(WASTE_PER_10K, new Entry(WASTE_PER_10K, "t", "waste_collections", Metric.Accrual.CUMULATIVE));
    }

    private MetricCatalog() {
    }

    private static void add(List<Metric> metrics, String source) {
        metrics.forEach(m -> ENTRIES.put(m.id(), new Entry(m.id(), m.unit(), source, m.accrual())));
    }

    public static Optional<Entry> find(String id) {
        return Optional.ofNullable(ENTRIES.get(id));
    }

    public static List<Entry> all() {
        return new ArrayList<>(ENTRIES.values());
    }
}
