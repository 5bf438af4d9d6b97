package cn.minhang.citymgmt.app;

import cn.minhang.citymgmt.job.JobConfig;
import cn.minhang.citymgmt.report.DistrictReport;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.util.function.Function;

/**
 * Writes the district report of a year the warehouse holds, as the evaluation run does after it publishes
 * ({@code report.write}):
 *
 * <pre>  jobs/report.sh [--year YYYY] [--warehouse DIR]</pre>
 */
@Command(name = "report", sortOptions = false, usageHelpAutoWidth = false,
        description = {"Writes <warehouse>/reports/district-report-<year>.html, one self-contained page that opens offline.",
                "Exit codes: 0 written (its path is printed), 2 bad argument, missing warehouse or year, 1 other failure."})
public final class ReportCommand extends PublishedYear {
    private ReportCommand(PrintStream out, PrintStream err, Function<JobConfig, SparkSession> sessions) {
        super("report", out, err, sessions);
    }

    public static void main(String[] args) {
        ConsoleCommand.main(args, ReportCommand::run);
    }

    /** The command without {@code System.exit}; returns its exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err, Function<JobConfig, SparkSession> sessions) {
        return ConsoleCommand.execute("report", new ReportCommand(out, err, sessions), args, out, err);
    }

    @Override
    String write(Found found) {
        return DistrictReport.write(found.spark(), found.root(), found.year()).toString();
    }
}
