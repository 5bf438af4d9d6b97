package cn.minhang.citymgmt.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantitativeRuleTest {

    private static final QuantitativeRule RULE = QuantitativeRule.DEFAULT;
    private static final QuantitativeRule DEDUCTING = new QuantitativeRule(true);

    private static BigDecimal d(String v) {
        return new BigDecimal(v);
    }

    private static RuleOutcome higher(String w, String a, String t) {
        return RULE.score(d(w), a == null ? null : d(a), d(t), Polarity.HIGHER_BETTER);
    }

    private static RuleOutcome lower(String w, String a, String t) {
        return RULE.score(d(w), a == null ? null : d(a), d(t), Polarity.LOWER_BETTER);
    }

    @ParameterizedTest(name = "higher_better w={0} a={1} t={2} -> {3} {4}")
    @CsvSource({
        "1, 12, 12, 1.00, ok",
        "1, 3, 20, 0.15, ok",
        "3, 85, 90, 2.83, ok",
        "1, 1, 8, 0.13, ok",          // 0.125: half-up, not half-even
        "10, 12.99, 10, 10.00, ok",   // above target, below 1.3 × target
        "10, 13, 10, 10.00, overshoot",
        "10, 50, 10, 10.00, overshoot",
        "1, 0, 0, 1.00, ok",          // t = 0: full marks when a ≥ 0
        "1, 5, 0, 1.00, ok",          // t = 0 never overshoots
        "1, 0, 12, 0.00, ok"
    })
    void higherBetter(String w, String a, String t, String score, String status) {
        RuleOutcome o = higher(w, a, t);
        assertEquals(d(score), o.score());
        assertEquals(status, o.statusCode());
        assertNull(o.grade());
    }

    @Test
    void partialCompletionExplainsTheLoss() {
        RuleOutcome o = higher("1", "3", "20");
        assertEquals("completed 3.00 of 20.00 (15.00%)", o.note());
        assertEquals(d("0.1500"), o.completionRatio());
    }

    @Test
    void fullMarksCarryNoNote() {
        assertNull(higher("1", "12", "12").note());
        assertNull(lower("3", "2", "2").note());
    }

    @Test
    void targetZeroHasNoCompletionRatio() {
        assertNull(higher("1", "5", "0").completionRatio());
    }

    @Test
    void overshootAtExactly130PercentIsFlaggedNotDeducted() {
        RuleOutcome o = higher("5", "13", "10");
        assertEquals(ScoreStatus.OVERSHOOT, o.status());
        assertEquals(d("5.00"), o.score());
        assertEquals(d("1.3000"), o.completionRatio());
        assertTrue(o.note().contains("target probably set too low"), o.note());
    }

    @ParameterizedTest(name = "deducting overshoot a={0} t=10 -> {1}")
    @CsvSource({"13, 5.00", "15, 4.00", "20, 1.50", "23, 0.00", "30, 0.00", "12, 5.00"})
    void overshootDeductionWhenSwitchedOn(String a, String score) {
        RuleOutcome o = DEDUCTING.score(d("5"), d(a), d("10"), Polarity.HIGHER_BETTER);
        assertEquals(d(score), o.score());
        assertEquals(d(a).compareTo(d("13")) >= 0 ? ScoreStatus.OVERSHOOT : ScoreStatus.OK, o.status());
    }

    @Test
    void deductionIsNoted() {
        assertTrue(DEDUCTING.score(d("5"), d("15"), d("10"), Polarity.HIGHER_BETTER).note().contains("deducted"));
    }

    @ParameterizedTest(name = "lower_better w={0} a={1} t={2} -> {3}")
    @CsvSource({
        "3, 2, 2, 3.00",       // exactly at t
        "3, 1, 2, 3.00",       // below t
        "3, 3, 2, 1.50",       // between t and 2t: 3 × (1 − 0.5)
        "3, 2.5, 2, 2.25",
        "3, 3.99, 2, 0.02",    // 3 × 0.005 = 0.015, half-up
        "3, 4, 2, 0.00",       // exactly 2t
        "3, 5, 2, 0.00",       // beyond 2t
        "5, 0, 0, 5.00",       // t = 0, a ≤ 0
        "5, 0.5, 0, 0.00"      // t = 0, a > 0
    })
    void lowerBetter(String w, String a, String t, String score) {
        RuleOutcome o = lower(w, a, t);
        assertEquals(d(score), o.score());
        assertEquals(ScoreStatus.OK, o.status());
    }

    @Test
    void lowerBetterNotesExplainTheLoss() {
        assertEquals("actual 3.00 above the limit 2.00 (150.00% of it)", lower("3", "3", "2").note());
        assertEquals("actual 4.00 is at least twice the limit 2.00", lower("3", "4", "2").note());
        assertEquals("actual 0.50 above the target 0", lower("5", "0.5", "0").note());
    }

    @Test
    void negativeActualIsADataError() {
        for (Polarity p : new Polarity[] {Polarity.HIGHER_BETTER, Polarity.LOWER_BETTER}) {
            RuleOutcome o = RULE.score(d("5"), d("-1"), d("2"), p);
            assertEquals(ScoreStatus.DATA_ERROR, o.status());
            assertEquals(d("0.00"), o.score());
            assertEquals("negative completed value -1.00", o.note());
        }
    }

    @Test
    void negativeTargetIsADataError() {
        RuleOutcome o = higher("5", "1", "-2");
        assertEquals(ScoreStatus.DATA_ERROR, o.status());
        assertEquals(d("0.00"), o.score());
    }

    @Test
    void missingActualIsNoDataNeverFullMarks() {
        for (Polarity p : new Polarity[] {Polarity.HIGHER_BETTER, Polarity.LOWER_BETTER}) {
            RuleOutcome o = RULE.score(d("5"), null, d("0"), p);
            assertEquals(ScoreStatus.NO_DATA, o.status());
            assertEquals("no_data", o.statusCode());
            assertEquals(d("0.00"), o.score());
            assertEquals("no records for this unit", o.note());
            assertNull(o.completionRatio());
        }
    }

    @Test
    void qualitativePolarityAndBadWeightAreProgrammingErrors() {
        assertThrows(IllegalArgumentException.class, () -> RULE.score(d("1"), d("1"), d("1"), Polarity.QUALITATIVE));
        assertThrows(IllegalArgumentException.class, () -> RULE.score(d("-1"), d("1"), d("1"), Polarity.HIGHER_BETTER));
        assertThrows(IllegalArgumentException.class, () -> RULE.score(d("1"), d("1"), null, Polarity.HIGHER_BETTER));
    }

    @Test
    void seedTargetsScoreThroughTheParser() {
        // 70 公里 of roads against a metric in km, 43 万平方米 of green against m².
        BigDecimal roads = TargetParser.parse("=70.00(公里)").valueIn(MeasureUnit.KM);
        assertEquals(d("0.50"), RULE.score(d("1"), d("35"), roads, Polarity.HIGHER_BETTER).score());
        BigDecimal green = TargetParser.parse("=43.00(万平方米)").valueIn(MeasureUnit.M2);
        assertEquals(d("1.00"), RULE.score(d("1"), d("430000"), green, Polarity.HIGHER_BETTER).score());
        // ≤0.00(%) incidents: any incident loses everything.
        BigDecimal none = TargetParser.parse("≤0.00(%)").valueIn(MeasureUnit.PERCENT);
        assertEquals(d("0.00"), RULE.score(d("5"), d("12.5"), none, Polarity.LOWER_BETTER).score());
    }
}
