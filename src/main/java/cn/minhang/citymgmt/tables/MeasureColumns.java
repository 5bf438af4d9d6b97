package cn.minhang.citymgmt.tables;

import cn.minhang.citymgmt.scoring.Measures;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.Set;

import static org.apache.spark.sql.functions.col;

/**
 * The measure columns of a warehouse written before measures were decimals (issue 10), which hold
 * them as DOUBLE. Delta cannot merge a DOUBLE column with a DECIMAL one, and converting a table means
 * rewriting every year of it, which is not a run's to do (a run replaces its own year only). So the
 * writer keeps such a table's DOUBLE, and the readers read it as {@link Measures#TYPE}: the code above
 * sees one type whatever the warehouse's age. A warehouse started with this version is decimal throughout.
 */
final class MeasureColumns {
    /** Every column this version writes as {@link Measures#TYPE}. */
    static final Set<String> NAMES = Set.of("value", "target_value", "actual_value", "previous_value", "completion_ratio",
            "reported_value", "computed_value", "difference", "value_to_date");

    private MeasureColumns() {
    }

    /** Whether {@code rows} carry a measure column as a decimal: only then can an older table disagree. */
    static boolean carriesMeasures(StructType rows) {
        for (StructField f : rows.fields()) {
            if (NAMES.contains(f.name()) && f.dataType() instanceof DecimalType) {
                return true;
            }
        }
        return false;
    }

    /** {@code rows} with each decimal measure column cast to DOUBLE where {@code table} holds it as DOUBLE. */
    static Dataset<Row> toTable(Dataset<Row> rows, StructType table) {
        Dataset<Row> out = rows;
        for (StructField f : rows.schema().fields()) {
            if (NAMES.contains(f.name()) && f.dataType() instanceof DecimalType && typeIn(table, f.name()) == DataTypes.DoubleType) {
                out = out.withColumn(f.name(), col(f.name()).cast(DataTypes.DoubleType));
            }
        }
        return out;
    }

    /** {@code table} with its DOUBLE measure columns read as {@link Measures#TYPE}, half-up as the job rounds. */
    static Dataset<Row> fromTable(Dataset<Row> table) {
        Dataset<Row> out = table;
        for (StructField f : table.schema().fields()) {
            if (NAMES.contains(f.name()) && f.dataType() == DataTypes.DoubleType) {
                out = out.withColumn(f.name(), col(f.name()).cast(Measures.TYPE));
            }
        }
        return out;
    }

    private static DataType typeIn(StructType schema, String name) {
        for (StructField f : schema.fields()) {
            if (f.name().equals(name)) {
                return f.dataType();
            }
        }
        return null;
    }
}
