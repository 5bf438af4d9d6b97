package cn.minhang.citymgmt.evaluation;

import cn.minhang.citymgmt.scoring.AuditResult;
import cn.minhang.citymgmt.sources.Grade;
import cn.minhang.citymgmt.scoring.MeasureUnit;
import cn.minhang.citymgmt.scoring.Measures;
import cn.minhang.citymgmt.scoring.SelfReportAudit;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.math.BigDecimal;
import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * self_report_audit (§8): each completed value a unit reported itself, parsed like a target and
 * compared with what the records say. More than 1 % apart, or another grade, is a mismatch.
 */
public final class SelfReportAudits {
    public static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("fiscal_year", DataTypes.IntegerType, false),
            DataTypes.createStructField("unit_id", DataTypes.StringType, false),
            DataTypes.createStructField("indicator_id", DataTypes.StringType, false),
            DataTypes.createStructField("name", DataTypes.StringType, true),
            DataTypes.createStructField("reported_text", DataTypes.StringType, false),
            DataTypes.createStructField("reported_value", Measures.TYPE, true),
            DataTypes.createStructField("computed_value", Measures.TYPE, true),
            DataTypes.createStructField("difference", Measures.TYPE, true),
            DataTypes.createStructField("measure_unit", DataTypes.StringType, true),
            DataTypes.createStructField("reported_grade", DataTypes.StringType, true),
            DataTypes.createStructField("computed_grade", DataTypes.StringType, true),
            DataTypes.createStructField("flag", DataTypes.StringType, false),
            DataTypes.createStructField("note", DataTypes.StringType, true)));

    private SelfReportAudits() {
    }

    /** @param selfReports accepted self_reports of the year; @param scores indicator_scores of the year */
    public static Dataset<Row> compute(Dataset<Row> selfReports, Dataset<Row> scores, int fiscalYear) {
        // Printed budget lines are budget_line_audit's (BudgetLineAudits), not indicators.
        Dataset<Row> joined = selfReports.where(col("indicator_id").isin(cn.minhang.citymgmt.scoring.BudgetLineAudit.lineIds().toArray()).unary_$bang())
                .select("unit_id", "indicator_id", "reported")
                .join(scores.select(col("unit_id"), col("indicator_id"), col("name"), col("polarity"), col("target_unit"),
                        col("actual_value"), col("grade"), col("status")), new String[]{"unit_id", "indicator_id"}, "left")
                .select("unit_id", "indicator_id", "name", "reported", "polarity", "target_unit", "actual_value", "grade", "status");
        MapFunction<Row, Row> audit = r -> {
            String reported = r.getString(3);
            boolean qualitative = "qualitative".equals(r.getString(4));
            String unit = r.getString(5);
            BigDecimal computed = r.getDecimal(6);
            AuditResult result;
            if (qualitative) {
                String grade = r.getString(7);
                result = SelfReportAudit.qualitative(reported, grade == null || "no_data".equals(r.getString(8)) ? null : Grade.parse(grade));
            } else {
                result = SelfReportAudit.quantitative(reported, computed, unit == null ? null : MeasureUnit.parse(unit));
            }
            return RowFactory.create(fiscalYear, r.getString(0), r.getString(1), r.getString(2), reported,
                    Measures.of(result.reportedValue()), Measures.of(result.computedValue()), Measures.of(result.difference()), unit,
                    result.reportedGrade() == null ? null : result.reportedGrade().code(),
                    qualitative ? r.getString(7) : null, result.flagCode(), result.note());
        };
        return joined.map(audit, Encoders.row(SCHEMA));
    }
}
