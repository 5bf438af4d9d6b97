package cn.minhang.citymgmt.tables;

import cn.minhang.citymgmt.support.SparkTestSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one writer: replace one year, stamp the run, count what the commit wrote. */
class DeltaWarehouseTest extends SparkTestSession {
    private static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("fiscal_year", DataTypes.IntegerType, false),
            DataTypes.createStructField("unit_id", DataTypes.StringType, false)));

    private static Dataset<Row> rows(Row... rows) {
        return spark().createDataFrame(List.of(rows), SCHEMA);
    }

    @Test
    void replacingAYearLeavesTheOthersAndCountsTheRows(@TempDir Path dir) {
        DeltaWarehouse first = new DeltaWarehouse(dir.toString(), "run-1");
        assertEquals(2, first.replaceYear("t", rows(row(2022, "A"), row(2022, "B")), 2022, true));
        assertEquals(1, first.replaceYear("t", rows(row(2023, "A")), 2023, true));
        DeltaWarehouse second = new DeltaWarehouse(dir.toString(), "run-2");
        assertEquals(0, second.replaceYear("t", rows(), 2023, true));
        assertEquals(3, second.replaceYear("t", rows(row(2023, "A"), row(2023, "B"), row(2023, "C")), 2023, true));

        Dataset<Row> table = second.read(spark(), "t");
        assertThat(table.columns()).startsWith("run_id");
        assertThat(table.where("fiscal_year = 2022").select("run_id").distinct().collectAsList()).containsExactly(row("run-1"));
        assertThat(table.where("fiscal_year = 2023").select("run_id").distinct().collectAsList()).containsExactly(row("run-2"));
        assertEquals(5, table.count());
        assertThat(second.written()).containsExactly("t", "t");
    }

    @Test
    void rowsOfAnotherYearOrWithoutAYearAreRefused(@TempDir Path dir) {
        DeltaWarehouse warehouse = new DeltaWarehouse(dir.toString(), "run-1");
        warehouse.replaceYear("t", rows(row(2023, "A")), 2023, true);
        // Delta's replaceWhere check refuses the row of 2022; the warehouse names the table and the year
        assertThatThrownBy(() -> warehouse.replaceYear("t", rows(row(2022, "A")), 2023, true))
                .isInstanceOf(DeltaWarehouse.WriteFailure.class)
                .hasMessageContaining("cannot write table t")
                .hasMessageContaining("(fiscal_year = 2023) violated");
        assertThatThrownBy(() -> warehouse.replaceYear("t", rows(row(2023, "A")).drop("fiscal_year"), 2023, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fiscal_year");
        assertEquals(1, warehouse.read(spark(), "t").count());
    }
}
