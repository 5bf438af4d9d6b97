package cn.minhang.citymgmt.app;

import cn.minhang.citymgmt.job.JobConfig;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;

/** What every command needs before its work: the project folder, and a Spark session configured as the job's. */
public final class Launch {
    /** Property or environment variable naming the project folder that relative defaults resolve against. */
    public static final String HOME_PROPERTY = "evaluation.home";
    public static final String HOME_ENV = "EVALUATION_HOME";

    private Launch() {
    }

    /** The project folder relative defaults resolve against: -Devaluation.home, else EVALUATION_HOME, else ".". */
    public static Path home() {
        String home = System.getProperty(HOME_PROPERTY, System.getenv(HOME_ENV));
        return Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath().normalize();
    }

    /** Local Spark on all cores unless spark-submit chose a master; Delta enabled either way. */
    public static SparkSession sparkSession(JobConfig config) {
        SparkConf conf = new SparkConf();
        config.sparkSettings().forEach(conf::setIfMissing);
        conf.setIfMissing("spark.master", "local[*]");
        conf.setIfMissing("spark.app.name", "district-budget-performance");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        // Reads and writes run side by side (Stages); fair pools keep a small table from queueing behind a large one.
        conf.setIfMissing("spark.scheduler.mode", "FAIR");
        conf.set("spark.sql.session.timeZone", config.get(JobConfig.TIME_ZONE));
        conf.set("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
        conf.set("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
