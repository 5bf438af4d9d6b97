package cn.minhang.citymgmt.metrics;

import cn.minhang.citymgmt.budget.BudgetExecution;
import cn.minhang.citymgmt.sources.SourceDefinition;
import cn.minhang.citymgmt.sources.Sources;
import cn.minhang.citymgmt.support.SparkTestSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static cn.minhang.citymgmt.metrics.UnitMetrics.ANALYZERS;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The source registry: what the catalog lists and what the metric stage computes come from one list. */
class SourceRegistryTest extends SparkTestSession {
    private static List<String> ids(SourceAnalyzer analyzer, int fiscalYear) {
        return analyzer.metrics().apply(fiscalYear).stream().map(Metric::id).toList();
    }

    private static Row metricRow(Dataset<Row> metrics, String unit, String id) {
        List<Row> rows = metrics.where("unit_id = '" + unit + "' AND metric_id = '" + id + "'").collectAsList();
        assertEquals(1, rows.size(), unit + " " + id);
        return rows.get(0);
    }

    private static Dataset<Row> empty(SourceDefinition source) {
        return spark().createDataFrame(List.of(), source.cleanedSchema());
    }

    @Test
    void everyCatalogEntryComesFromExactlyOneAnalyzerOrIsDerived() {
        for (MetricCatalog.Entry entry : MetricCatalog.all()) {
            List<SourceAnalyzer> producers = ANALYZERS.stream().filter(a -> ids(a, 2023).contains(entry.id())).toList();
            if (MetricCatalog.DERIVED.contains(entry.id())) {
                assertEquals(List.of(), producers, entry.id() + " is derived, not aggregated");
                continue;
            }
            assertEquals(1, producers.size(), entry.id() + " from " + producers);
            SourceAnalyzer producer = producers.get(0);
            Metric metric = producer.metrics().apply(2023).stream().filter(m -> m.id().equals(entry.id())).findFirst().orElseThrow();
            assertEquals(producer.source().name(), entry.source(), entry.id());
            assertEquals(metric.unit(), entry.unit(), entry.id());
            assertEquals(metric.accrual(), entry.accrual(), entry.id());
        }
        // The catalog is built from one year's definitions: a leap year must not bring an id it lacks.
        Set<String> catalogued = MetricCatalog.all().stream().map(MetricCatalog.Entry::id).collect(Collectors.toSet());
        for (SourceAnalyzer analyzer : ANALYZERS) {
            for (int fiscalYear : List.of(2023, 2024)) {
                assertTrue(catalogued.containsAll(ids(analyzer, fiscalYear)), analyzer.source().name() + " " + fiscalYear);
            }
        }
    }

    @Test
    void everyAnalyzerReadsOneDeclaredSourceAndOnlyItsColumns() {
        assertEquals(ANALYZERS.size(), ANALYZERS.stream().map(SourceAnalyzer::source).distinct().count());
        assertEquals(List.of(Sources.BUDGET_LEDGER), ANALYZERS.stream()
                .filter(a -> a.input() == SourceAnalyzer.Input.BUDGET_EXECUTION).map(SourceAnalyzer::source).toList());
        Dataset<Row> execution = BudgetExecution.perAccount(empty(Sources.BUDGET_LEDGER), empty(Sources.UNITS), 2023);
        for (SourceAnalyzer analyzer : ANALYZERS) {
            assertTrue(Sources.ALL.contains(analyzer.source()), analyzer.source().name());
            // Spark resolves the columns when the plan is built: a column the source does not declare fails here.
            Dataset<Row> input = analyzer.input() == SourceAnalyzer.Input.BUDGET_EXECUTION ? execution : empty(analyzer.source());
            assertEquals(0L, analyzer.compute(input, 2023).count(), analyzer.source().name());
        }
    }

    @Test
    void theStageUnionsEveryAnalyzerItIsGiven() {
        // The year reaches the test's own analyzer: only the 2023 incident counts.
        SourceAnalyzer extra = SourceAnalyzer.of(Sources.INCIDENTS, fiscalYear -> List.of(new Metric(
                "test.incidents_in_year", "count", Metric.Accrual.CUMULATIVE,
                sum(when(year(col("occurred_on")).equalTo(fiscalYear), 1).otherwise(0)), sum(lit(1)))));
        List<SourceAnalyzer> registered = List.of(
                UnitMetrics.analyzer(Sources.INCIDENTS), extra, UnitMetrics.analyzer(Sources.SURVEYS));
        Dataset<Row> incidents = dataFrame("unit_id STRING, occurred_on DATE, severity STRING",
                row("U", Date.valueOf("2023-04-01"), "major"),
                row("U", Date.valueOf("2022-12-31"), "minor"));

        Dataset<Row> measured = MetricsStage.measured(spark(), registered, Map.of("incidents", incidents), null, 2023);

        Row own = metricRow(measured, "U", "test.incidents_in_year");
        assertEquals(new BigDecimal("1.000000"), own.getAs("value"));
        assertEquals(2L, own.<Long>getAs("record_count"));
        assertEquals("incidents", own.getAs("source"));
        assertEquals(new BigDecimal("1.000000"), metricRow(measured, "U", "incident.major_count").getAs("value"));
        // Surveys were not given: nothing of theirs, rather than a failure or zeros.
        assertEquals(0L, measured.where("source = 'surveys'").count());
        assertEquals(ids(extra, 2023).size() + ids(UnitMetrics.analyzer(Sources.INCIDENTS), 2023).size(), measured.count());
    }

    @Test
    void aSourceWithoutRecordsOrMissingLeavesItsMetricsWithoutData() {
        Dataset<Row> units = dataFrame("unit_id STRING, population INT", row("U", 20000));
        Dataset<Row> execution = dataFrame("unit_id STRING, account STRING, adjusted_yuan DECIMAL(18,2), executed_yuan DECIMAL(18,2), "
                        + "execution_rate DECIMAL(9,2), adjustment_rate DECIMAL(9,2), entry_count BIGINT",
                row("U", "total", new BigDecimal("100.00"), new BigDecimal("40.00"), new BigDecimal("40.00"), new BigDecimal("0.00"), 3L));

        // Surveys delivered nothing this year; no other source is in the map at all.
        Dataset<Row> metrics = MetricsStage.compute(spark(), Map.of("surveys", empty(Sources.SURVEYS)), units, execution, 2023, false);

        assertEquals(MetricCatalog.all().size(), metrics.count());
        assertEquals(new BigDecimal("40.000000"), metricRow(metrics, "U", "budget.execution_rate").getAs("value"));
        for (String id : List.of("survey.respondents", "hotline.cases_total", "incident.major_count", MetricCatalog.HOTLINE_PER_10K)) {
            Row r = metricRow(metrics, "U", id);
            assertNull(r.getAs("value"), id);
            assertEquals(0L, r.<Long>getAs("record_count"), id);
        }
    }
}
