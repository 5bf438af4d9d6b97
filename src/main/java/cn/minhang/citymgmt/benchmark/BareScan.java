package cn.minhang.citymgmt.benchmark;

import cn.minhang.citymgmt.app.Launch;
import cn.minhang.citymgmt.app.EvaluateCommand;
import cn.minhang.citymgmt.app.ExitCode;
import cn.minhang.citymgmt.job.EvaluationJob;
import cn.minhang.citymgmt.job.JobConfig;
import cn.minhang.citymgmt.failures.RunStopped;
import cn.minhang.citymgmt.sources.SourceDefinition;
import cn.minhang.citymgmt.sources.Sources;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.apache.spark.sql.functions.approx_count_distinct;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

/**
 * The baseline the evaluation job is compared with (jobs/benchmark.sh): the least work Spark does to read every
 * row of the same input. It starts the job's own Spark session (same settings: conf/evaluation.properties and
 * {@link EvaluationJob#sparkSession}), then for each of the 14 sources reads every {@code .csv} / {@code .csv.gz}
 * at any depth of its folder with Spark's CSV reader (header, all columns strings, no inference) and runs one
 * action: the row count and the approximate number of distinct values of the first column (Spark itself first reads
 * one line to name the columns). Nothing is validated, typed or written. Columns are named as Spark names them: by
 * the header of the first file, applied to every file by position.
 *
 * <pre>
 * submit cn.minhang.citymgmt.benchmark.BareScan bare-scan 4g --input DIR     (see jobs/lib/submit.sh)
 * </pre>
 * One line per source, then {@code bare-scan  TOTAL  <files> files  <rows> rows  <seconds> s}.
 */
public final class BareScan {
    private BareScan() {
    }

    public static void main(String[] args) {
        if (args.length != 2 || !args[0].equals("--input")) {
            System.err.println("usage: BareScan --input DIR");
            System.exit(2);
        }
        int code = 0;
        SparkSession spark = null;
        try {
            // The year only satisfies the job's option parser; the scan reads every file of every year.
            JobConfig config = JobConfig.load(EvaluateCommand.parse("--year", "2023", "--input", args[1]), Launch.home(),
                    System.getenv());
            String input = config.get(JobConfig.INPUT);
            if (!input.contains("://") && !Files.isDirectory(Path.of(input))) {
                throw RunStopped.badInput("input folder " + input + " does not exist");
            }
            long start = System.nanoTime();
            spark = Launch.sparkSession(config);
            System.out.printf(Locale.ROOT, "bare-scan  Spark session started in %.1f s%n", seconds(start));
            scan(spark, input);
        } catch (RunStopped e) {
            System.err.println("bare-scan: error: " + e.getMessage());
            code = ExitCode.of(e);
        } catch (RuntimeException e) {
            System.err.println("bare-scan: failed: " + e);
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

    private static void scan(SparkSession spark, String input) {
        long files = 0;
        long rows = 0;
        long start = System.nanoTime();
        for (SourceDefinition source : Sources.ALL) {
            long t = System.nanoTime();
            Dataset<Row> csv = spark.read()
                    .option("header", "true")
                    .option("inferSchema", "false")
                    .option("recursiveFileLookup", "true")
                    .option("pathGlobFilter", "*.{csv,csv.gz}")
                    .csv(input + "/" + source.name());
            String first = csv.columns()[0];
            Row r = csv.agg(count(lit(1)), approx_count_distinct(csv.col("`" + first + "`"))).first(); // the one action
            int sourceFiles = csv.inputFiles().length;
            files += sourceFiles;
            rows += r.getLong(0);
            System.out.printf(Locale.ROOT, "bare-scan  %-18s %5d files %10d rows %10d distinct %-14s %7.1f s%n",
                    source.name(), sourceFiles, r.getLong(0), r.getLong(1), first, seconds(t));
        }
        System.out.printf(Locale.ROOT, "bare-scan  %-18s %5d files %10d rows %34s %7.1f s%n", "TOTAL", files, rows, "", seconds(start));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
