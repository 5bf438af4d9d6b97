package cn.minhang.citymgmt.report;

import cn.minhang.citymgmt.tables.DeltaWarehouse;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import cn.minhang.citymgmt.scoring.Measures;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small warehouse with every table analysts read, for two units of 闵行区 (浦锦街道 MH-PJ, first;
 * 莘庄镇 MH-XZ, second), fiscal year 2023, plus last year's scorecard of 浦锦街道 (total 90.00) and a
 * 2022 run. Five indicators, one per level-1 group (weights 10/20/25/35/10). One note carries
 * markup, to check that readers escape it.
 */
public final class FixtureWarehouse {
    public static final int YEAR = 2023;
    public static final String RUN_2023 = "20240105T010000Z-fixture3";
    public static final String RUN_2022 = "20230104T010000Z-fixture2";
    public static final String PJ = "MH-PJ";
    public static final String XZ = "MH-XZ";
    public static final String MARKUP_NOTE = "公园数 <6> & \"说明\" <script>alert('x')</script>";
    /** The scored tables a run stopped by the reject limit does not write. */
    public static final Set<String> SCORED = Set.of("unit_metrics", "indicator_scores", "unit_scorecard", "self_report_audit",
            "budget_execution", "budget_execution_monthly");

    private FixtureWarehouse() {
    }

    public static Path create(SparkSession spark, Path root) {
        return create(spark, root, Set.of());
    }

