package cn.minhang.citymgmt.app;

import cn.minhang.citymgmt.report.ResultFormat;
import cn.minhang.citymgmt.tables.WarehouseTables;
import cn.minhang.citymgmt.job.JobConfig;
import cn.minhang.citymgmt.failures.RunStopped;
import cn.minhang.citymgmt.job.JobOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Runs one Spark SQL query over the warehouse for an analyst: every table folder becomes a
 * temporary view named after it, the result is printed as an aligned table or as CSV.
 *
 * <pre>
 *   jobs/query.sh [--warehouse DIR] [--csv] [--year YYYY] [--limit N] "SELECT …"
 *   jobs/query.sh [--warehouse DIR] [--csv] [--year YYYY] [--limit N] --file sql/league-table.sql
 * </pre>
 *
 * Exit codes: 0 done; 2 bad argument, missing warehouse or file, bad SQL; 1 any other failure.
 */
public final class QueryCommand {
    public static final int DEFAULT_LIMIT = 1000;
    /** Placeholder of SQL files, replaced by {@code --year} or the latest year of the warehouse. */
    public static final String YEAR_PLACEHOLDER = "${year}";

    /** The command line as picocli reads it; {@link Options#parse} checks what the annotations cannot say. */
    @Command(name = "query", sortOptions = false, usageHelpAutoWidth = false,
            description = {"Runs one Spark SQL query over the warehouse. Every table folder is a view named after it (units, "
                    + "unit_scorecard, indicator_scores, budget_execution, quarantine, job_runs, publications, …), each year as "
                    + "its current publication shows it; restatements lists what republished years changed.",
                    "Exit codes: 0 done, 2 bad argument, missing warehouse or file, bad SQL, 1 other failure."})
    static final class Arguments {
        @Option(names = "--warehouse", paramLabel = "DIR", description = "root of the Delta tables (default: the project's warehouse)")
        String warehouse;

        @Option(names = "--file", paramLabel = "FILE", description = "read the query from a file, e.g. sql/league-table.sql")
        String file;

        @Option(names = "--year", paramLabel = "YYYY", description = "replaces ${year} in the query (default: the latest fiscal year evaluated)")
        Integer year;

        @Option(names = "--csv", description = "print RFC 4180 CSV instead of an aligned table")
        boolean csv;

        @Option(names = "--limit", paramLabel = "N", description = "print at most N rows (default " + DEFAULT_LIMIT + ")")
        int limit = DEFAULT_LIMIT;

        @Option(names = "--latest", description = "read every table at its latest version instead of as published (what a run "
                + "that stopped before publishing, e.g. on too many rejects, left behind)")
        boolean latest;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this text")
        boolean help;

        @Parameters(arity = "0..1", paramLabel = "SQL", description = "the query, quoted as one argument")
        String sql;
    }

    /** The parsed command line. */
    record Options(String warehouse, String file, String sql, Integer year, boolean csv, int limit, boolean help, boolean latest) {
        static Options parse(String... args) {
            Arguments a = new Arguments();
            CommandLine line = new CommandLine(a);
            // A query may begin with a "-- comment": an argument that is no option of this command is the query.
            line.setUnmatchedOptionsArePositionalParams(true);
            try {
                line.parseArgs(args);
            } catch (CommandLine.ParameterException e) {
                throw RunStopped.badInput(e.getMessage() + " (--help lists the options; give the query as one quoted argument)");
            }
            if (line.isUsageHelpRequested()) {
                return new Options(null, null, null, null, false, DEFAULT_LIMIT, true, false);
            }
            if (a.year != null && (a.year < JobOptions.FIRST_YEAR || a.year > Year.now().getValue())) {
                throw RunStopped.badInput("--year must be a whole number from " + JobOptions.FIRST_YEAR + " to " + Year.now().getValue()
                        + ", got '" + a.year + "'");
            }
            if (a.limit < 1 || a.limit > 10_000_000) {
                throw RunStopped.badInput("--limit must be a whole number from 1 to 10000000, got '" + a.limit + "'");
            }
            if (a.sql == null && a.file == null) {
                throw RunStopped.badInput("no query: give one as an argument or with --file");
            }
            if (a.sql != null && a.file != null) {
                throw RunStopped.badInput("give either a query or --file, not both");
            }
            return new Options(a.warehouse, a.file, a.sql, a.year, a.csv, a.limit, false, a.latest);
        }
    }

    static String usage() {
        return new CommandLine(new Arguments()).getUsageMessage();
    }

    private QueryCommand() {
    }

    public static void main(String[] args) {
        ConsoleCommand.main(args, QueryCommand::run);
    }

