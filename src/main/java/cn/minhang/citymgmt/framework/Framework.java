package cn.minhang.citymgmt.framework;

import cn.minhang.citymgmt.failures.RunStopped;
import cn.minhang.citymgmt.metrics.MetricCatalog;
import cn.minhang.citymgmt.scoring.MeasureUnit;
import cn.minhang.citymgmt.scoring.ParsedTarget;
import cn.minhang.citymgmt.scoring.Polarity;
import cn.minhang.citymgmt.scoring.TargetParser;
import cn.minhang.citymgmt.scoring.UnitConversion;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A fiscal year's indicator framework, read from {@code conf/framework/<year>.csv} and checked
 * before any data is touched: weights add up to 100, every metric exists, every default target
 * converts to its metric's unit, thresholds are ordered. A framework that fails stops the job
 * with the indicator named.
 */
public final class Framework implements Serializable {
    public static final BigDecimal TOTAL_WEIGHT = new BigDecimal("100");
    static final List<String> COLUMNS = List.of("indicator_id", "level1", "level2", "name", "weight", "polarity",
            "method", "metric_id", "default_target", "achieved_at", "partial_at");

    private final int fiscalYear;
    private final List<Indicator> indicators;
    /** The file it was read from and the SHA-256 of its bytes (null for a framework built in code). */
    private final String file;
    private final String fingerprint;

    public Framework(int fiscalYear, List<Indicator> indicators) {
        this(fiscalYear, indicators, null, null);
    }

    private Framework(int fiscalYear, List<Indicator> indicators, String file, String fingerprint) {
        this.fiscalYear = fiscalYear;
        this.indicators = List.copyOf(indicators);
        this.file = file;
        this.fingerprint = fingerprint;
    }

    /** The framework file that governs the year, e.g. {@code 2023.csv} for 2025 when no later file exists. */
    public String file() {
        return file;
    }

    /** SHA-256 of the framework file, so a run records exactly which framework scored it. */
    public String fingerprint() {
        return fingerprint;
    }

    public int fiscalYear() {
        return fiscalYear;
    }

    public List<Indicator> indicators() {
        return indicators;
    }

    public Set<String> indicatorIds() {
        Set<String> ids = new HashSet<>();
        indicators.forEach(i -> ids.add(i.id()));
        return ids;
    }