    /** Writes every table but those named in {@code skip}; returns {@code root}. */
    public static Path create(SparkSession spark, Path root, Set<String> skip) {
        DeltaWarehouse w2023 = new DeltaWarehouse(root.toString(), RUN_2023);
        DeltaWarehouse w2022 = new DeltaWarehouse(root.toString(), RUN_2022);
        Writer write = (table, year, schema, rows) -> {
            if (!skip.contains(table)) {
                Dataset<Row> df = spark.createDataFrame(rows, schema);
                (year == YEAR ? w2023 : w2022).replaceYear(table, df, year, true);
            }
        };

        write.to("units", YEAR, schema("fiscal_year int, unit_id string, unit_name string, short_name string, unit_type string, district string, "
                        + "population int, area_km2 decimal(9,2), source_file string, source_line int"),
                List.of(row(YEAR, PJ, "浦锦街道城市建设管理事务中心", "浦锦街道", "subdistrict", "闵行区", 160000, d("22.31"), "units/units.csv", 2),
                        row(YEAR, XZ, "莘庄镇城市建设管理事务中心", "莘庄镇", "town", "闵行区", 210000, d("19.38"), "units/units.csv", 3)));

        String budgetSchema = "fiscal_year int, unit_id string, account string, initial_yuan decimal(18,2), adjustment_yuan decimal(18,2), "
                + "adjusted_yuan decimal(18,2), executed_yuan decimal(18,2), execution_rate decimal(9,2), adjustment_rate decimal(9,2), "
                + "entry_count bigint, status string";
        write.to("budget_execution", YEAR, schema(budgetSchema), List.of(
                row(YEAR, PJ, "basic", d("3400000.00"), d("-62900.00"), d("3337100.00"), d("3317700.00"), d("99.42"), d("1.85"), 3L, "ok"),
                row(YEAR, PJ, "project", d("149096500.00"), d("-7975400.00"), d("141121100.00"), d("137146000.00"), d("97.18"), d("5.35"), 4L, "ok"),
                row(YEAR, PJ, "total", d("152496500.00"), d("-8038300.00"), d("144458200.00"), d("140463700.00"), d("97.23"), d("5.27"), 7L, "ok"),
                row(YEAR, XZ, "basic", d("2000000.00"), d("0.00"), d("2000000.00"), d("1900000.00"), d("95.00"), d("0.00"), 2L, "ok"),
                row(YEAR, XZ, "project", d("48000000.00"), d("2000000.00"), d("50000000.00"), d("51140000.00"), d("102.28"), d("4.17"), 5L, "over_executed"),
                row(YEAR, XZ, "total", d("50000000.00"), d("2000000.00"), d("52000000.00"), d("53040000.00"), d("102.00"), d("4.00"), 7L, "over_executed")));

        List<Row> monthly = new ArrayList<>();
        BigDecimal[] executed = {d("140463700.00"), d("53040000.00")};
        BigDecimal[] adjusted = {d("144458200.00"), d("52000000.00")};
        String[] units = {PJ, XZ};
        for (int u = 0; u < 2; u++) {
            BigDecimal perMonth = executed[u].divide(BigDecimal.valueOf(12), 2, java.math.RoundingMode.DOWN);
            for (int m = 1; m <= 12; m++) {
                BigDecimal cumulative = m == 12 ? executed[u] : perMonth.multiply(BigDecimal.valueOf(m));
                BigDecimal inMonth = m == 12 ? executed[u].subtract(perMonth.multiply(BigDecimal.valueOf(11))) : perMonth;
                monthly.add(row(YEAR, units[u], "total", m, inMonth, cumulative,
                        cumulative.multiply(BigDecimal.valueOf(100)).divide(adjusted[u], 2, java.math.RoundingMode.HALF_UP)));
            }
        }
        write.to("budget_execution_monthly", YEAR, schema("fiscal_year int, unit_id string, account string, month int, "
                + "executed_in_month_yuan decimal(18,2), executed_cumulative_yuan decimal(18,2), progress_rate decimal(9,2)"), monthly);

        write.to("quarantine", YEAR, schema("fiscal_year int, source string, file string, line_number bigint, raw_record string, reasons array<string>"),
                List.of(row(YEAR, "budget_ledger", "budget_ledger/2023/MH-PJ.csv", 9L, "PJ-8,MH-PJ,2023,2023-13-01,project,P1,综合养护,payment,12.00,",
                                List.of("unparsable_date: entry_date '2023-13-01' is not a date yyyy-MM-dd")),
                        row(YEAR, "hotline_cases", "hotline_cases/2023-11/part-003.csv", 4L, "C-104,MH-XX,hotline_12345,passive,停车管理,,…",
                                List.of("missing_value: received_at is empty", "unknown_unit: unit_id 'MH-XX' is not in units")),
                        row(YEAR, "hotline_cases", "hotline_cases/2023-11/part-003.csv", 7L, "C-107,MH-XZ,hotline_12345,passive,,2023-11-02 10:00:00,…",
                                List.of("missing_value: category is empty"))));

        write.to("reconciliation", YEAR, schema("fiscal_year int, check_name string, source string, unit_id string, expected decimal(20,2), "
                        + "actual decimal(20,2), status string, detail string"),
                List.of(row(YEAR, "rows_read", "budget_ledger", null, d("10.00"), d("10.00"), "ok", "read = accepted + quarantined + duplicates + other years"),
                        row(YEAR, "budget_parts_sum", "budget_ledger", PJ, d("140463700.00"), d("140463700.00"), "ok", "basic + project = total"),
                        row(YEAR, "budget_parts_sum", "budget_ledger", XZ, d("53040000.00"), d("53040001.00"), "mismatch", "basic + project ≠ total (executed_yuan)")));

        String runs = "fiscal_year int, started_at timestamp, finished_at timestamp, status string, message string, "
                + "rows_read map<string,bigint>, rows_accepted map<string,bigint>, rows_rejected map<string,bigint>, "
                + "rows_duplicate map<string,bigint>, rows_other_year map<string,bigint>, tables_written array<string>, "
                + "reconciliation_mismatches int, config_fingerprint string, input_root string, warehouse_root string";
        write.to("job_runs", 2022, schema(runs), List.of(row(2022, Timestamp.valueOf("2023-01-04 09:00:00"), Timestamp.valueOf("2023-01-04 09:02:00"),
                "succeeded", null, counts(2, 8, 5), counts(2, 8, 5), counts(0, 0, 0), counts(0, 0, 0), counts(0, 0, 0),
                List.of("units", "budget_ledger", "unit_scorecard"), 0, "a1b2c3d4e5f60718", "/data/input", root.toString())));
        write.to("job_runs", YEAR, schema(runs), List.of(row(YEAR, Timestamp.valueOf("2024-01-05 09:00:00"), Timestamp.valueOf("2024-01-05 09:03:20"),
                "succeeded", null, counts(2, 10, 7), counts(2, 8, 5), counts(0, 1, 2), counts(0, 1, 0), counts(0, 0, 0),
                List.of("units", "budget_ledger", "hotline_cases", "quarantine", "unit_scorecard"), 1, "a1b2c3d4e5f60718", "/data/input", root.toString())));

        write.to("unit_metrics", YEAR, schema("fiscal_year int, unit_id string, metric_id string, value decimal(24,6), measure_unit string, record_count bigint, source string"),
                List.of(row(YEAR, PJ, "parks_maintained", m(12.0), "count", 12L, "asset_inventory"),
                        row(YEAR, XZ, "parks_maintained", m(6.0), "count", 6L, "asset_inventory"),
                        row(YEAR, PJ, "beneficiary_satisfaction", m(90.0), "percent", 400L, "surveys")));

        String scores = "fiscal_year int, unit_id string, indicator_id string, level1 string, level2 string, name string, weight decimal(5,2), "
                + "polarity string, target_text string, target_value decimal(24,6), target_unit string, target_source string, metric_id string, "
                + "actual_value decimal(24,6), previous_value decimal(24,6), completion_ratio decimal(24,6), grade string, score decimal(5,2), status string, "
                + "note string, record_count bigint";
        write.to("indicator_scores", YEAR, schema(scores), List.of(
                indicator(PJ, "budget.execution_rate", "预算执行", "预算执行率", "预算执行率", "10", "higher_better", "=100.00(%)", 100.0, "%", "default",
                        97.23, null, 0.9723, null, "9.72", "ok", "执行率 97.23%", 7L),
                indicator(PJ, "mgmt.decision", "部门管理", "决策管理", "重大事项决策程序", "20", "qualitative", "规范", null, null, "default",
                        null, null, null, "achieved", "20.00", "assessed", "评价人：区财政局", 1L),
                indicator(PJ, "output.parks", "产出指标", "数量指标", "公园养护数", "25", "higher_better", "=12.00(个)", 12.0, "个", "unit",
                        12.0, 12.0, 1.0, null, "25.00", "ok", null, 12L),
                indicator(PJ, "outcome.long_term_mechanism", "效益指标", "可持续影响指标", "长效管理机制", "35", "qualitative", "建立健全", null, null, "default",
                        null, null, null, "partial", "30.00", "assessed", "部分达成", 1L),
                indicator(PJ, "satisfaction.beneficiary", "满意度指标", "服务对象满意度指标", "受益群体满意度", "10", "higher_better", "≥90.00(%)", 90.0, "%", "unit",
                        81.0, 88.0, 0.9, null, "9.00", "ok", "满意 324 / 受访 400", 400L),
                indicator(XZ, "budget.execution_rate", "预算执行", "预算执行率", "预算执行率", "10", "higher_better", "=100.00(%)", 100.0, "%", "default",
                        102.0, null, 1.02, null, "8.50", "over_executed", "超预算执行 2.00%", 7L),
                indicator(XZ, "mgmt.decision", "部门管理", "决策管理", "重大事项决策程序", "20", "qualitative", "规范", null, null, "default",
                        null, null, null, "partial", "15.00", "assessed", null, 1L),
                indicator(XZ, "output.parks", "产出指标", "数量指标", "公园养护数", "25", "higher_better", "=12.00(个)", 12.0, "个", "unit",
                        6.0, 7.0, 0.5, null, "12.50", "ok", MARKUP_NOTE, 6L),
                indicator(XZ, "outcome.long_term_mechanism", "效益指标", "可持续影响指标", "长效管理机制", "35", "qualitative", "建立健全", null, null, "default",
                        null, null, null, "partial", "20.00", "assessed", null, 1L),
                indicator(XZ, "satisfaction.beneficiary", "满意度指标", "服务对象满意度指标", "受益群体满意度", "10", "higher_better", "≥90.00(%)", 90.0, "%", "unit",
                        null, null, null, null, "0.00", "no_data", "无受益群体满意度调查", 0L)));

        String card = "fiscal_year int, unit_id string, short_name string, unit_type string, score_budget decimal(5,2), score_mgmt decimal(5,2), "
                + "score_output decimal(5,2), score_outcome decimal(5,2), score_satisfaction decimal(5,2), total_score decimal(5,2), grade string, "
                + "district_rank int, percentile double, previous_total decimal(5,2), total_change decimal(6,2), indicators_no_data int";
        write.to("unit_scorecard", 2022, schema(card), List.of(
                row(2022, PJ, "浦锦街道", "subdistrict", d("9.50"), d("20.00"), d("22.50"), d("30.00"), d("8.00"), d("90.00"), "优", 1, 0.0, null, null, 0)));
        write.to("unit_scorecard", YEAR, schema(card), List.of(
                row(YEAR, PJ, "浦锦街道", "subdistrict", d("9.72"), d("20.00"), d("25.00"), d("30.00"), d("9.00"), d("93.72"), "优", 1, 50.0, d("90.00"), d("3.72"), 0),
                row(YEAR, XZ, "莘庄镇", "town", d("8.50"), d("15.00"), d("12.50"), d("20.00"), d("0.00"), d("56.00"), "差", 2, 0.0, null, null, 1)));

        write.to("self_report_audit", YEAR, schema("fiscal_year int, unit_id string, indicator_id string, name string, reported_text string, "
                        + "reported_value decimal(24,6), computed_value decimal(24,6), difference decimal(24,6), measure_unit string, flag string, note string"),
                List.of(row(YEAR, PJ, "output.parks", "公园养护数", "12", m(12.0), m(12.0), m(0.0), "个", "ok", null),
                        row(YEAR, XZ, "output.parks", "公园养护数", "=12.00(个)", m(12.0), m(6.0), m(6.0), "个", "mismatch", "台账仅 6 个公园在养护期内"),
                        row(YEAR, XZ, "satisfaction.beneficiary", "受益群体满意度", "95%", m(95.0), null, null, "%", "unverifiable", "无调查记录可核对")));
        return root;
    }

