package cn.minhang.citymgmt.support;

import cn.minhang.citymgmt.app.EvaluateCommand;
import cn.minhang.citymgmt.job.JobConfig;
import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.util.List;
import java.util.Map;

/**
 * The one local SparkSession of the test JVM (UI off, two shuffle partitions, Shanghai time,
 * Delta enabled, no Hive), plus small helpers in the style of Iceberg's Spark tests.
 */
public abstract class SparkTestSession {
    private static SparkSession spark;
    /** spark-testing-base's DataFrame comparisons, used from JUnit 5 without its JUnit 4 lifecycle. */
    private static final JavaDataFrameSuiteBase COMPARE = new JavaDataFrameSuiteBase();

    protected static synchronized SparkSession spark() {
        if (spark == null) {
            // The project's own Spark settings (conf/evaluation.properties) first, so tests run the job as it is
            // configured (Delta's commit settings cost a tenth of each run otherwise); then what tests need.
            SparkSession.Builder builder = SparkSession.builder();
            JobConfig.load(EvaluateCommand.parse("--year", "2023"), Processes.PROJECT, Map.of()).sparkSettings().forEach(builder::config);
            spark = builder
                    .master("local[2]")
                    .appName("evaluation-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.default.parallelism", "2")
                    .config("spark.sql.session.timeZone", "Asia/Shanghai")
                    .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                    .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                    // Every job run adds hundreds of SQL executions; the UI store need not keep them all.
                    .config("spark.sql.ui.retainedExecutions", "20")
                    .config("spark.ui.retainedJobs", "50")
                    .config("spark.ui.retainedStages", "50")
                    .config("spark.ui.retainedTasks", "1000")
                    .config("spark.sql.adaptive.enabled", "false")
                    // Tests run hundreds of queries over a few rows each: compiling code for each costs more than
                    // it saves (a small job run took 52 s compiled, 29 s interpreted). Results are the same either
                    // way (the golden digests compare them, EvaluateScriptIT a compiled run with interpreted ones); production
                    // runs a small year interpreted too (run.interpreted_below) and a city's compiled.
                    .config(WHOLE_STAGE_CODEGEN, "false")
                    .config(CODEGEN_FACTORY_MODE, "NO_CODEGEN")
                    .getOrCreate();
        }
        return spark;
    }

    private static final String WHOLE_STAGE_CODEGEN = "spark.sql.codegen.wholeStage";
    private static final String CODEGEN_FACTORY_MODE = "spark.sql.codegen.factoryMode";

    /** Runs {@code work} with Spark's code generation on, as production runs, for tests over real volumes. */
    public static void withCodegen(Runnable work) {
        spark().conf().set(WHOLE_STAGE_CODEGEN, "true");
        spark().conf().set(CODEGEN_FACTORY_MODE, "FALLBACK");
        try {
            work.run();
        } finally {
            spark().conf().set(WHOLE_STAGE_CODEGEN, "false");
            spark().conf().set(CODEGEN_FACTORY_MODE, "NO_CODEGEN");
        }
    }

    protected static List<Row> sql(String query, Object... args) {
        return spark().sql(String.format(java.util.Locale.ROOT, query, args)).collectAsList();
    }

    protected static Row row(Object... values) {
        return RowFactory.create(values);
    }

    /**
     * Inline rows under a schema written as DDL ({@code "unit_id STRING, score DECIMAL(5,2)"}), so a
     * test's fixture shows its column types beside its values. Not named rows: several tests keep a
     * private rows(String, Row...) of their own, which a protected one here would clash with.
     */
    protected static Dataset<Row> dataFrame(String ddl, Row... rows) {
        return spark().createDataFrame(List.of(rows), StructType.fromDDL(ddl));
    }

    /** Same rows in any order, same schema (spark-testing-base). */
    protected static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
        COMPARE.assertDataFrameNoOrderEquals(expected, actual);
    }
}
