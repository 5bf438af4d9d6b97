package cn.minhang.citymgmt.budget;

import cn.minhang.citymgmt.support.SparkTestSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * budget_execution and budget_execution_monthly (§5) on a few inline ledger entries. PJ's figures
 * are 浦锦街道's 2023 seed figures (adjusted 14,445.82 万元, executed 14,046.37, initial 15,249.65,
 * adjustments −803.83), so its total must show the seed's 97.23 % and 5.27 %.
 */
class BudgetExecutionTest extends SparkTestSession {
    private static final String LEDGER = "unit_id STRING, entry_date DATE, account STRING, entry_type STRING, amount_yuan DECIMAL(18,2)";
    private static final Row[] ENTRIES = {
            // PJ basic: adjusted 3,337,100, executed 3,337,700 (the seed's 100.02 %, over-executed).
            entry("PJ", "2023-01-01", "basic", "initial", "4000000.00"),
            entry("PJ", "2023-06-30", "basic", "adjustment", "-662900.00"),
            entry("PJ", "2023-03-15", "basic", "payment", "3400000.00"),
            entry("PJ", "2023-04-02", "basic", "refund", "62300.00"),
            // PJ project: adjusted 141,121,100, executed 137,126,000.
            entry("PJ", "2023-01-01", "project", "initial", "148496500.00"),
            entry("PJ", "2023-06-30", "project", "adjustment", "-7375400.00"),
            entry("PJ", "2023-03-15", "project", "payment", "60000000.00"),
            entry("PJ", "2023-12-20", "project", "payment", "77126000.00"),
            // HALF: 1 of 800 is exactly 0.125 %, where half-up and half-even part.
            entry("HALF", "2023-01-01", "basic", "initial", "800.00"),
            entry("HALF", "2023-02-10", "basic", "payment", "1.00"),
            // CUT: the whole basic budget adjusted away, yet a payment: no rate, a data error.
            entry("CUT", "2023-01-01", "basic", "initial", "100.00"),
            entry("CUT", "2023-05-01", "basic", "adjustment", "-100.00"),
            entry("CUT", "2023-05-02", "basic", "payment", "10.00")};

    private static Dataset<Row> execution;
    private static Map<String, Row> perAccount;

    private static Row entry(String unit, String date, String account, String type, String amount) {
        return row(unit, Date.valueOf(date), account, type, d(amount));
    }

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    private static Dataset<Row> ledger() {
        return dataFrame(LEDGER, ENTRIES);
    }

    /** NONE has no ledger entry at all, and must still get its three accounts. */
    private static Dataset<Row> units() {
        return dataFrame("unit_id STRING", row("PJ"), row("HALF"), row("CUT"), row("NONE"));
    }

    private static Map<String, Row> byKey(Dataset<Row> rows, String... key) {
        Map<String, Row> out = new HashMap<>();
        for (Row r : rows.collectAsList()) {
            StringBuilder k = new StringBuilder();
            for (String c : key) {
                k.append(k.length() == 0 ? "" : "/").append((Object) r.getAs(c));
            }
            out.put(k.toString(), r);
        }
        return out;
    }

    @BeforeAll
    static void computeOnce() {
        execution = BudgetExecution.perAccount(ledger(), units(), 2023).cache();
        perAccount = byKey(execution, "unit_id", "account");
    }

    @Test
    void everyUnitGetsItsThreeAccounts() {
        assertEquals(12, perAccount.size());
        for (String unit : List.of("PJ", "HALF", "CUT", "NONE")) {
            for (String account : BudgetExecution.ACCOUNTS) {
                assertEquals(2023, perAccount.get(unit + "/" + account).<Integer>getAs("fiscal_year"), unit + "/" + account);
            }
        }
    }

    @Test
    void seedFiguresGiveTheSeedRates() {
        Row total = perAccount.get("PJ/total");
        assertEquals(d("152496500.00"), total.getAs("initial_yuan"));
        assertEquals(d("-8038300.00"), total.getAs("adjustment_yuan"));
        assertEquals(d("144458200.00"), total.getAs("adjusted_yuan"));
        assertEquals(d("140463700.00"), total.getAs("executed_yuan"), "payments − refunds");
        assertEquals(d("97.23"), total.getAs("execution_rate"));
        assertEquals(d("5.27"), total.getAs("adjustment_rate"), "|adjustment| ÷ initial: a cut is a rate above 0");
        assertEquals(8L, total.<Long>getAs("entry_count"));
        assertEquals("ok", total.getAs("status"));

        Row project = perAccount.get("PJ/project");
        assertEquals(d("141121100.00"), project.getAs("adjusted_yuan"));
        assertEquals(d("97.17"), project.getAs("execution_rate"), "97.169…: rounded, not truncated to 97.16");
        assertEquals(d("4.97"), project.getAs("adjustment_rate"));
    }

