package cn.minhang.citymgmt.evaluation;

import cn.minhang.citymgmt.report.FixtureWarehouse;
import cn.minhang.citymgmt.scoring.BudgetLineAudit;
import cn.minhang.citymgmt.support.SparkTestSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 浦锦街道's printed budget lines of 2023 (../shared/docs/seed-report-pujin-2023.txt, 一(五)) against
 * its ledger (FixtureWarehouse's budget_execution: the sample ledger's figures) and their own arithmetic.
 */
public class BudgetLineAuditTest extends SparkTestSession {
    /** As printed: initial 15,249.65; adjusted 14,445.82 (basic 333.71, project 14,112.11); executed 14,046.37 (basic 333.77, project 13,714.60). */
    public static Map<String, String> pujinPrinted() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("budget.initial.total", "15,249.65");
        p.put("budget.adjusted.total", "14,445.82");
        p.put("budget.executed.total", "14,046.37");
        p.put("budget.rate.total", "97.23%");
        p.put("budget.adjusted.basic", "333.71");
        p.put("budget.executed.basic", "333.77");
        p.put("budget.rate.basic", "99.42%");
        p.put("budget.adjusted.project", "14,112.11");
        p.put("budget.executed.project", "13,714.60");
        p.put("budget.rate.project", "97.18%");
        return p;
    }

    /** FixtureWarehouse's budget_execution of MH-PJ, in yuan. */
    static Map<String, BigDecimal> pujinLedger() {
        Map<String, BigDecimal> l = new LinkedHashMap<>();
        l.put("initial.basic", new BigDecimal("3400000.00"));
        l.put("adjusted.basic", new BigDecimal("3337100.00"));
        l.put("executed.basic", new BigDecimal("3317700.00"));
        l.put("initial.project", new BigDecimal("149096500.00"));
        l.put("adjusted.project", new BigDecimal("141121100.00"));
        l.put("executed.project", new BigDecimal("137146000.00"));
        l.put("initial.total", new BigDecimal("152496500.00"));
        l.put("adjusted.total", new BigDecimal("144458200.00"));
        l.put("executed.total", new BigDecimal("140463700.00"));
        return l;
    }

    @Test
    void pujinsPrintedLinesAreFlaggedForTheirArithmeticAndAgainstTheLedger() {
        List<BudgetLineAudit.Finding> findings = BudgetLineAudit.audit(pujinPrinted(), pujinLedger());
        List<String> flagged = findings.stream().map(f -> f.ruleId() + " " + f.lineId()).toList();
        // parts adding to 14,048.37 beside a printed total of 14,046.37
        assertThat(flagged).contains(BudgetLineAudit.SUM + " budget.executed.total");
        BudgetLineAudit.Finding sum = findings.stream().filter(f -> f.ruleId().equals(BudgetLineAudit.SUM)).findFirst().orElseThrow();
        assertThat(sum.expected()).isEqualByComparingTo("14048.37");
        assertThat(sum.printed()).isEqualByComparingTo("14046.37");
        // 333.77 on 333.71 is 100.02 %, printed 99.42 %
        BudgetLineAudit.Finding rate = findings.stream().filter(f -> f.ruleId().equals(BudgetLineAudit.RATE)).findFirst().orElseThrow();
        assertThat(rate.lineId()).isEqualTo("budget.rate.basic");
        assertThat(rate.expected()).isEqualByComparingTo("100.02");
        // and the ledger executed 331.77 on the basic account: the printed 333.77 is a typo of it
        assertThat(flagged).contains(BudgetLineAudit.LEDGER + " budget.executed.basic");
        // nothing else: the other lines are consistent and agree with the ledger
        assertThat(flagged).containsExactlyInAnyOrder(BudgetLineAudit.SUM + " budget.executed.total",
                BudgetLineAudit.RATE + " budget.rate.basic", BudgetLineAudit.LEDGER + " budget.executed.basic");
    }

    @Test
    void consistentLinesPassAndUnreadableOnesAreNamed() {
        Map<String, String> fixed = new LinkedHashMap<>(pujinPrinted());
        fixed.put("budget.executed.basic", "331.77");
        fixed.put("budget.rate.basic", "99.42%");
        assertThat(BudgetLineAudit.audit(fixed, pujinLedger())).isEmpty();
        fixed.put("budget.initial.total", "约一万五千");
        assertThat(BudgetLineAudit.audit(fixed, pujinLedger())).extracting(BudgetLineAudit.Finding::ruleId).containsExactly(BudgetLineAudit.READ);
        assertThat(BudgetLineAudit.lineIds()).hasSize(12).contains("budget.rate.total", "budget.initial.basic");
    }

    /** The print is held to budget_execution's rate rule, which leaves a rate on a budget not above 0 undefined. */
    @Test
    void printedRatesFollowTheLedgersRateRule() {
        Map<String, String> printed = Map.of("budget.adjusted.basic", "-5.00", "budget.executed.basic", "1.00", "budget.rate.basic", "-20.00%");
        assertThat(BudgetLineAudit.audit(printed, Map.of())).isEmpty();
        Map<String, String> halfUp = Map.of("budget.adjusted.basic", "800.00", "budget.executed.basic", "1.00", "budget.rate.basic", "0.12%");
        assertThat(BudgetLineAudit.audit(halfUp, Map.of())).extracting(BudgetLineAudit.Finding::expected)
                .containsExactly(new BigDecimal("0.13"));
    }

    @Test
    void theTableFlagsEachFailureOfEachUnitWithItsRule() {
        StructType reports = StructType.fromDDL("unit_id string, indicator_id string, reported string");
        List<Row> rows = new ArrayList<>();
        pujinPrinted().forEach((id, text) -> rows.add(RowFactory.create(FixtureWarehouse.PJ, id, text)));
        rows.add(RowFactory.create(FixtureWarehouse.PJ, "output.parks", "12")); // an indicator, not a line
        rows.add(RowFactory.create(FixtureWarehouse.XZ, "budget.executed.total", "5,304.00")); // agrees with its ledger
        Dataset<Row> selfReports = spark().createDataFrame(rows, reports);
        StructType ledgerSchema = StructType.fromDDL("unit_id string, account string, initial_yuan decimal(18,2), adjusted_yuan decimal(18,2), "
                + "executed_yuan decimal(18,2)");
        List<Row> ledger = new ArrayList<>();
        for (String account : List.of("basic", "project", "total")) {
            Map<String, BigDecimal> l = pujinLedger();
            ledger.add(RowFactory.create(FixtureWarehouse.PJ, account, l.get("initial." + account), l.get("adjusted." + account), l.get("executed." + account)));
        }
        ledger.add(RowFactory.create(FixtureWarehouse.XZ, "total", new BigDecimal("50000000.00"), new BigDecimal("52000000.00"), new BigDecimal("53040000.00")));
        List<Row> out = BudgetLineAudits.compute(selfReports, spark().createDataFrame(ledger, ledgerSchema), 2023).collectAsList();
        assertThat(out).extracting(r -> r.getString(1) + " " + r.getString(2) + " " + r.getString(3)).containsExactlyInAnyOrder(
                "MH-PJ BL-SUM budget.executed.total", "MH-PJ BL-RATE budget.rate.basic", "MH-PJ BL-LEDGER budget.executed.basic");
        assertThat(out).allSatisfy(r -> {
            assertThat(r.getInt(0)).isEqualTo(2023);
            assertThat(r.getString(6)).isNotBlank();
        });
    }
}