    /**
     * The fixture's units, indicator scores and scorecards (nothing else), with a 2023 scorecard
     * written as the job writes it since totals are compared on the same basis only: 浦锦街道's
     * 2022 受益群体满意度 had no data (0 of its 2022 total 90.00), so its 2023 total of 93.72 is not
     * comparable; over the four indicators scored on data in both years it moved 84.72 − 90.00 =
     * −5.28. 莘庄镇 has no 2022 scorecard.
     */
    public static Path createYearOnYear(SparkSession spark, Path root) {
        Set<String> skip = new java.util.HashSet<>(Set.of("budget_execution", "budget_execution_monthly", "quarantine", "reconciliation",
                "job_runs", "unit_metrics", "self_report_audit"));
        create(spark, root, skip);
        DeltaWarehouse w2023 = new DeltaWarehouse(root.toString(), RUN_2023);
        DeltaWarehouse w2022 = new DeltaWarehouse(root.toString(), RUN_2022);
        String card = "fiscal_year int, unit_id string, short_name string, unit_type string, score_budget decimal(5,2), score_mgmt decimal(5,2), "
                + "score_output decimal(5,2), score_outcome decimal(5,2), score_satisfaction decimal(5,2), total_score decimal(5,2), grade string, "
                + "district_rank int, percentile double, previous_total decimal(5,2), total_change decimal(6,2), indicators_no_data int, "
                + "comparable_change decimal(6,2), comparable_indicators int, totals_comparable boolean";
        w2023.replaceYear("unit_scorecard", spark.createDataFrame(List.of(
                row(YEAR, PJ, "浦锦街道", "subdistrict", d("9.72"), d("20.00"), d("25.00"), d("30.00"), d("9.00"), d("93.72"), "优", 1, 50.0,
                        d("90.00"), null, 0, d("-5.28"), 4, false),
                row(YEAR, XZ, "莘庄镇", "town", d("8.50"), d("15.00"), d("12.50"), d("20.00"), d("0.00"), d("56.00"), "差", 2, 0.0,
                        null, null, 1, null, null, null)), schema(card)), YEAR, true);
        w2022.replaceYear("unit_scorecard", spark.createDataFrame(List.of(
                row(2022, PJ, "浦锦街道", "subdistrict", d("10.00"), d("20.00"), d("25.00"), d("35.00"), d("0.00"), d("90.00"), "优", 1, 0.0,
                        null, null, 1, null, null, null)), schema(card)), 2022, true);
        String scores = "fiscal_year int, unit_id string, indicator_id string, name string, score decimal(5,2), status string";
        w2022.replaceYear("indicator_scores", spark.createDataFrame(List.of(
                row(2022, PJ, "budget.execution_rate", "预算执行率", d("10.00"), "ok"),
                row(2022, PJ, "mgmt.decision", "重大事项决策程序", d("20.00"), "assessed"),
                row(2022, PJ, "output.parks", "公园养护数", d("25.00"), "ok"),
                row(2022, PJ, "outcome.long_term_mechanism", "长效管理机制", d("35.00"), "assessed"),
                row(2022, PJ, "satisfaction.beneficiary", "受益群体满意度", d("0.00"), "no_data")), schema(scores)), 2022, true);
        return root;
    }

