package cn.minhang.citymgmt.job;

import cn.minhang.citymgmt.failures.RunStopped;
import cn.minhang.citymgmt.sources.Sources;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The job's settings: a Java properties file (UTF-8) under {@code conf/}, overridden by the
 * command line. Unknown keys are refused, so a typo cannot silently fall back to a default.
 */
public final class JobConfig {
    public static final String INPUT = "input";
    public static final String WAREHOUSE = "warehouse";
    public static final String TIME_ZONE = "time_zone";
    public static final String MAX_REJECTED_PERCENT = "quarantine.max_rejected_percent";
    /**
     * The percentage limit judges a source only when it rejected more rows than this: one typo in a
     * 15-row file is 6.7 % and says nothing, while a broken export of thousands of rows still stops.
     */
    public static final String MIN_REJECTED_ROWS = "quarantine.min_rejected_rows";
    /** Maintenance: every publication of the last N days stays readable (VACUUM retention), at least 7. */
    public static final String RETENTION_DAYS = "maintenance.retention_days";
    /** Delta's default for the tables a session creates: how long their log is kept (see DeltaWarehouse). */
    public static final String NEW_TABLE_LOG_RETENTION = "spark.databricks.delta.properties.defaults.logRetentionDuration";
    public static final String HMAC_KEY = "personal_data.hmac_key";
    /**
     * Per-source keys, {@code source.<name>.<setting>}: {@code encoding} (UTF-8 by default, e.g. GBK
     * for Excel exports) and overrides of the reject limit ({@code max_rejected_percent},
     * {@code min_rejected_rows}).
     */
    public static final String SOURCE_PREFIX = "source.";
    public static final String ENCODING = "encoding";
    public static final String MAX_PERCENT_SETTING = "max_rejected_percent";
    public static final String MIN_ROWS_SETTING = "min_rejected_rows";
    private static final java.util.Set<String> PER_SOURCE = java.util.Set.of(ENCODING, MAX_PERCENT_SETTING, MIN_ROWS_SETTING);
    public static final String OVERSHOOT_DEDUCTION = "scoring.overshoot_deduction";
    /** Folder of the indicator frameworks, one {@code <year>.csv} per fiscal year. */
    public static final String FRAMEWORK_DIR = "framework.dir";
    /** The rules of the results application (评价结果应用): the budget action of each grade, the rectification list's length. */
    public static final String RESULTS_RULES = "results.rules";
    /** Size at which a plain delivery file is cut into splits read by separate tasks ({@code 128m}, {@code 1g}, bytes). */
    public static final String SPLIT_BYTES = "ingest.split_bytes";
    /** Whether files the deliveries table knows unchanged, with no row of the year, are skipped. */
    public static final String SKIP_KNOWN_DELIVERIES = "ingest.skip_known_deliveries";
    /** Whether a successful run writes the district report after publishing (jobs/report.sh writes it any time). */
    public static final String REPORT_WRITE = "report.write";
    /** Whether a successful run writes the official forms (Excel) after publishing (jobs/forms.sh writes them any time). */
    public static final String FORMS_WRITE = "forms.write";
    /**
     * How many reads or writes run side by side: a number, or {@code auto} for half the task slots (1 to 4).
     * The default stays 4: on two cores a cold run was about as fast one at a time (79.7 s against 85.2 s, within
     * the machine's noise), while the warm test JVM was clearly faster side by side (docs/benchmarks.md).
     */
    public static final String PARALLEL_STAGES = "run.parallel_stages";
    /**
     * Below this much input to read for the year (gzip counted as inflated), Spark runs the job's queries
     * interpreted instead of compiling each to Java code: a district's run is hundreds of small queries whose
     * compilation, and the JIT's work on the compiled classes, cost more than they save; a city's is not
     * (docs/benchmarks.md). 0 always compiles. Spark's own settings, when given, win.
     */
    public static final String INTERPRETED_BELOW = "run.interpreted_below";
    static final String AUTO = "auto";
    /**
     * Mid-year monitoring: a unit is behind on its budget when its execution progress (执行进度) lags
     * the time progress (时间进度) by more than this many percentage points. 10 is the convention of
     * Chinese budget performance monitoring (预算绩效运行监控), not a national rule: configurable.
     */
    public static final String MONITORING_MARGIN = "monitoring.budget_margin_points";
    /** Anything under {@code spark.} is handed to Spark unless spark-submit already set it. */
    public static final String SPARK_PREFIX = "spark.";