    /**
     * The whole command without {@code System.exit}: parses {@code args}, checks the warehouse
     * and the file, obtains a session from {@code sessions} only then, runs the query in a new
     * session of it (so its views stay private) and prints to {@code out}; one error line goes
     * to {@code err}. Returns the exit code.
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Function<JobConfig, SparkSession> sessions) {
        try {
            Options options = Options.parse(args);
            if (options.help()) {
                out.println(usage());
                return ExitCode.OK;
            }
            JobConfig config = config(options.warehouse());
            String warehouse = config.get(JobConfig.WAREHOUSE);
            if (WarehouseTables.isLocal(warehouse) && !Files.isDirectory(Path.of(warehouse))) {
                throw RunStopped.badInput("warehouse " + warehouse + " does not exist (run jobs/evaluate.sh first, or give --warehouse)");
            }
            String sql = options.sql() != null ? options.sql() : readFile(options.file());
            SparkSession session = sessions.apply(config).newSession();
            return query(session, warehouse, sql, options, out, err);
        } catch (RunStopped e) {
            err.println("query: error: " + e.getMessage());
            return ExitCode.of(e);
        } catch (IllegalArgumentException e) {
            err.println("query: error: " + firstLine(e.getMessage()));
            return ExitCode.BAD_INPUT;
        } catch (RuntimeException e) {
            err.println("query: failed: " + firstLine(String.valueOf(e.getMessage())));
            return ExitCode.FAILED;
        }
    }

    private static int query(SparkSession session, String warehouse, String sqlText, Options options, PrintStream out, PrintStream err) {
        WarehouseTables tables = WarehouseTables.open(session, warehouse, options.latest());
        List<String> views = tables.registerViews(session);
        String sql = stripTrailingSemicolons(sqlText);
        if (sql.contains(YEAR_PLACEHOLDER)) {
            Integer year = options.year() != null ? options.year() : tables.latestYear();
            if (year == null) {
                throw RunStopped.badInput("the query uses " + YEAR_PLACEHOLDER + " but the warehouse holds no evaluated year: give --year");
            }
            sql = sql.replace(YEAR_PLACEHOLDER, String.valueOf(year));
        }
        Dataset<Row> result;
        List<Row> rows;
        try {
            session.sessionState().sqlParser().parsePlan(sql); // syntax errors first, in Spark's words
            String verb = firstKeyword(sql);
            if (!READ_ONLY.contains(verb)) {
                throw RunStopped.badInput((verb.isEmpty() ? "the query is empty" : verb + " is not a query")
                        + ": only SELECT, WITH, VALUES, TABLE, FROM, SHOW, DESCRIBE and EXPLAIN run here (the evaluation job is the one writer of the warehouse)");
            }
            result = session.sql(sql);
            rows = result.limit(options.limit() + 1).collectAsList();
        } catch (Exception e) {
            // Scala code throws the checked AnalysisException (ParseException included) undeclared.
            if (!(e instanceof AnalysisException)) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
            String message = firstLine(e.getMessage());
            if (message.contains("TABLE_OR_VIEW_NOT_FOUND")) {
                message += " (tables in " + warehouse + ": " + (views.isEmpty() ? "none" : String.join(", ", views)) + ")";
            }
            throw RunStopped.badInput(message);
        }
        boolean truncated = rows.size() > options.limit();
        if (truncated) {
            rows = new ArrayList<>(rows.subList(0, options.limit()));
        }
        if (options.csv()) {
            out.print(ResultFormat.csv(result.schema(), rows));
            if (truncated) {
                err.println("query: only the first " + options.limit() + " rows printed; raise --limit for more");
            }
        } else {
            out.print(ResultFormat.table(result.schema(), rows));
            out.println(truncated
                    ? String.format(Locale.ROOT, "(first %d rows shown; the result has more: raise --limit)", options.limit())
                    : "(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
        }
        out.flush();
        return ExitCode.OK;
    }

    /**
     * The job's configuration with {@code warehouse} (null: the configured default, the project's
     * {@code warehouse} folder): for the warehouse and the Spark settings of readers.
     */
    public static JobConfig config(String warehouse) {
        return JobConfig.forWarehouse(warehouse, Launch.home(), System.getenv());
    }


    /**
     * Reads a SQL file: the path as given, else relative to the project folder, else a
     * ready-made query of its {@code sql/} folder named with or without {@code .sql}.
     */
    private static String readFile(String file) {
        Path path = resolveFile(file);
        if (path == null) {
            throw RunStopped.badInput("SQL file " + file + " does not exist or is not a file");
        }
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw RunStopped.badInput("SQL file " + file + " cannot be read: " + e.getMessage());
        }
    }

    static Path resolveFile(String file) {
        Path given = Path.of(file);
        List<Path> candidates = new ArrayList<>(List.of(given));
        if (!given.isAbsolute()) {
            Path home = Launch.home();
            candidates.add(home.resolve(given));
            candidates.add(home.resolve("sql").resolve(given));
            candidates.add(home.resolve("sql").resolve(file + ".sql"));
        }
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElse(null);
    }

    /** Statements that only read: anything else (INSERT, DELETE, MERGE, DROP, SET …) is refused. */
    static final java.util.Set<String> READ_ONLY = java.util.Set.of("SELECT", "WITH", "VALUES", "TABLE", "FROM", "SHOW", "DESCRIBE", "DESC", "EXPLAIN");

    /** The first word of {@code sql} in upper case, after leading comments and parentheses. */
    static String firstKeyword(String sql) {
        String s = sql.strip();
        while (true) {
            if (s.startsWith("--")) {
                int end = s.indexOf('\n');
                s = end < 0 ? "" : s.substring(end + 1).strip();
            } else if (s.startsWith("/*")) {
                int end = s.indexOf("*/");
                s = end < 0 ? "" : s.substring(end + 2).strip();
            } else if (s.startsWith("(")) {
                s = s.substring(1).strip();
            } else {
                break;
            }
        }
        int end = 0;
        while (end < s.length() && Character.isLetter(s.charAt(end))) {
            end++;
        }
        return s.substring(0, end).toUpperCase(Locale.ROOT);
    }

    static String stripTrailingSemicolons(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        for (String line : message.strip().split("\\R")) {
            if (!line.isBlank()) {
                return line.strip();
            }
        }
        return message.strip();
    }
}
