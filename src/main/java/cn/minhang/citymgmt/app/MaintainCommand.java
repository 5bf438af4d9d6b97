package cn.minhang.citymgmt.app;

import cn.minhang.citymgmt.tables.WarehouseTables;
import cn.minhang.citymgmt.report.ResultFormat;
import cn.minhang.citymgmt.maintenance.TableMaintenance;
import cn.minhang.citymgmt.job.JobConfig;
import cn.minhang.citymgmt.failures.RunStopped;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Table maintenance from the command line: compacts every published year and vacuums every table
 * of the warehouse, keeping every publication of the last {@code maintenance.retention_days} days
 * and the latest publication of every year readable ({@link TableMaintenance} says how), then
 * prints per table the files and bytes before and after.
 *
 * <pre>
 *   jobs/maintain.sh [--warehouse DIR] [--retention-days N] [--conf FILE] [--dry-run]
 * </pre>
 *
 * Exit codes: 0 done (tables held or years skipped are reported, and are no failure); 2 bad
 * argument or configuration, missing warehouse; 1 any other failure (a table that could not be
 * compacted or vacuumed: the others are still maintained).
 */
@Command(name = "maintain", sortOptions = false, usageHelpAutoWidth = false,
        description = {"Compacts (OPTIMIZE, one fiscal year at a time, under the year's lock, then republished) and vacuums every "
                + "table of the warehouse. Every publication of the last N days (maintenance.retention_days) and the latest "
                + "publication of every year stay readable; a table where a year has an unpublished write is not vacuumed (held), "
                + "a year a run holds is not compacted (skipped). Prints files and bytes per table before and after.",
                "Exit codes: 0 done, 2 bad argument or missing warehouse, 1 other failure."})
public final class MaintainCommand implements Callable<Integer> {

    @Option(names = "--warehouse", paramLabel = "DIR", description = "root of the Delta tables (default: the configured warehouse, the project's warehouse folder)")
    String warehouse;

    @Option(names = "--retention-days", paramLabel = "N", description = "keep every publication of the last N days readable; overrides maintenance.retention_days (default 30, at least 7)")
    Integer retentionDays;

    @Option(names = "--conf", paramLabel = "FILE", description = "job configuration (default: conf/evaluation.properties)")
    String conf;

    @Option(names = "--dry-run", description = "say what would be compacted, republished and deleted; change nothing")
    boolean dryRun;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this text")
    boolean help;

    private final PrintStream out;
    private final PrintStream err;
    private final Function<JobConfig, SparkSession> sessions;

    private MaintainCommand(PrintStream out, PrintStream err, Function<JobConfig, SparkSession> sessions) {
        this.out = out;
        this.err = err;
        this.sessions = sessions;
    }

    public static void main(String[] args) {
        ConsoleCommand.main(args, MaintainCommand::run);
    }