    @FunctionalInterface
    private interface Writer {
        void to(String table, int year, StructType schema, List<Row> rows);
    }

    private static Row indicator(String unit, String id, String level1, String level2, String name, String weight, String polarity,
                                 String targetText, Double targetValue, String targetUnit, String targetSource, Double actual,
                                 Double previous, Double ratio, String grade, String score, String status, String note, Long records) {
        return row(YEAR, unit, id, level1, level2, name, d(weight), polarity, targetText, m(targetValue), targetUnit, targetSource,
                id.equals("mgmt.decision") || id.equals("outcome.long_term_mechanism") ? null : id.replace('.', '_'),
                m(actual), m(previous), m(ratio), grade, d(score), status, note, records);
    }

    /** A measure as the job's tables hold it, DECIMAL(24,6); the fixture's figures are short decimals, written as numbers. */
    private static BigDecimal m(Double value) {
        return value == null ? null : BigDecimal.valueOf(value).setScale(Measures.SCALE);
    }

    private static scala.collection.Map<String, Long> counts(long units, long ledger, long hotline) {
        return scala.collection.JavaConverters.mapAsScalaMap(new java.util.TreeMap<>(Map.of(
                "units", units, "budget_ledger", ledger, "hotline_cases", hotline)));
    }

    /** Rows take Java lists for arrays; Spark's createDataFrame(List<Row>) wants Scala collections. */
    private static Row row(Object... values) {
        Object[] converted = Arrays.stream(values)
                .map(v -> v instanceof List<?> l ? scala.collection.JavaConverters.asScalaBuffer(new ArrayList<>(l)).toSeq() : v)
                .toArray();
        return RowFactory.create(converted);
    }

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    private static StructType schema(String ddl) {
        StructType parsed = StructType.fromDDL(ddl);
        List<StructField> fields = new ArrayList<>();
        for (StructField f : parsed.fields()) {
            fields.add(DataTypes.createStructField(f.name(), f.dataType(), true));
        }
        return DataTypes.createStructType(fields);
    }
}
