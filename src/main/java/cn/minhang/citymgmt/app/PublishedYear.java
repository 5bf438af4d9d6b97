package cn.minhang.citymgmt.app;

import cn.minhang.citymgmt.failures.RunStopped;
import cn.minhang.citymgmt.job.JobConfig;
import cn.minhang.citymgmt.job.JobOptions;
import cn.minhang.citymgmt.tables.WarehouseTables;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Year;
import java.util.function.Function;

/**
 * The commands that write what people read of a year the warehouse holds (report, forms): their
 * options, how they find that year (what can be checked is checked before Spark starts), and their
 * one-line errors. A command says only what it writes.
 */
abstract class PublishedYear implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--year", paramLabel = "YYYY", description = "fiscal year (default: the latest year evaluated)")
    Integer year;

    @Option(names = "--warehouse", paramLabel = "DIR", description = "root of the Delta tables (default: the configured warehouse)")
    String warehouse;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this text")
    boolean help;

    private final String name;
    final java.io.PrintStream out;
    final java.io.PrintStream err;
    private final Function<JobConfig, SparkSession> sessions;

    PublishedYear(String name, java.io.PrintStream out, java.io.PrintStream err, Function<JobConfig, SparkSession> sessions) {
        this.name = name;
        this.out = out;
        this.err = err;
        this.sessions = sessions;
    }

    /** Writes the command's product for {@code found} and returns the line that tells the operator where it is. */
    abstract String write(Found found);

    @Override
    public Integer call() {
        try {
            out.println(write(find()));
            return 0;
        } catch (RunStopped e) {
            err.println(name + ": error: " + e.getMessage());
            return ExitCode.of(e);
        } catch (IllegalArgumentException e) {
            err.println(name + ": error: " + e.getMessage());
            return ExitCode.BAD_INPUT;
        }
    }

    /** The session, the warehouse root and the fiscal year the command works on. */
    record Found(SparkSession spark, String root, int year) {
    }

    private Found find() {
        if (year != null && (year < JobOptions.FIRST_YEAR || year > Year.now().getValue())) {
            throw RunStopped.badInput("--year must be a fiscal year from " + JobOptions.FIRST_YEAR + " to " + Year.now().getValue()
                    + ", got '" + year + "'");
        }
        JobConfig config = QueryCommand.config(warehouse);
        String root = config.get(JobConfig.WAREHOUSE);
        if (WarehouseTables.isLocal(root) && !Files.isDirectory(Path.of(root))) {
            throw RunStopped.badInput("warehouse " + root + " does not exist (run jobs/evaluate.sh first, or give --warehouse)");
        }
        SparkSession spark = sessions.apply(config);
        if (year != null) {
            return new Found(spark, root, year);
        }
        Integer latest = WarehouseTables.open(spark, root).latestYear();
        if (latest == null) {
            throw RunStopped.badInput("warehouse " + root + " holds no evaluated year (no unit_scorecard or budget_execution): give --year");
        }
        return new Found(spark, root, latest);
    }
}
