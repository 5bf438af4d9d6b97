package cn.minhang.citymgmt.app;

import cn.minhang.citymgmt.failures.RunStopped;
import cn.minhang.citymgmt.job.EvaluationJob;
import cn.minhang.citymgmt.job.JobConfig;
import cn.minhang.citymgmt.job.JobOptions;
import cn.minhang.citymgmt.job.RunLog;
import cn.minhang.citymgmt.job.RunSummary;
import cn.minhang.citymgmt.report.DistrictReport;
import cn.minhang.citymgmt.report.OfficialForms;
import cn.minhang.citymgmt.tables.DeltaWarehouse;
import cn.minhang.citymgmt.tables.WarehouseTables;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.Year;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code jobs/evaluate.sh}: one fiscal year of every unit, then what people read of it. The evaluation
 * writes and publishes the tables; the district report and the official forms are steps this command
 * runs after it, from the published tables, so a report that fails never fails the run that wrote them.
 */
@Command(name = "evaluate", sortOptions = false, usageHelpAutoWidth = false,
        description = {"Evaluates one fiscal year of every unit: validates the deliveries, writes and publishes the scored Delta "
                + "tables, then writes the district report and the official forms. With --as-of, mid-year monitoring (双监控) instead.",
                "Exit codes: 0 done, 1 unexpected failure, 2 bad argument, configuration or input (nothing written), "
                        + "3 too many rejected rows, 4 another run of the year holds the warehouse."})
public final class EvaluateCommand {
    @Option(names = "--year", required = true, paramLabel = "YYYY",
            description = "fiscal year to evaluate (required; " + JobOptions.FIRST_YEAR + " up to the current year)")
    String year;

