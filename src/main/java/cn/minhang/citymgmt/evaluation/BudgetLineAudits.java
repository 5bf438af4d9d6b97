package cn.minhang.citymgmt.evaluation;

import cn.minhang.citymgmt.scoring.BudgetLineAudit;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_entries;
import static org.apache.spark.sql.functions.struct;

/**
 * budget_line_audit: the budget lines units printed in their self-reports ({@link BudgetLineAudit}),
 * one row per failure with its rule id, computed per unit on the executors from the unit's printed
 * lines and its budget_execution rows.
 */
public final class BudgetLineAudits {
    public static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("fiscal_year", DataTypes.IntegerType, false),
            DataTypes.createStructField("unit_id", DataTypes.StringType, false),
            DataTypes.createStructField("rule_id", DataTypes.StringType, false),
            DataTypes.createStructField("line_id", DataTypes.StringType, false),
            DataTypes.createStructField("printed", DataTypes.createDecimalType(24, 6), true),
            DataTypes.createStructField("expected", DataTypes.createDecimalType(24, 6), true),
            DataTypes.createStructField("note", DataTypes.StringType, true)));

    private BudgetLineAudits() {
    }

    /** @param selfReports accepted self_reports of the year; @param execution budget_execution of the year */
    public static Dataset<Row> compute(Dataset<Row> selfReports, Dataset<Row> execution, int fiscalYear) {
        Dataset<Row> printed = selfReports.where(col("indicator_id").isin(BudgetLineAudit.lineIds().toArray()))
                .groupBy(col("unit_id"))
                .agg(map_from_entries(collect_list(struct(col("indicator_id"), col("reported")))).as("printed"));
        Dataset<Row> ledger = execution.select(col("unit_id").as("l_unit"), explode(array(
                        struct(concat(lit("initial."), col("account")).as("k"), col("initial_yuan").cast("decimal(18,2)").as("v")),
                        struct(concat(lit("adjusted."), col("account")).as("k"), col("adjusted_yuan").cast("decimal(18,2)").as("v")),
                        struct(concat(lit("executed."), col("account")).as("k"), col("executed_yuan").cast("decimal(18,2)").as("v")))).as("e"))
                .groupBy(col("l_unit")).agg(map_from_entries(collect_list(col("e"))).as("ledger"));
        Dataset<Row> joined = printed.join(ledger, col("unit_id").equalTo(col("l_unit")), "left").select("unit_id", "printed", "ledger");
        FlatMapFunction<Row, Row> audit = r -> {
            Map<String, String> lines = new TreeMap<>(r.getJavaMap(1));
            Map<String, BigDecimal> amounts = r.isNullAt(2) ? Map.of() : new TreeMap<>(r.getJavaMap(2));
            List<Row> out = new ArrayList<>();
            for (BudgetLineAudit.Finding f : BudgetLineAudit.audit(lines, amounts)) {
                out.add(RowFactory.create(fiscalYear, r.getString(0), f.ruleId(), f.lineId(), f.printed(), f.expected(), f.note()));
            }
            return out.iterator();
        };
        return joined.flatMap(audit, Encoders.row(SCHEMA));
    }
}
