package cn.minhang.citymgmt.checks;

import cn.minhang.citymgmt.support.SparkTestSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The budget and score reconciliations on a few inline rows, each built so that one number does not
 * add up: the check must name that number, and only that one, as a mismatch.
 */
class ReconciliationTest extends SparkTestSession {
    private static final String EXECUTION = "unit_id STRING, account STRING, initial_yuan DECIMAL(18,2), adjustment_yuan DECIMAL(18,2), "
            + "adjusted_yuan DECIMAL(18,2), executed_yuan DECIMAL(18,2), entry_count BIGINT";
    private static final String LEDGER = "unit_id STRING, entry_type STRING, amount_yuan DECIMAL(18,2)";

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    private static Row account(String unit, String account, String initial, String adjustment, String executed, long entries) {
        return row(unit, account, d(initial), d(adjustment), d(initial).add(d(adjustment)), d(executed), entries);
    }

    private static Map<String, ReconciliationCheck> byName(Reconciliation r, String unit) {
        return r.checks().stream().filter(c -> java.util.Objects.equals(unit, c.unitId()))
                .collect(Collectors.toMap(ReconciliationCheck::checkName, c -> c));
    }

    /**
     * A adds up. B's total executed is 10 short of its parts (a lost payment row). C had its whole
     * budget adjusted away although it has entries.
     */
    private static Reconciliation budget() {
        Dataset<Row> execution = dataFrame(EXECUTION,
                account("A", "basic", "100.00", "-10.00", "50.00", 3),
                account("A", "project", "200.00", "0.00", "150.00", 2),
                account("A", "total", "300.00", "-10.00", "200.00", 5),
                account("B", "basic", "40.00", "0.00", "30.00", 2),
                account("B", "project", "0.00", "0.00", "10.00", 1),
                account("B", "total", "40.00", "0.00", "30.00", 3),
                account("C", "basic", "5.00", "-5.00", "0.00", 2),
                account("C", "project", "0.00", "0.00", "0.00", 0),
                account("C", "total", "5.00", "-5.00", "0.00", 2));
        // The accepted ledger behind it: B's project payment of 10 is in the ledger, not in B's total.
        Dataset<Row> ledger = dataFrame(LEDGER,
                row("A", "initial", d("100.00")), row("A", "initial", d("200.00")), row("A", "adjustment", d("-10.00")),
                row("A", "payment", d("60.00")), row("A", "refund", d("10.00")), row("A", "payment", d("150.00")),
                row("B", "initial", d("40.00")), row("B", "payment", d("30.00")), row("B", "payment", d("10.00")),
                row("C", "initial", d("5.00")), row("C", "adjustment", d("-5.00")));
        Reconciliation r = new Reconciliation();
        r.budget(execution, ledger);
        return r;
    }

    @Test
    void partsThatAddUpToTheTotalHold() {
        Map<String, ReconciliationCheck> a = byName(budget(), "A");
        for (String amount : List.of("initial", "adjustment", "adjusted", "executed")) {
            assertTrue(a.get("budget_basic_plus_project_" + amount).holds(), amount);
        }
        assertFalse(a.containsKey("budget_adjusted_positive"), "A's adjusted budget is above 0");
        assertEquals("basic 50.00 + project 150.00 = total 200.00", a.get("budget_basic_plus_project_executed").detail());
    }

    @Test
    void aTotalShortOfItsPartsIsAMismatch() {
        Map<String, ReconciliationCheck> b = byName(budget(), "B");
        ReconciliationCheck executed = b.get("budget_basic_plus_project_executed");
        assertEquals(ReconciliationCheck.MISMATCH, executed.status());
        assertEquals(d("30.00"), executed.expected(), "the total as the table holds it");
        assertEquals(d("40.00"), executed.actual(), "basic + project");
        assertTrue(b.get("budget_basic_plus_project_initial").holds());
    }

    @Test
    void entriesWithoutAPositiveAdjustedBudgetAreAMismatch() {
        ReconciliationCheck c = byName(budget(), "C").get("budget_adjusted_positive");
        assertEquals(ReconciliationCheck.MISMATCH, c.status());
        assertNull(c.expected(), "there is no figure it should have been, only one it must not be");
        assertEquals(d("0.00"), c.actual());
    }

    @Test
    void theLedgerIsReconciledWithTheSumOfTheUnitTotals() {
        Map<String, ReconciliationCheck> district = byName(budget(), null);
        assertTrue(district.get("budget_ledger_equals_execution_initial").holds(), "345 both ways");
        assertTrue(district.get("budget_ledger_equals_execution_adjustment").holds(), "−15 both ways");
        ReconciliationCheck executed = district.get("budget_ledger_equals_execution_executed");
        assertEquals(d("240.00"), executed.expected(), "payments 250 − refunds 10 in the ledger");
        assertEquals(d("230.00"), executed.actual(), "200 + 30 + 0 in the unit totals: B's lost 10");
        assertFalse(executed.holds());
    }

    @Test
    void eachTotalIsReconciledWithItsIndicatorScores() {
        Dataset<Row> scores = dataFrame("unit_id STRING, score DECIMAL(5,2)",
                row("A", d("9.72")), row("A", d("5.00")), row("B", d("3.00")), row("B", d("4.00")));
        Dataset<Row> scorecard = dataFrame("unit_id STRING, total_score DECIMAL(5,2)",
                row("A", d("14.72")), row("B", d("6.00")), row("LOST", d("1.00")));
        Reconciliation r = new Reconciliation();
        r.scores(scores, scorecard);
        assertTrue(byName(r, "A").get("scorecard_total_equals_indicator_scores").holds());
        ReconciliationCheck b = byName(r, "B").get("scorecard_total_equals_indicator_scores");
        assertEquals(d("7.00"), b.expected());
        assertEquals(d("6.00"), b.actual());
        assertEquals("total 6.00 against the sum of 2 indicator scores", b.detail());
        ReconciliationCheck lost = byName(r, "LOST").get("scorecard_total_equals_indicator_scores");
        assertNull(lost.expected(), "a scorecard row without indicator scores");
        assertEquals(ReconciliationCheck.MISMATCH, lost.status());
    }

    @Test
    void theTableHoldsEveryCheckWithTwoDecimals() {
        Reconciliation r = new Reconciliation();
        r.add(new ReconciliationCheck("example", "budget_ledger", "A", d("1.005"), d("1"), "why"));
        Row row = r.toDataFrame(spark(), 2023).first();
        assertEquals(2023, row.<Integer>getAs("fiscal_year"));
        assertEquals(d("1.01"), row.getAs("expected"), "half-up");
        assertEquals(d("1.00"), row.getAs("actual"));
        assertEquals(ReconciliationCheck.MISMATCH, row.getAs("status"), "compared before the scaling to 2 decimals");
        assertEquals(1, r.mismatches().size());
    }
}
