package cn.minhang.citymgmt.evaluation;

/**
 * What is known about one unit and one indicator before scoring: the unit's own target text (or
 * null), the metric's value and record count this year and last year, and an evaluator's grade.
 */
public record IndicatorInput(String unitTarget, Double actual, long recordCount, Double previous,
                             String assessedGrade, Double assessedFraction) {
}
