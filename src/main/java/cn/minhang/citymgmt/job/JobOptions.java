package cn.minhang.citymgmt.job;

import java.time.LocalDate;
import java.time.Year;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command line: {@code --year} (required), {@code --input}, {@code --warehouse},
 * {@code --conf} and repeatable {@code --set key=value}; each overrides the configuration file.
 */
public record JobOptions(int year, String input, String warehouse, String conf, Map<String, String> overrides, boolean help,
                         boolean allowSampleKey, LocalDate asOf) {
    public static final int FIRST_YEAR = 2000;
    /** Lets the public sample key hash personal data of inputs other than the bundled sample (tests only). */
    public static final String ALLOW_SAMPLE_KEY = "--allow-sample-key";

    public JobOptions(int year, String input, String warehouse, String conf, Map<String, String> overrides, boolean help) {
        this(year, input, warehouse, conf, overrides, help, false, null);
    }

    public JobOptions(int year, String input, String warehouse, String conf, Map<String, String> overrides, boolean help,
                      boolean allowSampleKey) {
        this(year, input, warehouse, conf, overrides, help, allowSampleKey, null);
    }

    /** A mid-year monitoring run (双监控): records governed up to {@link #asOf()}, monitoring tables only. */
    public boolean monitoring() {
        return asOf != null;
    }

    public static final String USAGE = """
            usage: evaluate --year YYYY [--as-of YYYY-MM-DD] [--input DIR] [--warehouse DIR] [--conf FILE] [--set key=value]...
              --year       fiscal year to evaluate (required; %d up to the current year)
              --as-of      mid-year monitoring (双监控) as of that day of the fiscal year: only records
                           governed up to it (inclusive); writes the monitoring_* tables, never the
                           year-end tables
              --input      input root holding one folder per source (default: sample-data)
              --warehouse  root of the Delta tables (default: warehouse)
              --conf       job configuration (default: conf/evaluation.properties)
              --set        override one configuration key, e.g. --set quarantine.max_rejected_percent=2
              --allow-sample-key
                           hash phone numbers with the public sample key on an input other than the
                           bundled sample-data (for tests only: set EVALUATION_HMAC_KEY for real data)
              --help       print this text""".formatted(FIRST_YEAR);

    public static JobOptions parse(String... args) {
        Integer year = null;
        String input = null;
        String warehouse = null;
        String conf = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        boolean allowSampleKey = false;
        String asOf = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals(ALLOW_SAMPLE_KEY)) {
                allowSampleKey = true;
                continue;
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (name.equals("--help") || name.equals("-h")) {
                return new JobOptions(0, null, null, null, Map.of(), true);
            }
            if (!name.equals("--year") && !name.equals("--input") && !name.equals("--warehouse")
                    && !name.equals("--conf") && !name.equals("--set") && !name.equals("--as-of")) {
                throw JobFailure.badInput("unknown option " + arg + "\n" + USAGE);
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw JobFailure.badInput("option " + name + " needs a value\n" + USAGE);
                }
                value = args[++i];
            }
            switch (name) {
                case "--year" -> year = parseYear(value);
                case "--input" -> input = value;
                case "--warehouse" -> warehouse = value;
                case "--conf" -> conf = value;
                case "--as-of" -> asOf = value;
                default -> {
                    int at = value.indexOf('=');
                    if (at <= 0) {
                        throw JobFailure.badInput("--set takes key=value, got '" + value + "'");
                    }
                    overrides.put(value.substring(0, at).trim(), value.substring(at + 1).trim());
                }
            }
        }
        if (year == null) {
            throw JobFailure.badInput("--year is required\n" + USAGE);
        }
        return new JobOptions(year, input, warehouse, conf, Map.copyOf(overrides), false, allowSampleKey,
                asOf == null ? null : parseAsOf(asOf, year));
    }

    /** A day of the fiscal year {@code year} (fiscal year = calendar year), written yyyy-MM-dd. */
    static LocalDate parseAsOf(String value, int year) {
        LocalDate date;
        try {
            date = LocalDate.parse(value.trim(), DateTimeFormatter.ISO_LOCAL_DATE);
        } catch (DateTimeParseException e) {
            throw JobFailure.badInput("--as-of must be a date written yyyy-MM-dd such as " + year + "-07-31, got '" + value + "'");
        }
        if (date.getYear() != year) {
            throw JobFailure.badInput("--as-of " + date + " is outside fiscal year " + year + ": a day from " + year
                    + "-01-01 to " + year + "-12-31");
        }
        return date;
    }

    private static int parseYear(String value) {
        int year;
        try {
            year = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw JobFailure.badInput("--year must be a year such as 2023, got '" + value + "'");
        }
        int last = Year.now().getValue();
        if (year < FIRST_YEAR || year > last) {
            throw JobFailure.badInput("--year " + year + " is out of range: a fiscal year from " + FIRST_YEAR + " to " + last);
        }
        return year;
    }
}