    /** Environment variable that overrides {@link #HMAC_KEY}, so the secret need not sit in a file. */
    public static final String HMAC_KEY_ENV = "EVALUATION_HMAC_KEY";
    /** The key shipped with the sample configuration; the job warns when it runs with it. */
    public static final String SAMPLE_HMAC_KEY = "sample-key-not-a-secret";

    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry(INPUT, "sample-data"),
            Map.entry(WAREHOUSE, "warehouse"),
            Map.entry(TIME_ZONE, "Asia/Shanghai"),
            Map.entry(MAX_REJECTED_PERCENT, "5"),
            Map.entry(MIN_REJECTED_ROWS, "20"),
            Map.entry(RETENTION_DAYS, "30"),
            Map.entry(HMAC_KEY, SAMPLE_HMAC_KEY),
            Map.entry(OVERSHOOT_DEDUCTION, "false"),
            Map.entry(FRAMEWORK_DIR, "conf/framework"),
            Map.entry(RESULTS_RULES, "conf/results-application.properties"),
            Map.entry(SPLIT_BYTES, "128m"),
            Map.entry(SKIP_KNOWN_DELIVERIES, "true"),
            Map.entry(REPORT_WRITE, "true"),
            Map.entry(FORMS_WRITE, "true"),
            Map.entry(PARALLEL_STAGES, "4"),
            Map.entry(INTERPRETED_BELOW, "256m"),
            Map.entry(MONITORING_MARGIN, "10"),
            // Every table the job creates keeps its Delta log (DeltaWarehouse.LOG_RETENTION_DAYS): a year's
            // latest publication may be years old, and time travel to it needs its log, not only its files.
            Map.entry(NEW_TABLE_LOG_RETENTION, "interval " + cn.minhang.citymgmt.tables.DeltaWarehouse.LOG_RETENTION_DAYS + " days"));

    private final Map<String, String> values;
    private final String origin;
    private final Path home;

    /** Whether {@link #RESULTS_RULES} was named by a file or the command line (then it must exist). */
    private boolean resultRulesNamed;

    /**
     * Whether the rules of the results application were named by the configuration or the command
     * line: such a file must exist; the default one may be absent (a home without conf/ gets the
     * built-in rules, as it gets the built-in settings).
     */
    public boolean resultRulesNamed() {
        return resultRulesNamed;
    }

    private JobConfig(Map<String, String> values, String origin, Path home) {
        this.values = values;
        this.origin = origin;
        this.home = home;
    }

    /** The project folder the relative defaults were resolved against. */
    public Path home() {
        return home;
    }

    /**
     * Defaults, then {@code file} (which must exist when given explicitly), then the command line
     * and the environment. Relative paths of the defaults resolve against {@code home}.
     */
    public static JobConfig load(JobOptions options, Path home, Map<String, String> env) {
        return load(options.conf(), options.overrides(), options.input(), options.warehouse(), home, env);
    }

    /**
     * The configuration of a command that reads what runs wrote (query, report, forms, maintain):
     * the configured file and environment, with {@code warehouse} when given; no fiscal year is involved.
     */
    public static JobConfig forWarehouse(String warehouse, Path home, Map<String, String> env) {
        return forWarehouse(warehouse, null, Map.of(), home, env);
    }

    /** As {@link #forWarehouse(String, Path, Map)}, from the file {@code conf} (null: the default) and {@code overrides}. */
    public static JobConfig forWarehouse(String warehouse, String conf, Map<String, String> overrides, Path home, Map<String, String> env) {
        return load(conf, overrides, null, warehouse, home, env);
    }

    private static JobConfig load(String conf, Map<String, String> overrides, String input, String warehouse, Path home,
                                  Map<String, String> env) {
        Map<String, String> values = new TreeMap<>(DEFAULTS);
        Path file = conf != null ? Path.of(conf) : home.resolve("conf/evaluation.properties");
        String origin = "built-in defaults";
        if (conf != null || Files.exists(file)) {
            values.putAll(readProperties(file));
            origin = file.toString();
        }
        values.putAll(overrides);
        boolean rulesNamed = !values.get(RESULTS_RULES).equals(DEFAULTS.get(RESULTS_RULES));
        if (input != null) {
            values.put(INPUT, input);
        } else {
            values.put(INPUT, resolve(home, values.get(INPUT)));
        }
        if (warehouse != null) {
            values.put(WAREHOUSE, warehouse);
        } else {
            values.put(WAREHOUSE, resolve(home, values.get(WAREHOUSE)));
        }
        values.put(FRAMEWORK_DIR, resolve(home, values.get(FRAMEWORK_DIR)));
        values.put(RESULTS_RULES, resolve(home, values.get(RESULTS_RULES)));
        if (env.get(HMAC_KEY_ENV) != null && !env.get(HMAC_KEY_ENV).isBlank()) {
            values.put(HMAC_KEY, env.get(HMAC_KEY_ENV));
        }
        JobConfig config = new JobConfig(values, origin, home);
        config.resultRulesNamed = rulesNamed;
        config.validate();
        return config;
    }

    private static String resolve(Path home, String path) {
        return path.contains("://") || Path.of(path).isAbsolute() ? path : home.resolve(path).normalize().toString();
    }

    private static Map<String, String> readProperties(Path file) {
        if (!Files.isRegularFile(file)) {
            throw RunStopped.badInput("configuration " + file + " does not exist or is not a file");
        }
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw RunStopped.badInput("configuration " + file + " cannot be read: " + e.getMessage());
        }
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k.trim(), p.getProperty(k).trim()));
        return m;
    }

    private void validate() {
        for (String key : values.keySet()) {
            if (!DEFAULTS.containsKey(key) && !key.startsWith(SPARK_PREFIX) && !isPerSourceKey(key)) {
                throw RunStopped.badInput("configuration " + origin + ": unknown key '" + key + "'");
            }
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (isPerSourceKey(e.getKey()) && e.getKey().endsWith("." + ENCODING) && !Charset.isSupported(e.getValue())) {
                throw RunStopped.badInput("configuration " + origin + ": " + e.getKey() + " names an unknown encoding '" + e.getValue() + "'");
            }
        }
        for (String key : values.keySet()) {
            if (key.equals(MAX_REJECTED_PERCENT) || key.endsWith("." + MAX_PERCENT_SETTING) && isPerSourceKey(key)) {
                double max = number(key);
                if (max < 0 || max > 100) {
                    throw RunStopped.badInput("configuration " + origin + ": " + key + " must be between 0 and 100, got " + get(key));
                }
            }
            if (key.equals(MIN_REJECTED_ROWS) || key.endsWith("." + MIN_ROWS_SETTING) && isPerSourceKey(key)) {
                if (integer(key) < 0) {
                    throw RunStopped.badInput("configuration " + origin + ": " + key + " must be 0 or more, got " + get(key));
                }
            }
        }
        if (integer(RETENTION_DAYS) < 7) {
            throw RunStopped.badInput("configuration " + origin + ": " + RETENTION_DAYS
                    + " must be at least 7 (Delta refuses to vacuum files younger than a week), got " + get(RETENTION_DAYS));
        }
        try {
            ZoneId.of(get(TIME_ZONE));
        } catch (RuntimeException e) {
            throw RunStopped.badInput("configuration " + origin + ": " + TIME_ZONE + " '" + get(TIME_ZONE) + "' is not a time zone");
        }
        String flag = get(OVERSHOOT_DEDUCTION);
        if (!flag.equals("true") && !flag.equals("false")) {
            throw RunStopped.badInput("configuration " + origin + ": " + OVERSHOOT_DEDUCTION + " must be true or false");
        }
        if (bytes(INTERPRETED_BELOW) < 0) {
            throw RunStopped.badInput("configuration " + origin + ": " + INTERPRETED_BELOW + " must be a size such as 256m, or 0, got "
                    + get(INTERPRETED_BELOW));
        }
        if (bytes(SPLIT_BYTES) < 64 * 1024) {
            throw RunStopped.badInput("configuration " + origin + ": " + SPLIT_BYTES + " must be at least 64k, got " + get(SPLIT_BYTES));
        }
        for (String key : List.of(SKIP_KNOWN_DELIVERIES, REPORT_WRITE, FORMS_WRITE)) {
            if (!get(key).equals("true") && !get(key).equals("false")) {
                throw RunStopped.badInput("configuration " + origin + ": " + key + " must be true or false");
            }
        }
        String stages = get(PARALLEL_STAGES);
        if (!stages.equals(AUTO) && !(stages.matches("[0-9]{1,2}") && Integer.parseInt(stages) >= 1 && Integer.parseInt(stages) <= 64)) {
            throw RunStopped.badInput("configuration " + origin + ": " + PARALLEL_STAGES + " must be " + AUTO
                    + " or a number between 1 and 64, got " + get(PARALLEL_STAGES));
        }
        double margin = number(MONITORING_MARGIN);
        if (!(margin >= 0 && margin <= 100)) {
            throw RunStopped.badInput("configuration " + origin + ": " + MONITORING_MARGIN
                    + " must be a number of percentage points between 0 and 100, got " + get(MONITORING_MARGIN));
        }
        if (get(HMAC_KEY).length() < 16) {
            throw RunStopped.badInput("configuration " + origin + ": " + HMAC_KEY + " must have at least 16 characters");
        }
    }

    /** Stages run side by side, for a cluster (or local master) of {@code taskSlots} task slots. */
    public int parallelStages(int taskSlots) {
        return get(PARALLEL_STAGES).equals(AUTO) ? Math.max(1, Math.min(4, taskSlots / 2)) : integer(PARALLEL_STAGES);
    }

    /** {@code source.<name>.<setting>} naming a known source and a known setting. */
    private static boolean isPerSourceKey(String key) {
        if (!key.startsWith(SOURCE_PREFIX)) {
            return false;
        }
        int dot = key.lastIndexOf('.');
        String source = key.substring(SOURCE_PREFIX.length(), Math.max(SOURCE_PREFIX.length(), dot));
        return dot > SOURCE_PREFIX.length() && PER_SOURCE.contains(key.substring(dot + 1)) && Sources.named(source).isPresent();
    }


    /** The reject limit of one source: its own keys where set, else the global ones. */
    public cn.minhang.citymgmt.checks.RejectLimit rejectLimit(String source) {
        String percent = sourceKey(source, MAX_PERCENT_SETTING);
        String rows = sourceKey(source, MIN_ROWS_SETTING);
        return new cn.minhang.citymgmt.checks.RejectLimit(number(values.containsKey(percent) ? percent : MAX_REJECTED_PERCENT),
                integer(values.containsKey(rows) ? rows : MIN_REJECTED_ROWS));
    }

    /** The key that would set {@code setting} for {@code source} alone. */
    public static String sourceKey(String source, String setting) {
        return SOURCE_PREFIX + source + "." + setting;
    }

    public String get(String key) {
        return values.get(key);
    }

    public double number(String key) {
        try {
            return Double.parseDouble(get(key));
        } catch (NumberFormatException e) {
            throw RunStopped.badInput("configuration " + origin + ": " + key + " must be a number, got '" + get(key) + "'");
        }
    }

    public int integer(String key) {
        try {
            return Integer.parseInt(get(key));
        } catch (NumberFormatException e) {
            throw RunStopped.badInput("configuration " + origin + ": " + key + " must be a whole number, got '" + get(key) + "'");
        }
    }

    /** A size such as {@code 128m}, {@code 1g}, {@code 64k} or a number of bytes. */
    public long bytes(String key) {
        String v = get(key).trim().toLowerCase(java.util.Locale.ROOT);
        long unit = v.endsWith("k") ? 1L << 10 : v.endsWith("m") ? 1L << 20 : v.endsWith("g") ? 1L << 30 : 1;
        try {
            return Long.parseLong(unit == 1 ? v : v.substring(0, v.length() - 1)) * unit;
        } catch (NumberFormatException e) {
            throw RunStopped.badInput("configuration " + origin + ": " + key + " must be a size such as 128m, got '" + get(key) + "'");
        }
    }

    public String origin() {
        return origin;
    }

    public String encodingOf(String source) {
        return values.getOrDefault(sourceKey(source, ENCODING), "UTF-8");
    }

    public boolean usesSampleKey() {
        return SAMPLE_HMAC_KEY.equals(get(HMAC_KEY));
    }

    public Map<String, String> sparkSettings() {
        Map<String, String> spark = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(SPARK_PREFIX)) {
                spark.put(k, v);
            }
        });
        return spark;
    }

    /** SHA-256 of the settings that shape the results (paths and the secret left out). */
    public String fingerprint() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            values.forEach((k, v) -> {
                if (!k.equals(HMAC_KEY) && !k.equals(INPUT) && !k.equals(WAREHOUSE)) {
                    digest.update((k + "=" + v + "\n").getBytes(StandardCharsets.UTF_8));
                }
            });
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
