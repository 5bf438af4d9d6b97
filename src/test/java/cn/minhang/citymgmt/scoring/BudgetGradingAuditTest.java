package cn.minhang.citymgmt.scoring;

import cn.minhang.citymgmt.sources.Grade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BudgetGradingAuditTest {

    private static BigDecimal d(String v) {
        return new BigDecimal(v);
    }

    private static List<BigDecimal> ds(String... values) {
        return java.util.Arrays.stream(values).map(BigDecimal::new).toList();
    }

    // ---- §5 budget execution

    @Test
    void seedRateScores972() {
        RuleOutcome o = BudgetRule.score(d("10"), d("97.23"));
        assertEquals(d("9.72"), o.score());
        assertEquals(ScoreStatus.OK, o.status());
        assertEquals("executed 97.23% of the adjusted budget", o.note());
    }

    @Test
    void overExecutionIsFullMarksAndFlagged() {
        RuleOutcome o = BudgetRule.score(d("10"), d("101.5"));
        assertEquals(d("10.00"), o.score());
        assertEquals("over_executed", o.statusCode());
    }

    @Test
    void exactlyFullExecution() {
        RuleOutcome o = BudgetRule.score(d("10"), d("100"));
        assertEquals(d("10.00"), o.score());
        assertEquals(ScoreStatus.OK, o.status());
        assertNull(o.note());
    }

    @Test
    void undefinedOrNegativeRateIsADataError() {
        RuleOutcome undefined = BudgetRule.score(d("10"), null);
        assertEquals(ScoreStatus.DATA_ERROR, undefined.status());
        assertEquals(d("0.00"), undefined.score());
        assertEquals(ScoreStatus.DATA_ERROR, BudgetRule.score(d("10"), d("-3")).status());
    }

    @Test
    void seedLedgerFiguresGiveTheSeedRate() {
        BigDecimal rate = BudgetRule.percent(d("140463700.00"), d("144458200.00"));
        assertEquals(d("97.23"), rate);
        assertEquals(d("9.72"), BudgetRule.score(d("10"), rate).score());
        assertEquals(d("5.27"), BudgetRule.percent(d("8038300.00"), d("152496500.00")), "|adjustment| ÷ initial");
    }

    @Test
    void ratesAreUndefinedWithoutAPositiveBase() {
        assertNull(BudgetRule.percent(d("100"), d("0")));
        assertNull(BudgetRule.percent(d("100"), d("-5")));
        assertNull(BudgetRule.percent(d("100"), null));
        assertNull(BudgetRule.percent(null, d("100")));
    }

    @Test
    void ratesRoundHalfUpOnceToTwoDecimals() {
        assertEquals(d("0.13"), BudgetRule.percent(d("1.00"), d("800.00")), "0.125: half-up, not half-even");
        assertEquals(d("-0.13"), BudgetRule.percent(d("-1.00"), d("800.00")), "refunds above payments: away from zero");
        // 0.1249999999 %: a first rounding to a few decimals (0.125) and a second to two would give 0.13.
        assertEquals(d("0.12"), BudgetRule.percent(d("1249999999"), d("1000000000000")));
        assertEquals(d("100.00"), BudgetRule.percent(d("7"), d("7")));
    }

    // ---- §7 rounding, grades (ranks and percentiles: UnitScorecardTest, where Spark computes them)

    /** Indicator scores are rounded where every rule's outcome is made. */
    @Test
    void roundingIsHalfUpAsWritten() {
        assertEquals(d("2.35"), new RuleOutcome(d("2.345"), ScoreStatus.OK, null, null, null).score());
        assertEquals(d("0.13"), new RuleOutcome(d("0.125"), ScoreStatus.OK, null, null, null).score());
        assertEquals(d("-0.13"), new RuleOutcome(d("-0.125"), ScoreStatus.OK, null, null, null).score());
    }

    @Test
    void totalsAreSumsOfRoundedScores() {
        assertEquals(d("0.26"), Grading.sumOfRounded(ds("0.125", "0.125")));
    }

    @ParameterizedTest
    @CsvSource({"100, 优", "90, 优", "90.00, 优", "89.99, 良", "80, 良", "79.99, 中", "60, 中", "59.99, 差", "0, 差"})
    void gradeBoundaries(String total, String grade) {
        assertEquals(grade, Grading.grade(d(total)));
    }

    @Test
    void noTotalNoGrade() {
        assertNull(Grading.grade(null));
    }

    // ---- §8 self-report audit

    @ParameterizedTest(name = "{0} vs {1} {2} -> {3}")
    @CsvSource({
        "12,            12,      COUNT,   ok,       0",
        "=12.00(个),    11.9,    COUNT,   ok,       0.1",
        "=12.00(个),    11,      COUNT,   mismatch, 1",
        "70公里,        70000,   M,       ok,       0",
        "43万平方米,     430000,  M2,      ok,       0",
        "97.23%,        97.23,   PERCENT, ok,       0",
        "101,           100,     COUNT,   ok,       1",       // exactly 1%: not above it
        "101.01,        100,     COUNT,   mismatch, 1.01",
        "'14,481株',    14000,   COUNT,   mismatch, 481",
        "0,             0,       COUNT,   ok,       0",
        "1,             0,       COUNT,   mismatch, 1"
    })
    void quantitativeAudit(String reported, String computed, MeasureUnit unit, String flag, String difference) {
        AuditResult r = SelfReportAudit.quantitative(reported, d(computed), unit);
        assertEquals(flag, r.flagCode());
        assertEquals(0, d(difference).compareTo(r.difference()), () -> "difference " + r.difference());
        assertEquals(0, d(computed).compareTo(r.computedValue()));
    }

    @Test
    void reportedValueIsGivenInTheMetricUnit() {
        AuditResult r = SelfReportAudit.quantitative("357.00(公里)", d("350000"), MeasureUnit.M);
        assertEquals(0, d("357000").compareTo(r.reportedValue()));
        assertEquals(AuditFlag.MISMATCH, r.flag());
        assertTrue(r.note().contains("computed 350000.00"), r.note());
    }

    @Test
    void noComputedValueIsUnverifiable() {
        AuditResult r = SelfReportAudit.quantitative("12", null, MeasureUnit.COUNT);
        assertEquals(AuditFlag.UNVERIFIABLE, r.flag());
        assertEquals(0, d("12").compareTo(r.reportedValue()));
        assertNull(r.difference());
    }

    @Test
    void unreadableOrIncomparableReportsAreUnverifiable() {
        AuditResult garbage = SelfReportAudit.quantitative("abc", d("12"), MeasureUnit.COUNT);
        assertEquals(AuditFlag.UNVERIFIABLE, garbage.flag());
        assertTrue(garbage.note().contains("not readable"));
        AuditResult wrongUnit = SelfReportAudit.quantitative("12公里", d("12"), MeasureUnit.COUNT);
        assertEquals(AuditFlag.UNVERIFIABLE, wrongUnit.flag());
        assertTrue(wrongUnit.note().contains("公里") && wrongUnit.note().contains("count"), wrongUnit.note());
        assertEquals(AuditFlag.UNVERIFIABLE, SelfReportAudit.quantitative("完成", d("12"), MeasureUnit.COUNT).flag());
    }

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(nullValues = "null", value = {
        "及时, ACHIEVED, ok", "提升, ACHIEVED, ok", "到位, ACHIEVED, ok", "规范, ACHIEVED, ok",
        "建立健全, ACHIEVED, ok", "基本到位, PARTIAL, ok", "未完成, NOT_ACHIEVED, ok",
        "及时, PARTIAL, mismatch", "提升, NOT_ACHIEVED, mismatch", "基本到位, ACHIEVED, mismatch",
        "及时, null, unverifiable", "abc, ACHIEVED, unverifiable", "95%, ACHIEVED, unverifiable"
    })
    void qualitativeAudit(String reported, Grade computed, String flag) {
        assertEquals(flag, SelfReportAudit.qualitative(reported, computed).flagCode());
    }

    @Test
    void qualitativeMismatchNamesBothGrades() {
        AuditResult r = SelfReportAudit.qualitative("及时", Grade.PARTIAL);
        assertEquals(Grade.ACHIEVED, r.reportedGrade());
        assertEquals("reported achieved (及时), computed partial", r.note());
    }

    // ---- executors receive these by Java serialisation

    @Test
    void rulesAndOutcomesSurviveSerialisation() throws Exception {
        Object[] values = {
            new QuantitativeRule(true), QualitativeRule.DEFAULT, TargetParser.parse("=12.00(个)"),
            BudgetRule.score(d("10"), d("97.23")), SelfReportAudit.qualitative("及时", Grade.ACHIEVED)
        };
        for (Object v : values) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(v);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                assertEquals(v, in.readObject());
            }
        }
    }
}
