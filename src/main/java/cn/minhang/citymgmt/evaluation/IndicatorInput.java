package cn.minhang.citymgmt.evaluation;

import java.math.BigDecimal;

/**
 * What is known about one unit and one indicator before scoring: the unit's own target text (or
 * null), the metric's value and record count this year and last year, and an evaluator's grade.
 */
public record IndicatorInput(String unitTarget, BigDecimal actual, long recordCount, BigDecimal previous,
                             String assessedGrade, BigDecimal assessedFraction) {
}
