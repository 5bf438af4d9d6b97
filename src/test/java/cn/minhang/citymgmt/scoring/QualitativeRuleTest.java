package cn.minhang.citymgmt.scoring;

import cn.minhang.citymgmt.sources.Grade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QualitativeRuleTest {

    private static final QualitativeRule RULE = QualitativeRule.DEFAULT;

    private static BigDecimal d(String v) {
        return new BigDecimal(v);
    }

    @ParameterizedTest(name = "{0} fraction {1} valid={2}")
    @CsvSource({
        "ACHIEVED, 1.00, true", "ACHIEVED, 0.80, true", "ACHIEVED, 0.90, true",
        "ACHIEVED, 0.79, false", "ACHIEVED, 1.01, false",
        "PARTIAL, 0.60, true", "PARTIAL, 0.70, true", "PARTIAL, 0.7999, true",
        "PARTIAL, 0.80, false", "PARTIAL, 0.59, false",
        "NOT_ACHIEVED, 0, true", "NOT_ACHIEVED, 0.5999, true",
        "NOT_ACHIEVED, 0.60, false", "NOT_ACHIEVED, -0.01, false",
        "ACHIEVED, 85, false"   // a percentage where a share is expected
    })
    void fractionMustLieInItsBand(Grade grade, String fraction, boolean valid) {
        assertEquals(valid, grade.validFraction(d(fraction)));
        assertEquals(valid, grade.validFraction(Double.parseDouble(fraction)));
    }

    @Test
    void nullFractionIsNotValid() {
        assertFalse(Grade.ACHIEVED.validFraction(null));
        assertFalse(Grade.ACHIEVED.validFraction(Double.NaN));
    }

    @ParameterizedTest
    @CsvSource({"achieved, ACHIEVED", "PARTIAL, PARTIAL", "未达成且效果较差, NOT_ACHIEVED", "部分达成并具有一定效果, PARTIAL"})
    void gradeParsesCodesAndLabels(String text, Grade expected) {
        assertEquals(expected, Grade.parse(text));
    }

    @Test
    void unknownGradeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Grade.parse("excellent"));
    }

    // Thresholds of 及时 indicators: achieved at 95, partial from 80; w = 3.
    @ParameterizedTest(name = "m={0} -> {1} {2}")
    @CsvSource({
        "100,   ACHIEVED,     3.00, 1.0000",
        "95,    ACHIEVED,     3.00, 1.0000",   // achieved edge
        "94.99, PARTIAL,      2.40, 0.7999",   // top of partial: 0.6 + 0.2 × 14.99/15
        "87.5,  PARTIAL,      2.10, 0.7000",
        "80,    PARTIAL,      1.80, 0.6000",   // bottom edge of partial
        "79.99, NOT_ACHIEVED, 1.80, 0.5999",   // 0.6 × 79.99/80
        "40,    NOT_ACHIEVED, 0.90, 0.3000",
        "0,     NOT_ACHIEVED, 0.00, 0.0000"
    })
    void metricGradeHigherBetter(String m, Grade grade, String score, String share) {
        RuleOutcome o = RULE.byMetric(d("3"), d(m), d("95"), d("80"), Polarity.HIGHER_BETTER);
        assertEquals(grade, o.grade());
        assertEquals(d(score), o.score());
        assertEquals(d(share), o.completionRatio());
        assertEquals(ScoreStatus.OK, o.status());
    }

    // A lower_better metric (e.g. a duration): achieved at ≤ 2, partial up to 5; w = 10.
    @ParameterizedTest(name = "m={0} -> {1} {2}")
    @CsvSource({
        "1,   ACHIEVED,     10.00",
        "2,   ACHIEVED,     10.00",
        "3.5, PARTIAL,      7.00",
        "5,   PARTIAL,      6.00",
        "10,  NOT_ACHIEVED, 3.00"    // 0.6 × 5/10
    })
    void metricGradeLowerBetterFlipsComparisons(String m, Grade grade, String score) {
        RuleOutcome o = RULE.byMetric(d("10"), d(m), d("2"), d("5"), Polarity.LOWER_BETTER);
        assertEquals(grade, o.grade());
        assertEquals(d(score), o.score());
    }

    @Test
    void notAchievedIsZeroWhenPartialThresholdIsNotPositive() {
        RuleOutcome o = RULE.byMetric(d("5"), d("-3"), d("0"), d("-2"), Polarity.HIGHER_BETTER);
        assertEquals(Grade.NOT_ACHIEVED, o.grade());
        assertEquals(d("0.00"), o.score());
    }

    @Test
    void metricNoteExplainsTheLoss() {
        RuleOutcome o = RULE.byMetric(d("3"), d("87.5"), d("95"), d("80"), Polarity.HIGHER_BETTER);
        assertEquals("metric 87.50 below the achieved threshold 95.00: partial, 70.00% of the weight", o.note());
        assertNull(RULE.byMetric(d("3"), d("96"), d("95"), d("80"), Polarity.HIGHER_BETTER).note());
    }

    @Test
    void missingMetricIsNoData() {
        RuleOutcome o = RULE.byMetric(d("3"), null, d("95"), d("80"), Polarity.HIGHER_BETTER);
        assertEquals(ScoreStatus.NO_DATA, o.status());
        assertEquals(d("0.00"), o.score());
        assertNull(o.grade());
        assertEquals("no records for this unit", o.note());
    }

    @Test
    void thresholdsInTheWrongOrderAreAConfigurationError() {
        assertThrows(IllegalArgumentException.class,
                () -> RULE.byMetric(d("3"), d("90"), d("80"), d("95"), Polarity.HIGHER_BETTER));
        assertThrows(IllegalArgumentException.class,
                () -> RULE.byMetric(d("3"), d("1"), d("5"), d("2"), Polarity.LOWER_BETTER));
        assertThrows(IllegalArgumentException.class,
                () -> RULE.byMetric(d("3"), d("1"), d("5"), d("2"), Polarity.QUALITATIVE));
    }

    // 提升 indicators: change against last year, achieved at 0, partial from −2; w = 5.
    @ParameterizedTest(name = "{0} vs {1} -> {2} {3}")
    @CsvSource({
        "85, 84, ACHIEVED,     5.00",
        "84, 84, ACHIEVED,     5.00",   // no worse than last year
        "83, 84, PARTIAL,      3.50",   // change −1: 0.6 + 0.2 × 1/2
        "82, 84, PARTIAL,      3.00",   // change −2: bottom of partial
        "80, 84, NOT_ACHIEVED, 0.00"
    })
    void improvementWithBaseline(String thisYear, String lastYear, Grade grade, String score) {
        RuleOutcome o = RULE.byImprovement(d("5"), d(thisYear), d(lastYear), d("-2"), 2023);
        assertEquals(grade, o.grade());
        assertEquals(d(score), o.score());
        assertEquals(ScoreStatus.OK, o.status());
    }

    @Test
    void improvementNoteNamesLastYear() {
        assertTrue(RULE.byImprovement(d("5"), d("83"), d("84"), d("-2"), 2023).note().startsWith("change -1.00 against 2022"));
    }

    @Test
    void improvementWithoutBaseline() {
        RuleOutcome o = RULE.byImprovement(d("5"), d("85"), null, d("-2"), 2023);
        assertEquals(ScoreStatus.NO_BASELINE, o.status());
        assertEquals("no_baseline", o.statusCode());
        assertEquals(d("0.00"), o.score());
        assertEquals("improvement needs a 2022 baseline", o.note());
    }

    @Test
    void improvementWithoutThisYearIsNoData() {
        assertEquals(ScoreStatus.NO_DATA, RULE.byImprovement(d("5"), null, d("84"), d("-2"), 2023).status());
    }

    @ParameterizedTest(name = "{0} without fraction -> {1}")
    @CsvSource({"ACHIEVED, 10.00", "PARTIAL, 7.00", "NOT_ACHIEVED, 3.00"})
    void assessmentDefaultFractions(Grade grade, String score) {
        RuleOutcome o = RULE.byAssessment(d("10"), grade, null);
        assertEquals(d(score), o.score());
        assertEquals(ScoreStatus.ASSESSED, o.status());
        assertEquals(grade, o.grade());
    }

    @Test
    void assessmentWithFractionInBand() {
        assertEquals(d("8.50"), RULE.byAssessment(d("10"), Grade.ACHIEVED, d("0.85")).score());
        assertEquals(d("6.00"), RULE.byAssessment(d("10"), Grade.PARTIAL, d("0.60")).score());
        assertEquals("assessed partial: 60.00% of the weight",
                RULE.byAssessment(d("10"), Grade.PARTIAL, d("0.60")).note());
        assertEquals(d("2.55"), RULE.byAssessment(d("3"), Grade.ACHIEVED, d("0.85")).score());
    }

    @Test
    void assessmentWithFractionOutsideItsBandIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RULE.byAssessment(d("10"), Grade.PARTIAL, d("0.85")));
        assertTrue(e.getMessage().contains("[0.60, 0.80)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RULE.byAssessment(d("10"), Grade.PARTIAL, d("0.80")));
        assertThrows(IllegalArgumentException.class, () -> RULE.byAssessment(d("10"), Grade.ACHIEVED, d("85")));
    }

    @Test
    void defaultFractionsAreConfigurable() {
        QualitativeRule custom = new QualitativeRule(new QualitativeDefaults(d("0.90"), d("0.65"), d("0.50")));
        assertEquals(d("9.00"), custom.byAssessment(d("10"), Grade.ACHIEVED, null).score());
        assertEquals(d("6.50"), custom.byAssessment(d("10"), Grade.PARTIAL, null).score());
        assertEquals(d("5.00"), custom.byAssessment(d("10"), Grade.NOT_ACHIEVED, null).score());
    }

    @Test
    void defaultFractionOutsideItsBandIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new QualitativeDefaults(d("1.00"), d("0.85"), d("0.30")));
        assertThrows(IllegalArgumentException.class, () -> new QualitativeDefaults(d("0.70"), d("0.70"), d("0.30")));
    }
}