    @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", description = "mid-year monitoring (双监控) as of that day of the fiscal "
            + "year: only records governed up to it (inclusive); writes the monitoring_* tables, never the year-end tables")
    String asOf;

    @Option(names = "--input", paramLabel = "DIR", description = "input root holding one folder per source (default: sample-data)")
    String input;

    @Option(names = "--warehouse", paramLabel = "DIR", description = "root of the Delta tables (default: warehouse)")
    String warehouse;

    @Option(names = "--conf", paramLabel = "FILE", description = "job configuration (default: conf/evaluation.properties)")
    String conf;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "override one configuration key, e.g. --set quarantine.max_rejected_percent=2 (repeatable)")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = JobOptions.ALLOW_SAMPLE_KEY, description = "hash phone numbers with the public sample key on an input other "
            + "than the bundled sample-data (for tests only: set EVALUATION_HMAC_KEY for real data)")
    boolean allowSampleKey;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this text")
    boolean help;

    private EvaluateCommand() {
    }

    /** The command line as the job's options; a bad one stops with {@link RunStopped.Reason#BAD_INPUT} and one clear line. */
    public static JobOptions parse(String... args) {
        EvaluateCommand command = new EvaluateCommand();
        CommandLine line = new CommandLine(command);
        try {
            line.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw RunStopped.badInput(e.getMessage() + " (--help lists the options)");
        }
        if (line.isUsageHelpRequested()) {
            return new JobOptions(0, null, null, null, Map.of(), true);
        }
        return command.options();
    }

    private JobOptions options() {
        int fiscalYear = parseYear(year);
        Map<String, String> set = new LinkedHashMap<>();
        overrides.forEach((key, value) -> set.put(key.trim(), value.trim()));
        return new JobOptions(fiscalYear, input, warehouse, conf, Map.copyOf(set), false, allowSampleKey,
                asOf == null ? null : parseAsOf(asOf, fiscalYear));
    }

    public static String usage() {
        return new CommandLine(new EvaluateCommand()).getUsageMessage();
    }

    /** A day of the fiscal year {@code year} (fiscal year = calendar year), written yyyy-MM-dd. */
    static LocalDate parseAsOf(String value, int year) {
        LocalDate date;
        try {
            date = LocalDate.parse(value.trim(), DateTimeFormatter.ISO_LOCAL_DATE);
        } catch (DateTimeParseException e) {
            throw RunStopped.badInput("--as-of must be a date written yyyy-MM-dd such as " + year + "-07-31, got '" + value + "'");
        }
        if (date.getYear() != year) {
            throw RunStopped.badInput("--as-of " + date + " is outside fiscal year " + year + ": a day from " + year
                    + "-01-01 to " + year + "-12-31");
        }
        return date;
    }

    private static int parseYear(String value) {
        int year;
        try {
            year = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw RunStopped.badInput("--year must be a year such as 2023, got '" + value + "'");
        }
        int last = Year.now().getValue();
        if (year < JobOptions.FIRST_YEAR || year > last) {
            throw RunStopped.badInput("--year " + year + " is out of range: a fiscal year from " + JobOptions.FIRST_YEAR + " to " + last);
        }
        return year;
    }

    /**
     * The evaluation, then the district report and the forms as the configuration asks
     * ({@code report.write}, {@code forms.write}); a monitoring run gets its monitoring page only.
     */
    public static RunSummary evaluate(SparkSession spark, JobOptions options, JobConfig config) {
        return evaluate(spark, new EvaluationJob(options, config), options, config);
    }

    private static RunSummary evaluate(SparkSession spark, EvaluationJob job, JobOptions options, JobConfig config) {
        RunSummary summary = job.run(spark);
        RunLog log = new RunLog(job.runId());
        String warehouse = config.get(JobConfig.WAREHOUSE);
        int year = options.year();
        boolean report = Boolean.parseBoolean(config.get(JobConfig.REPORT_WRITE));
        boolean forms = !options.monitoring() && Boolean.parseBoolean(config.get(JobConfig.FORMS_WRITE));
        // The report and the forms read the same published tables: one view of them, each version read once.
        WarehouseTables published = null;
        if (report || forms) {
            try {
                published = WarehouseTables.open(spark, warehouse);
            } catch (RuntimeException e) {
                log.warn("report and forms not written (the tables are; jobs/report.sh and jobs/forms.sh --year %d write them): %s", year, e);
                return summary;
            }
        }
        // Side by side: each is a chain of small driver-bound reads, and neither needs the other.
        WarehouseTables tables = published;
        java.util.concurrent.CompletableFuture<Void> writingForms = !forms ? java.util.concurrent.CompletableFuture.completedFuture(null)
                : java.util.concurrent.CompletableFuture.runAsync(() -> writeForms(spark, tables, year, log), command -> {
                    Thread t = new Thread(command, "official-forms");
                    t.setDaemon(true);
                    t.start();
                });
        if (report) {
            try {
                if (options.monitoring()) {
                    log.info("monitoring report written: %s", DistrictReport.writeMonitoring(spark, published, year, options.asOf()));
                } else {
                    log.info("district report written: %s", DistrictReport.write(spark, published, year));
                }
            } catch (RuntimeException e) {
                // The tables are the product; a report that fails must not fail the run that wrote them.
                log.warn("report not written (the tables are; jobs/report.sh --year %d writes it): %s", year, e);
            }
        }
        writingForms.join();
        return summary;
    }

    private static void writeForms(SparkSession spark, WarehouseTables tables, int year, RunLog log) {
        try {
            OfficialForms.Written written = OfficialForms.write(spark, tables, year);
            log.info("official forms written: %s (%d unit forms, %s)", written.folder(), written.unitForms(), written.districtWorkbook());
        } catch (RuntimeException e) {
            // Like the report: the forms are read from the published tables, and jobs/forms.sh writes them again.
            log.warn("official forms not written (the tables are; jobs/forms.sh --year %d writes them): %s", year, e);
        }
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = 0;
        SparkSession spark = null;
        try {
            JobOptions options = parse(args);
            if (options.help()) {
                out.println(usage());
                return;
            }
            JobConfig config = JobConfig.load(options, Launch.home(), System.getenv());
            // What an operator must fix is found before Spark starts and before anything is written.
            EvaluationJob job = new EvaluationJob(options, config);
            job.preflight();
            spark = Launch.sparkSession(config);
            evaluate(spark, job, options, config);
        } catch (RunStopped stopped) {
            err.println("evaluate: error: " + stopped.getMessage());
            code = ExitCode.of(stopped);
        } catch (DeltaWarehouse.WriteFailure e) {
            err.println("evaluate: failed: " + e.getMessage());
            e.printStackTrace();
            code = ExitCode.FAILED;
        } catch (RuntimeException e) {
            err.println("evaluate: failed: " + e);
            e.printStackTrace();
            code = ExitCode.FAILED;
        } finally {
            if (spark != null) {
                spark.stop();
            }
        }
        if (code != 0) {
            System.exit(code);
        }
    }
}
