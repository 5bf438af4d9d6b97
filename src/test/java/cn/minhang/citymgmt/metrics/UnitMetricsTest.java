package cn.minhang.citymgmt.metrics;

import cn.minhang.citymgmt.support.SparkTestSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The per-source analyzers on tiny inline records. */
class UnitMetricsTest extends SparkTestSession {
    /** The value as unit_metrics holds it, DECIMAL(24,6); null for no data. */
    private static BigDecimal value(Dataset<Row> metrics, String unit, String id) {
        Row r = metrics.where("unit_id = '" + unit + "' AND metric_id = '" + id + "'").first();
        return r.getAs("value");
    }

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    @Test
    void wasteTonnesPerDayAndTwiceDailyWetCollection() {
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("unit_id", DataTypes.StringType, false),
                DataTypes.createStructField("site_id", DataTypes.StringType, false),
                DataTypes.createStructField("collected_at", DataTypes.TimestampType, false),
                DataTypes.createStructField("waste_type", DataTypes.StringType, false),
                DataTypes.createStructField("tonnes", DataTypes.createDecimalType(18, 3), false),
                DataTypes.createStructField("refused", DataTypes.BooleanType, false)));
        Dataset<Row> trips = spark().createDataFrame(List.of(
                row("U", "S1", Timestamp.valueOf("2023-03-01 07:00:00"), "wet", new BigDecimal("2.000"), false),
                row("U", "S1", Timestamp.valueOf("2023-03-01 16:00:00"), "wet", new BigDecimal("1.500"), false),
                row("U", "S1", Timestamp.valueOf("2023-03-02 07:00:00"), "wet", new BigDecimal("3.000"), false),
                row("U", "S1", Timestamp.valueOf("2023-03-02 16:00:00"), "wet", new BigDecimal("0.000"), true),
                row("U", "S2", Timestamp.valueOf("2023-03-01 08:00:00"), "dry", new BigDecimal("36.500"), false)), schema);
        Dataset<Row> m = UnitMetrics.waste(trips, 2023);
        assertEquals(d("0.017808"), value(m, "U", "waste.wet_tonnes_per_day"));
        assertEquals(d("0.100000"), value(m, "U", "waste.dry_tonnes_per_day"));
        assertEquals(d("1.000000"), value(m, "U", "waste.refusals"));
        // S1 on 1 March had two collections, on 2 March one (the refused trip collected nothing)
        assertEquals(d("50.000000"), value(m, "U", "waste.wet_twice_daily_share"));
        assertEquals(d("0.000000"), value(m, "U", "waste.hazardous_tonnes_per_day"));
    }

    @Test
    void hotlineCountsRepeatCallersByKeyedHash() {
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("unit_id", DataTypes.StringType, false),
                DataTypes.createStructField("channel", DataTypes.StringType, false),
                DataTypes.createStructField("origin", DataTypes.StringType, false),
                DataTypes.createStructField("due_at", DataTypes.TimestampType, false),
                DataTypes.createStructField("closed_at", DataTypes.TimestampType, true),
                DataTypes.createStructField("satisfaction", DataTypes.StringType, true),
                DataTypes.createStructField("caller_key", DataTypes.StringType, true)));
        Timestamp due = Timestamp.valueOf("2023-05-10 00:00:00");
        Dataset<Row> cases = spark().createDataFrame(List.of(
                row("U", "hotline_12345", "passive", due, Timestamp.valueOf("2023-05-09 10:00:00"), "satisfied", "k1"),
                row("U", "hotline_12345", "passive", due, Timestamp.valueOf("2023-05-11 10:00:00"), "dissatisfied", "k1"),
                row("U", "city_ops", "active", due, null, null, "k2"),
                row("U", "petition", "passive", due, Timestamp.valueOf("2023-05-01 10:00:00"), null, null)), schema);
        Dataset<Row> m = UnitMetrics.hotline(cases);
        assertEquals(d("4.000000"), value(m, "U", "hotline.cases_total"));
        assertEquals(d("2.000000"), value(m, "U", "hotline.cases_hotline_12345"));
        assertEquals(d("3.000000"), value(m, "U", "hotline.cases_passive"));
        assertEquals(d("75.000000"), value(m, "U", "hotline.closure_rate"));
        assertEquals(d("66.666667"), value(m, "U", "hotline.on_time_closure_rate"), "200 ÷ 3, half-up");
        assertEquals(d("50.000000"), value(m, "U", "hotline.satisfaction_rate"));
        assertEquals(d("1.000000"), value(m, "U", "hotline.repeat_callers"));
    }

    @Test
    void assetsConvertToTheMetricsUnit() {
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("unit_id", DataTypes.StringType, false),
                DataTypes.createStructField("asset_type", DataTypes.StringType, false),
                DataTypes.createStructField("quantity", DataTypes.createDecimalType(18, 3), false),
                DataTypes.createStructField("measure_unit", DataTypes.StringType, false)));
        Dataset<Row> inventory = spark().createDataFrame(List.of(
                row("U", "public_green", new BigDecimal("1000.000"), "m2"),
                row("U", "public_green", new BigDecimal("3.000"), "mu"),
                row("U", "road", new BigDecimal("12.500"), "km"),
                row("U", "park", new BigDecimal("1.000"), "count")), schema);
        Dataset<Row> m = UnitMetrics.assets(inventory);
        assertEquals(d("3000.010000"), value(m, "U", "asset.public_green_m2"), "1000 + 3 × 666.67, exactly");
        assertEquals(d("12.500000"), value(m, "U", "asset.road_km"));
        assertEquals(d("1.000000"), value(m, "U", "asset.park_count"));
        assertEquals(d("0.000000"), value(m, "U", "asset.drain_pipe_km"));
    }

    @Test
    void passRatesAreNullWithoutInspections() {
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("unit_id", DataTypes.StringType, false),
                DataTypes.createStructField("domain", DataTypes.StringType, false),
                DataTypes.createStructField("passed", DataTypes.BooleanType, false),
                DataTypes.createStructField("score", DataTypes.createDecimalType(18, 3), true)));
        Dataset<Row> m = UnitMetrics.inspections(spark().createDataFrame(List.of(
                row("U", "road_cleaning", true, new BigDecimal("90.000")),
                row("U", "road_maintenance", false, new BigDecimal("70.000"))), schema));
        assertEquals(d("50.000000"), value(m, "U", "inspection.road_pass_rate"));
        assertEquals(d("90.000000"), value(m, "U", "inspection.road_cleaning_mean_score"));
        assertNull(value(m, "U", "inspection.green_pass_rate"));
        Row green = m.where("metric_id = 'inspection.green_pass_rate'").first();
        assertNull(green.getAs("value"));
        assertEquals(0L, green.<Long>getAs("record_count"));
    }
}
