package cn.minhang.citymgmt.metrics;

import cn.minhang.citymgmt.sources.SourceDefinition;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;
import java.util.function.IntFunction;

/**
 * The metrics of one source, stated once: the catalog ({@link MetricCatalog}) lists them from
 * {@link #metrics}, and the metric stage ({@link MetricsStage}) computes them with {@link #compute},
 * both by iterating {@link UnitMetrics#ANALYZERS}, so neither keeps a per-source list of its own.
 *
 * <p>Adding a source with metrics takes its {@link SourceDefinition} in {@code Sources} (and
 * {@code Sources.ALL}) and one entry in {@link UnitMetrics#ANALYZERS}: its metric list and, when
 * its records need grouping before the per-unit pass, a preparation. Nothing else names it, unless
 * a metric is derived from other metrics (those stay in {@link MetricCatalog} and the stage).
 *
 * @param source   the source the metrics are catalogued under and labelled with in {@code unit_metrics}
 * @param input    what {@link #compute} reads: the source's accepted records, or the table derived from them
 * @param metrics  the metric definitions for a fiscal year (ids, units and accrual do not depend on it)
 * @param prepare  turns the input into the rows the metrics aggregate per unit
 */
public record SourceAnalyzer(SourceDefinition source, Input input, IntFunction<List<Metric>> metrics, Preparation prepare) {

    /**
     * The budget metrics are not aggregated from ledger entries but read from budget_execution,
     * which already holds each unit's execution of the year; the stage has to know which to pass.
     */
    public enum Input {
        ACCEPTED_RECORDS,
        BUDGET_EXECUTION
    }

    /** Rows for the per-unit pass, from the input of one fiscal year. */
    @FunctionalInterface
    public interface Preparation {
        Dataset<Row> apply(Dataset<Row> input, int fiscalYear);
    }

    /** Metrics aggregated straight from the source's accepted records. */
    public static SourceAnalyzer of(SourceDefinition source, IntFunction<List<Metric>> metrics) {
        return new SourceAnalyzer(source, Input.ACCEPTED_RECORDS, metrics, (records, fiscalYear) -> records);
    }

    /** Metrics aggregated from the source's accepted records after a first grouping (per site-day, per caller). */
    public static SourceAnalyzer of(SourceDefinition source, IntFunction<List<Metric>> metrics, Preparation prepare) {
        return new SourceAnalyzer(source, Input.ACCEPTED_RECORDS, metrics, prepare);
    }

    /** One row per unit × metric, labelled with the source (see {@link Analyzer#aggregate}). */
    public Dataset<Row> compute(Dataset<Row> in, int fiscalYear) {
        return Analyzer.aggregate(prepare.apply(in, fiscalYear), source.name(), metrics.apply(fiscalYear));
    }
}