    /** Reads and validates the framework governing {@code fiscalYear} from {@code dir} ({@link FrameworkFiles}). */
    public static Framework load(Path dir, int fiscalYear) {
        Path file = FrameworkFiles.forYear(dir, fiscalYear);
        String fingerprint;
        try {
            fingerprint = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw RunStopped.badInput("framework " + file + " cannot be read: " + e.getMessage());
        }
        List<String[]> rows;
        CsvParserSettings settings = new CsvParserSettings();
        settings.setLineSeparatorDetectionEnabled(true);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            rows = new CsvParser(settings).parseAll(reader);
        } catch (IOException | RuntimeException e) {
            throw RunStopped.badInput("framework " + file + " cannot be read: " + e.getMessage());
        }
        if (rows.isEmpty()) {
            throw RunStopped.badInput("framework " + file + " is empty");
        }
        Map<String, Integer> header = new LinkedHashMap<>();
        String[] names = rows.get(0);
        for (int i = 0; i < names.length; i++) {
            header.put(names[i] == null ? "" : names[i].replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT), i);
        }
        List<String> missing = COLUMNS.stream().filter(c -> !header.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw RunStopped.badInput("framework " + file + " lacks column(s) " + String.join(", ", missing));
        }
        List<Indicator> indicators = new ArrayList<>();
        for (int r = 1; r < rows.size(); r++) {
            String[] row = rows.get(r);
            String id = field(row, header, "indicator_id");
            try {
                indicators.add(indicator(row, header));
            } catch (RuntimeException e) {
                throw RunStopped.badInput("framework " + file + " line " + (r + 1) + " (" + id + "): " + e.getMessage());
            }
        }
        Framework framework = new Framework(fiscalYear, indicators, file.getFileName().toString(), fingerprint);
        List<String> problems = framework.problems();
        if (!problems.isEmpty()) {
            throw RunStopped.badInput("framework " + file + " is invalid: " + String.join("; ", problems));
        }
        return framework;
    }

    private static String field(String[] row, Map<String, Integer> header, String column) {
        int i = header.get(column);
        String v = i < row.length ? row[i] : null;
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static Indicator indicator(String[] row, Map<String, Integer> header) {
        String weight = field(row, header, "weight");
        if (weight == null) {
            throw new IllegalArgumentException("weight is empty");
        }
        String method = field(row, header, "method");
        return new Indicator(
                field(row, header, "indicator_id"),
                field(row, header, "level1"),
                field(row, header, "level2"),
                field(row, header, "name"),
                new BigDecimal(weight),
                Polarity.parse(field(row, header, "polarity")),
                Indicator.Method.valueOf(method == null ? "" : method.toUpperCase(Locale.ROOT)),
                field(row, header, "metric_id"),
                field(row, header, "default_target"),
                decimal(field(row, header, "achieved_at")),
                decimal(field(row, header, "partial_at")));
    }

    private static BigDecimal decimal(String text) {
        return text == null ? null : new BigDecimal(text);
    }

    /** Everything wrong with this framework, each naming its indicator; empty when it is sound. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        Set<String> seen = new HashSet<>();
        for (Indicator i : indicators) {
            String at = "indicator " + i.id() + ": ";
            if (i.id() == null || !i.id().matches("[a-z_]+\\.[a-z_]+")) {
                problems.add(at + "id must look like group.name");
                continue;
            }
            if (!seen.add(i.id())) {
                problems.add(at + "appears twice");
            }
            if (i.level1() == null || i.name() == null) {
                problems.add(at + "level1 and name are required");
            }
            if (i.weight().signum() <= 0) {
                problems.add(at + "weight must be above 0");
            }
            total = total.add(i.weight());
            problems.addAll(methodProblems(i, at));
        }
        if (total.compareTo(TOTAL_WEIGHT) != 0) {
            problems.add("weights add up to " + total.toPlainString() + ", not 100");
        }
        return problems;
    }

    private static List<String> methodProblems(Indicator i, String at) {
        List<String> problems = new ArrayList<>();
        if (i.method() == Indicator.Method.ASSESSMENT) {
            if (i.quantitative()) {
                problems.add(at + "an assessed indicator must be qualitative");
            }
            return problems;
        }
        MetricCatalog.Entry metric = i.metricId() == null ? null : MetricCatalog.find(i.metricId()).orElse(null);
        if (metric == null) {
            problems.add(at + "metric '" + i.metricId() + "' does not exist");
            return problems;
        }
        if (i.method() == Indicator.Method.BUDGET && !i.metricId().equals("budget.execution_rate")) {
            problems.add(at + "the budget method scores budget.execution_rate only");
        }
        if (i.method() == Indicator.Method.IMPROVEMENT) {
            BigDecimal achieved = i.achievedAt() == null ? BigDecimal.ZERO : i.achievedAt();
            if (achieved.signum() != 0 || i.partialAt() == null || i.partialAt().signum() >= 0) {
                problems.add(at + "an improvement needs achieved_at 0 and partial_at below 0");
            }
        } else if (!i.quantitative()) {
            if (i.achievedAt() == null || i.partialAt() == null || i.achievedAt().compareTo(i.partialAt()) == 0) {
                problems.add(at + "a metric-graded qualitative indicator needs achieved_at and partial_at, in order");
            }
        } else {
            problems.addAll(targetProblems(i, metric, at));
        }
        return problems;
    }

    private static List<String> targetProblems(Indicator i, MetricCatalog.Entry metric, String at) {
        ParsedTarget target = TargetParser.parse(i.defaultTarget());
        if (!target.isNumeric()) {
            return List.of(at + "default target '" + i.defaultTarget() + "' is not a number"
                    + (target.error() == null ? "" : " (" + target.error() + ")"));
        }
        MeasureUnit unit;
        try {
            unit = MeasureUnit.parse(metric.unit());
        } catch (RuntimeException e) {
            return List.of(at + "metric " + metric.id() + " is in " + metric.unit() + ", which no target can be written in");
        }
        if (target.unit() != null && !UnitConversion.compatible(target.unit(), unit)) {
            return List.of(at + "default target unit '" + target.unit() + "' does not convert to " + unit.code()
                    + " (metric " + metric.id() + ")");
        }
        return List.of();
    }
}
