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
    /**
     * A warehouse written before measures were decimals holds unit_metrics.value as DOUBLE. The next
     * year's decimal values go into it (Delta would refuse to merge the two types), and the readers
     * read both years as DECIMAL(24,6), so nothing above the tables sees the warehouse's age.
     */
    @Test
    void aTableWrittenWithDoubleMeasuresTakesDecimalOnesAndIsReadAsDecimal(@TempDir Path dir) {
        DeltaWarehouse old = new DeltaWarehouse(dir.toString(), "run-old");
        old.replaceYear("unit_metrics", dataFrame("fiscal_year INT, unit_id STRING, metric_id STRING, value DOUBLE",
                row(2022, "MH-PJ", "hotline.closure_rate", 77.77777777777777)), 2022, true);
        DeltaWarehouse now = new DeltaWarehouse(dir.toString(), "run-new");
        now.replaceYear("unit_metrics", dataFrame("fiscal_year INT, unit_id STRING, metric_id STRING, value DECIMAL(24,6)",
                row(2023, "MH-PJ", "hotline.closure_rate", new java.math.BigDecimal("91.666667"))), 2023, true);

        assertEquals(DataTypes.DoubleType, now.read(spark(), "unit_metrics").schema().apply("value").dataType(), "the table keeps its type");
        Dataset<Row> read = WarehouseTables.open(spark(), dir.toString()).read("unit_metrics");
        assertEquals(cn.minhang.citymgmt.scoring.Measures.TYPE, read.schema().apply("value").dataType());
        assertThat(read.orderBy("fiscal_year").select("value").collectAsList())
                .containsExactly(row(new java.math.BigDecimal("77.777778")), row(new java.math.BigDecimal("91.666667")));
    }
}