    /**
     * The whole command without {@code System.exit}: parses {@code args}, reads the configuration,
     * checks the warehouse, obtains a session from {@code sessions} only then, maintains and prints
     * the report to {@code out}; errors go to {@code err} in one line. Returns the exit code.
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Function<JobConfig, SparkSession> sessions) {
        CommandLine cl = ConsoleCommand.commandLine("maintain", new MaintainCommand(out, err, sessions), out, err);
        cl.setExecutionExceptionHandler((e, c, p) -> {
            err.println("maintain: failed: " + QueryCommand.firstLine(String.valueOf(e.getMessage())));
            return ExitCode.FAILED;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        try {
            JobConfig config = config();
            String root = config.get(JobConfig.WAREHOUSE);
            if (WarehouseTables.isLocal(root) && !Files.isDirectory(Path.of(root))) {
                throw RunStopped.badInput("warehouse " + root + " does not exist (give --warehouse, or run jobs/evaluate.sh first)");
            }
            int days = config.integer(JobConfig.RETENTION_DAYS);
            SparkSession spark = sessions.apply(config);
            TableMaintenance.Result result = new TableMaintenance(spark, root, days).run(dryRun);
            out.print(format(result));
            out.flush();
            if (result.failed()) {
                err.println("maintain: failed: " + result.tables().stream().filter(TableMaintenance.TableResult::failed)
                        .map(t -> t.table() + ": " + t.vacuum()).findFirst().orElse("a table failed"));
                return ExitCode.FAILED;
            }
            return ExitCode.OK;
        } catch (RunStopped e) {
            err.println("maintain: error: " + e.getMessage());
            return ExitCode.of(e);
        } catch (IllegalArgumentException e) {
            err.println("maintain: error: " + QueryCommand.firstLine(e.getMessage()));
            return ExitCode.BAD_INPUT;
        } catch (RuntimeException e) {
            err.println("maintain: failed: " + QueryCommand.firstLine(String.valueOf(e.getMessage())));
            return ExitCode.FAILED;
        }
    }

    /** The job's configuration, as the job reads it, with this command's overrides. */
    private JobConfig config() {
        Map<String, String> overrides = retentionDays == null ? Map.of() : Map.of(JobConfig.RETENTION_DAYS, String.valueOf(retentionDays));
        return JobConfig.forWarehouse(warehouse, conf, overrides, Launch.home(), System.getenv());
    }

    /** The report: a heading, an aligned table of the tables with a total, then the years and the holds. */
    public static String format(TableMaintenance.Result r) {
        StringBuilder s = new StringBuilder();
        long days = r.retention().toDays();
        s.append(r.dryRun() ? "dry run (nothing changed): " : "").append("maintenance of ").append(r.warehouse())
                .append(", retention ").append(days).append(days == 1 ? " day" : " days")
                .append(": every publication since ").append(Instant.now().minus(r.retention()).toString(), 0, 10)
                .append(" and the latest of every year stay readable").append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"table", "files before", "bytes before", "files after", "bytes after", "compacted years",
                r.dryRun() ? "vacuum (would)" : "vacuum"});
        for (TableMaintenance.TableResult t : r.tables()) {
            rows.add(new String[]{t.table(), n(t.filesBefore()), n(t.bytesBefore()), n(t.filesAfter()), n(t.bytesAfter()),
                    t.compactedYears().isEmpty() ? "" : String.join(" ", t.compactedYears().stream().map(String::valueOf).toList()),
                    t.vacuum() == null ? "" : t.vacuum()});
        }
        rows.add(new String[]{"total (" + r.tables().size() + " tables)", n(r.filesBefore()), n(r.bytesBefore()),
                n(r.filesAfter()), n(r.bytesAfter()), "", ""});
        s.append(align(rows));
        if (!r.years().isEmpty()) {
            s.append("fiscal years:\n");
            r.years().forEach(y -> s.append("  ").append(y.year()).append("  ").append(y.outcome()).append('\n'));
        }
        if (!r.holds().isEmpty()) {
            s.append("held (not vacuumed, so that what readers read stays):\n");
            r.holds().forEach(h -> s.append("  ").append(h).append('\n'));
        }
        return s.toString();
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    /** Columns padded to their widest cell; numbers (columns 1–4) right-aligned; a rule under the header and above the total. */
    private static String align(List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        rows.forEach(r -> {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], ResultFormat.displayWidth(r[i]));
            }
        });
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < rows.size(); k++) {
            if (k == rows.size() - 1 || k == 1) {
                rule(s, width);
            }
            String[] r = rows.get(k);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                String pad = " ".repeat(width[i] - ResultFormat.displayWidth(r[i]));
                line.append(i == 0 ? "" : "  ").append(i >= 1 && i <= 4 ? pad + r[i] : r[i] + pad);
            }
            s.append(line.toString().stripTrailing()).append('\n');
        }
        return s.toString();
    }

    private static void rule(StringBuilder s, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            line.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
        }
        s.append(line).append('\n');
    }
}
