package cn.minhang.citymgmt.scoring;

import cn.minhang.citymgmt.sources.Grade;
import static cn.minhang.citymgmt.scoring.Numbers.MC;
import static cn.minhang.citymgmt.scoring.Numbers.percent;
import static cn.minhang.citymgmt.scoring.Measures.show;
import static cn.minhang.citymgmt.scoring.Numbers.plain;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * Scores a qualitative indicator (scoring rules §3), graded either by a metric against the
 * catalog's thresholds, by the change of a metric against last year, or by an assessment.
 * An assessment, where one exists, takes precedence; choosing it is the caller's job.
 *
 * @param defaults shares granted by an assessment without a fraction (ours)
 */
public record QualitativeRule(QualitativeDefaults defaults) implements Serializable {

    public static final QualitativeRule DEFAULT = new QualitativeRule(QualitativeDefaults.DEFAULT);

    private static final BigDecimal PARTIAL_FLOOR = new BigDecimal("0.60");
    private static final BigDecimal PARTIAL_SPAN = new BigDecimal("0.20");

    public QualitativeRule {
        Objects.requireNonNull(defaults, "defaults");
    }

    /**
     * Grade decided by a metric {@code m}: achieved at {@code achievedAt}, partial from
     * {@code partialAt}, interpolated inside the partial band. For a LOWER_BETTER metric the
     * comparisons flip and the not-achieved share becomes {@code 60% × partialAt / m} (ours: the
     * mirror of {@code 60% × m / partialAt}, falling towards 0 as m grows).
     *
     * @param metric    the metric; null when there are no records for the unit
     * @param direction whether more of the metric is better (HIGHER_BETTER) or worse (LOWER_BETTER)
     */
    public RuleOutcome byMetric(BigDecimal weight, BigDecimal metric, BigDecimal achievedAt,
                                BigDecimal partialAt, Polarity direction) {
        Numbers.requireWeight(weight);
        checkThresholds(achievedAt, partialAt, direction);
        if (metric == null) {
            return RuleOutcome.zero(ScoreStatus.NO_DATA, "no records for this unit");
        }
        return graded(weight, metric, achievedAt, partialAt, direction, "metric " + show(metric));
    }

    /**
     * An improvement indicator (提升): {@code m = thisYear − lastYear} graded with achieved at 0
     * (no worse than last year) and partial from {@code partialAt} (e.g. −2). The metric is a score
     * where more is better.
     *
     * @param lastYear   last year's metric; null → {@code no_baseline}
     * @param fiscalYear the year being evaluated, for the note
     */
    public RuleOutcome byImprovement(BigDecimal weight, BigDecimal thisYear, BigDecimal lastYear,
                                     BigDecimal partialAt, int fiscalYear) {
        Numbers.requireWeight(weight);
        checkThresholds(BigDecimal.ZERO, partialAt, Polarity.HIGHER_BETTER);
        if (thisYear == null) {
            return RuleOutcome.zero(ScoreStatus.NO_DATA, "no records for this unit");
        }
        if (lastYear == null) {
            return RuleOutcome.zero(ScoreStatus.NO_BASELINE, "improvement needs a " + (fiscalYear - 1) + " baseline");
        }
        BigDecimal change = thisYear.subtract(lastYear);
        return graded(weight, change, BigDecimal.ZERO, partialAt, Polarity.HIGHER_BETTER,
                "change " + show(change) + " against " + (fiscalYear - 1));
    }

    /**
     * Grade decided by an evaluator. A fraction outside the grade's band means the assessment row is
     * wrong: check with {@link Grade#validFraction} and reject the row before calling this.
     *
     * @param fraction share 0–1 of the weight; null → the default share of the grade
     * @throws IllegalArgumentException when the fraction lies outside the grade's band
     */
    public RuleOutcome byAssessment(BigDecimal weight, Grade grade, BigDecimal fraction) {
        Numbers.requireWeight(weight);
        Objects.requireNonNull(grade, "grade");
        if (fraction != null && !grade.validFraction(fraction)) {
            throw new IllegalArgumentException("fraction " + plain(fraction) + " lies outside the "
                    + grade.code() + " band " + grade.band() + " (a fraction is a share 0–1 of the weight)");
        }
        BigDecimal share = fraction == null ? defaults.shareFor(grade) : fraction;
        String note = share.compareTo(BigDecimal.ONE) < 0
                ? "assessed " + grade.code() + ": " + percent(share) + " of the weight"
                : null;
        return new RuleOutcome(weight.multiply(share), ScoreStatus.ASSESSED, grade, share, note);
    }

    private static RuleOutcome graded(BigDecimal w, BigDecimal m, BigDecimal achievedAt, BigDecimal partialAt,
                                      Polarity direction, String what) {
        boolean lower = direction == Polarity.LOWER_BETTER;
        // Distances measured in the "better" direction, so one set of formulas serves both polarities.
        BigDecimal aboveAchieved = lower ? achievedAt.subtract(m) : m.subtract(achievedAt);
        BigDecimal abovePartial = lower ? partialAt.subtract(m) : m.subtract(partialAt);
        if (aboveAchieved.signum() >= 0) {
            return new RuleOutcome(w, ScoreStatus.OK, Grade.ACHIEVED, BigDecimal.ONE, null);
        }
        Grade grade;
        BigDecimal share;
        if (abovePartial.signum() >= 0) {
            grade = Grade.PARTIAL;
            BigDecimal span = achievedAt.subtract(partialAt).abs();
            share = PARTIAL_FLOOR.add(PARTIAL_SPAN.multiply(abovePartial).divide(span, MC));
        } else {
            grade = Grade.NOT_ACHIEVED;
            share = partialAt.signum() <= 0
                    ? BigDecimal.ZERO
                    : PARTIAL_FLOOR.multiply(lower ? partialAt.divide(m, MC) : m.divide(partialAt, MC))
                            .max(BigDecimal.ZERO);
        }
        String note = what + (lower ? " above " : " below ") + "the achieved threshold " + show(achievedAt)
                + ": " + grade.code() + ", " + percent(share) + " of the weight";
        return new RuleOutcome(w.multiply(share), ScoreStatus.OK, grade, share, note);
    }

    private static void checkThresholds(BigDecimal achievedAt, BigDecimal partialAt, Polarity direction) {
        if (achievedAt == null || partialAt == null) {
            throw new IllegalArgumentException("achievedAt and partialAt are required");
        }
        if (direction == null || direction == Polarity.QUALITATIVE) {
            throw new IllegalArgumentException("a metric grade needs higher_better or lower_better, got " + direction);
        }
        int c = achievedAt.compareTo(partialAt);
        if (direction == Polarity.HIGHER_BETTER ? c < 0 : c > 0) {
            throw new IllegalArgumentException("thresholds out of order for " + direction.code()
                    + ": achievedAt " + plain(achievedAt) + ", partialAt " + plain(partialAt));
        }
    }
}
