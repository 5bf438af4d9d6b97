package cn.minhang.citymgmt.benchmark;

import cn.minhang.citymgmt.app.Launch;
import cn.minhang.citymgmt.app.EvaluateCommand;
import cn.minhang.citymgmt.app.ExitCode;
import cn.minhang.citymgmt.job.JobConfig;
import cn.minhang.citymgmt.failures.RunStopped;
import cn.minhang.citymgmt.sources.Sources;
import cn.minhang.citymgmt.tables.DeltaWarehouse;
import cn.minhang.citymgmt.tables.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.Locale;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

/**
 * The other baseline of jobs/benchmark.sh: what the job's tables cost with no records at all. In the job's own Spark
 * session and through its own writer ({@link DeltaWarehouse#replaceYear}), it replaces fiscal year 2023 of as many
 * Delta tables as a run writes, 100 rows each, twice (a first run creates the tables, a second replaces the year, as
 * every later run does), then reads each table's year back once, as the report does. Whatever a district run costs
 * beyond this floor and the bare scan is the job's own work.
 *
 * <pre>
 * submit cn.minhang.citymgmt.benchmark.CommitFloor commit-floor 4g --warehouse DIR     (see jobs/lib/submit.sh)
 * </pre>
 * Prints {@code commit-floor  <phase>  <tables> tables  <seconds> s} per phase and {@code commit-floor  TOTAL ...}.
 */
public final class CommitFloor {
    private static final int ROWS = 100;
    private static final int YEAR = 2023;

    private CommitFloor() {
    }

    public static void main(String[] args) {
        if (args.length != 2 || !args[0].equals("--warehouse")) {
            System.err.println("usage: CommitFloor --warehouse DIR");
            System.exit(2);
        }
        int code = 0;
        SparkSession spark = null;
        try {
            JobConfig config = JobConfig.load(EvaluateCommand.parse("--year", String.valueOf(YEAR), "--warehouse", args[1]),
                    Launch.home(), System.getenv());
            long start = System.nanoTime();
            spark = Launch.sparkSession(config);
            System.out.printf(Locale.ROOT, "commit-floor  Spark session started in %.1f s%n", seconds(start));
            DeltaWarehouse warehouse = new DeltaWarehouse(config.get(JobConfig.WAREHOUSE), "commit-floor");
            // The cleaned tables, then the others a year-end run writes (the monitoring tables are an as-of run's).
            int tables = Sources.ALL.size() + (int) java.util.Arrays.stream(Table.values())
                    .filter(t -> !Table.MONITORING.contains(t.tableName())).count();
            for (String phase : new String[] {"create", "replace"}) {
                long t = System.nanoTime();
                for (int i = 0; i < tables; i++) {
                    warehouse.replaceYear("t" + i, rows(spark), YEAR, true);
                }
                System.out.printf(Locale.ROOT, "commit-floor  %-8s %3d tables %7.1f s%n", phase, tables, seconds(t));
            }
            long t = System.nanoTime();
            long read = 0;
            for (int i = 0; i < tables; i++) {
                read += warehouse.read(spark, "t" + i).where(col(DeltaWarehouse.FISCAL_YEAR).equalTo(YEAR)).count();
            }
            System.out.printf(Locale.ROOT, "commit-floor  %-8s %3d tables %7.1f s (%d rows)%n", "read", tables, seconds(t), read);
            System.out.printf(Locale.ROOT, "commit-floor  %-8s %3d tables %7.1f s%n", "TOTAL", tables, seconds(start));
        } catch (RunStopped e) {
            System.err.println("commit-floor: error: " + e.getMessage());
            code = ExitCode.of(e);
        } catch (RuntimeException e) {
            System.err.println("commit-floor: failed: " + e);
            e.printStackTrace();
            code = 1;
        } finally {
            if (spark != null) {
                spark.stop();
            }
        }
        if (code != 0) {
            System.exit(code);
        }
    }

    /** A small table's year: ids, a unit, an amount, as the scored tables look. */
    private static Dataset<Row> rows(SparkSession spark) {
        return spark.range(ROWS).select(col("id"), concat(lit("MH-"), col("id").cast("string")).as("unit_id"),
                col("id").multiply(1.5).cast("decimal(18,2)").as("amount_yuan"), lit(YEAR).as(DeltaWarehouse.FISCAL_YEAR));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
