package cn.minhang.citymgmt.checks;

import cn.minhang.citymgmt.budget.BudgetExecution;
import cn.minhang.citymgmt.ingest.IngestedSource;
import cn.minhang.citymgmt.ingest.Outcome;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

/**
 * Collects the numbers that must reconcile — rows read against what became of them, the budget's
 * parts against its totals, the ledger against the execution table — so that a mismatch is a row
 * an analyst can see rather than a figure nobody checked.
 */
public final class Reconciliation {
    public static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("fiscal_year", DataTypes.IntegerType, false),
            DataTypes.createStructField("check_name", DataTypes.StringType, false),
            DataTypes.createStructField("source", DataTypes.StringType, true),
            DataTypes.createStructField("unit_id", DataTypes.StringType, true),
            DataTypes.createStructField("expected", DataTypes.createDecimalType(20, 2), true),
            DataTypes.createStructField("actual", DataTypes.createDecimalType(20, 2), true),
            DataTypes.createStructField("status", DataTypes.StringType, false),
            DataTypes.createStructField("detail", DataTypes.StringType, true)));

    private static final List<String> AMOUNTS = List.of("initial_yuan", "adjustment_yuan", "adjusted_yuan", "executed_yuan");

    private final List<ReconciliationCheck> checks = new ArrayList<>();

    public List<ReconciliationCheck> checks() {
        return List.copyOf(checks);
    }

    public List<ReconciliationCheck> mismatches() {
        return checks.stream().filter(c -> !c.holds()).toList();
    }

    public void add(ReconciliationCheck check) {
        checks.add(check);
    }

    /** rows read = accepted + quarantined + exact duplicates + rows of other years. */
    public void rowsRead(IngestedSource s) {
        long accepted = s.count(Outcome.ACCEPTED);
        long quarantined = s.count(Outcome.QUARANTINED);
        long duplicates = s.count(Outcome.EXACT_DUPLICATE);
        long others = s.count(Outcome.OTHER_YEAR);
        add(new ReconciliationCheck("rows_read_accounted_for", s.source().name(), null,
                BigDecimal.valueOf(s.rowsRead()), BigDecimal.valueOf(accepted + quarantined + duplicates + others),
                String.format(java.util.Locale.ROOT,
                        "read %d = accepted %d + quarantined %d + exact duplicates %d + other years %d (from %d files)",
                        s.rowsRead(), accepted, quarantined, duplicates, others, s.files().size())));
    }

    /**
     * For each unit: basic + project = total for every amount, and an adjusted budget above 0
     * wherever there are entries. Then the whole ledger against the sum of the unit totals.
     * {@code execution} is the small per-account table (units × 3 rows).
     */
    public void budget(Dataset<Row> execution, Dataset<Row> ledger) {
        Map<String, Map<String, Row>> byUnit = new HashMap<>();
        for (Row r : execution.collectAsList()) {
            byUnit.computeIfAbsent(r.getAs("unit_id"), u -> new HashMap<>()).put(r.getAs("account"), r);
        }
        byUnit.keySet().stream().sorted().forEach(unit -> {
            Map<String, Row> accounts = byUnit.get(unit);
            for (String amount : AMOUNTS) {
                BigDecimal basic = accounts.get(BudgetExecution.BASIC).getAs(amount);
                BigDecimal project = accounts.get(BudgetExecution.PROJECT).getAs(amount);
                BigDecimal total = accounts.get(BudgetExecution.TOTAL).getAs(amount);
                add(new ReconciliationCheck("budget_basic_plus_project_" + amount.replace("_yuan", ""), "budget_ledger", unit,
                        total, basic.add(project), "basic " + basic.toPlainString() + " + project " + project.toPlainString()
                        + " = total " + total.toPlainString()));
            }
            Row total = accounts.get(BudgetExecution.TOTAL);
            long entries = total.getAs("entry_count");
            BigDecimal adjusted = total.getAs("adjusted_yuan");
            if (entries > 0 && adjusted.signum() <= 0) {
                add(new ReconciliationCheck("budget_adjusted_positive", "budget_ledger", unit, null, adjusted,
                        "adjusted budget " + adjusted.toPlainString() + " ≤ 0: execution rate undefined (data error)"));
            }
        });

        Row ledgerSums = ledger.agg(
                sum(org.apache.spark.sql.functions.when(col("entry_type").equalTo("initial"), col("amount_yuan"))),
                sum(org.apache.spark.sql.functions.when(col("entry_type").equalTo("adjustment"), col("amount_yuan"))),
                sum(org.apache.spark.sql.functions.when(col("entry_type").equalTo("payment"), col("amount_yuan"))
                        .when(col("entry_type").equalTo("refund"), org.apache.spark.sql.functions.negate(col("amount_yuan"))))).first();
        String[] names = {"initial_yuan", "adjustment_yuan", "executed_yuan"};
        for (int i = 0; i < names.length; i++) {
            BigDecimal fromLedger = ledgerSums.isNullAt(i) ? BigDecimal.ZERO : ledgerSums.getDecimal(i);
            String name = names[i];
            BigDecimal fromTable = byUnit.values().stream().map(a -> (BigDecimal) a.get(BudgetExecution.TOTAL).getAs(name))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            add(new ReconciliationCheck("budget_ledger_equals_execution_" + name.replace("_yuan", ""), "budget_ledger", null,
                    fromLedger, fromTable, "accepted ledger entries against the sum of the units' totals (units not in the units table would make this differ)"));
        }
    }

    /**
     * Each unit's total equals the sum of its indicator scores, and each unit has one score row per
     * indicator (the scorecard is built from the same scores, so a gap means rows were lost).
     */
    public void scores(Dataset<Row> scores, Dataset<Row> scorecard) {
        Map<String, Row> sums = new HashMap<>();
        for (Row r : scores.groupBy("unit_id").agg(sum(col("score")).as("sum"), org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)).as("n"))
                .collectAsList()) {
            sums.put(r.getAs("unit_id"), r);
        }
        for (Row card : scorecard.select("unit_id", "total_score").collectAsList()) {
            String unit = card.getAs("unit_id");
            Row sum = sums.get(unit);
            BigDecimal total = card.getAs("total_score");
            add(new ReconciliationCheck("scorecard_total_equals_indicator_scores", "indicator_scores", unit,
                    sum == null ? null : (BigDecimal) sum.getAs("sum"), total,
                    "total " + total.toPlainString() + " against the sum of " + (sum == null ? 0 : sum.<Long>getAs("n")) + " indicator scores"));
        }
    }

    public Dataset<Row> toDataFrame(SparkSession spark, int fiscalYear) {
        List<Row> rows = checks.stream().map(c -> RowFactory.create(fiscalYear, c.checkName(), c.source(), c.unitId(),
                scale(c.expected()), scale(c.actual()), c.status(), c.detail())).toList();
        return spark.createDataFrame(rows, SCHEMA);
    }

    private static BigDecimal scale(BigDecimal b) {
        return b == null ? null : b.setScale(2, java.math.RoundingMode.HALF_UP);
    }
}