    @Test
    void executionAboveTheAdjustedBudgetIsFlagged() {
        Row basic = perAccount.get("PJ/basic");
        assertEquals(d("3337700.00"), basic.getAs("executed_yuan"));
        assertEquals(d("100.02"), basic.getAs("execution_rate"));
        assertEquals("over_executed", basic.getAs("status"));
    }

    @Test
    void ratesRoundHalfUpAtTheThirdDecimal() {
        Row basic = perAccount.get("HALF/basic");
        assertEquals(d("0.13"), basic.getAs("execution_rate"), "0.125 half-up; half-even would give 0.12");
        assertEquals(d("0.00"), basic.getAs("adjustment_rate"), "no adjustment on a positive initial budget");
        assertEquals(d("0.13"), perAccount.get("HALF/total").getAs("execution_rate"));
    }

    @Test
    void noPositiveAdjustedBudgetLeavesTheRateUndefined() {
        Row basic = perAccount.get("CUT/basic");
        assertEquals(d("0.00"), basic.getAs("adjusted_yuan"));
        assertEquals(d("10.00"), basic.getAs("executed_yuan"));
        assertNull(basic.getAs("execution_rate"), "not 0 and not ∞");
        assertEquals(d("100.00"), basic.getAs("adjustment_rate"));
        assertEquals("data_error", basic.getAs("status"));
    }

    @Test
    void anAccountWithoutEntriesHasNoDataRatherThanAnError() {
        for (String key : List.of("NONE/basic", "NONE/project", "NONE/total", "HALF/project", "CUT/project")) {
            Row r = perAccount.get(key);
            assertEquals(0L, r.<Long>getAs("entry_count"), key);
            assertEquals(d("0.00"), r.getAs("adjusted_yuan"), key);
            assertEquals(d("0.00"), r.getAs("executed_yuan"), key);
            assertNull(r.getAs("execution_rate"), key);
            assertNull(r.getAs("adjustment_rate"), key);
            assertEquals("no_data", r.getAs("status"), key + ": no entries is checked before the adjusted budget");
        }
    }

    @Test
    void ratesAreDecimalsWithTwoPlaces() {
        assertEquals("decimal(9,2)", execution.schema().apply("execution_rate").dataType().simpleString());
        assertEquals("decimal(9,2)", execution.schema().apply("adjustment_rate").dataType().simpleString());
        assertEquals("decimal(18,2)", execution.schema().apply("executed_yuan").dataType().simpleString());
    }

    @Test
    void monthlyExecutionIsCumulativeOverEveryMonth() {
        Dataset<Row> monthly = BudgetExecution.monthly(ledger(), execution, 2023);
        Map<String, Row> m = byKey(monthly, "unit_id", "account", "month");
        assertEquals(4 * 3 * 12, m.size(), "every unit × account × month, spending or not");

        // January holds only initial entries: budget, not spending.
        assertEquals(d("0.00"), m.get("PJ/total/1").getAs("executed_in_month_yuan"));
        assertEquals(d("0.00"), m.get("PJ/total/1").getAs("executed_cumulative_yuan"));
        assertEquals(d("0.00"), m.get("PJ/total/1").getAs("progress_rate"));
        assertEquals(d("63400000.00"), m.get("PJ/total/3").getAs("executed_in_month_yuan"), "basic and project payments of March");
        assertEquals(d("43.89"), m.get("PJ/total/3").getAs("progress_rate"));
        assertEquals(d("-62300.00"), m.get("PJ/basic/4").getAs("executed_in_month_yuan"), "a refund is negative spending");
        assertEquals(d("63337700.00"), m.get("PJ/total/4").getAs("executed_cumulative_yuan"));
        assertEquals(d("43.85"), m.get("PJ/total/4").getAs("progress_rate"));
        // Months without spending carry the cumulative figure on.
        assertEquals(d("63337700.00"), m.get("PJ/total/11").getAs("executed_cumulative_yuan"));
        Row december = m.get("PJ/total/12");
        assertEquals(d("140463700.00"), december.getAs("executed_cumulative_yuan"));
        assertEquals(perAccount.get("PJ/total").<BigDecimal>getAs("execution_rate"), december.getAs("progress_rate"),
                "December's progress is the year's execution rate");

        assertEquals(d("0.13"), m.get("HALF/basic/2").getAs("progress_rate"), "the same half-up rate rule as budget_execution");
        assertNull(m.get("CUT/basic/5").getAs("progress_rate"), "no progress on an adjusted budget of 0");
        assertThat(monthly.where(col("unit_id").equalTo("NONE")).collectAsList())
                .hasSize(36)
                .allSatisfy(r -> {
                    assertEquals(d("0.00"), r.getAs("executed_cumulative_yuan"));
                    assertNull(r.getAs("progress_rate"));
                });
    }
}
