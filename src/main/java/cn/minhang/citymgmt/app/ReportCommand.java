package cn.minhang.citymgmt.app;

import cn.minhang.citymgmt.failures.RunStopped;
import cn.minhang.citymgmt.job.JobConfig;
import cn.minhang.citymgmt.report.DistrictReport;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.concurrent.Callable;
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
public final class ReportCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    PublishedYear published = new PublishedYear();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this text")
    boolean help;

    private final PrintStream out;
    private final PrintStream err;
    private final Function<JobConfig, SparkSession> sessions;

    private ReportCommand(PrintStream out, PrintStream err, Function<JobConfig, SparkSession> sessions) {
        this.out = out;
        this.err = err;
        this.sessions = sessions;
    }

    public static void main(String[] args) {
        ConsoleCommand.main(args, ReportCommand::run);
    }

    /** The command without {@code System.exit}; returns its exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err, Function<JobConfig, SparkSession> sessions) {
        return ConsoleCommand.execute("report", new ReportCommand(out, err, sessions), args, out, err);
    }

    @Override
    public Integer call() {
        try {
            PublishedYear.Found found = published.find(sessions);
            out.println(DistrictReport.write(found.spark(), found.root(), found.year()));
            return 0;
        } catch (RunStopped e) {
            err.println("report: error: " + e.getMessage());
            return ExitCode.of(e);
        } catch (IllegalArgumentException e) {
            err.println("report: error: " + e.getMessage());
            return ExitCode.BAD_INPUT;
        }
    }
}
