package cn.minhang.citymgmt.scoring;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The rules of the results application (评价结果应用): what each grade proposes for the unit's next
 * budget, and how long its rectification list (整改清单) is. Read from a properties file
 * ({@code conf/results-application.properties}, UTF-8):
 *
 * <pre>
 * grade.优.action = priority_support
 * grade.良.action = maintain
 * grade.中.action = cut
 * grade.中.cut_percent = 10
 * grade.中.rectification = true
 * grade.差.action = suspend          # or cut with a cut_percent
 * grade.差.rectification = true
 * rectification.max_items = 3
 * </pre>
 *
 * Every grade needs its action; {@code cut} needs a {@code cut_percent} above 0 and at most 100;
 * an unknown key, action or grade, or a value that is not what its key takes, is refused with a
 * message naming the key and the file ({@link IllegalArgumentException}; the job stops with exit 2
 * before it writes anything).
 */
public record ResultRules(Map<String, Rule> byGrade, int maxItems, String origin) {
    public static final List<String> GRADES = List.of("优", "良", "中", "差");
    public static final List<String> ACTIONS = List.of("priority_support", "maintain", "cut", "suspend");
    static final int MAX_ITEMS_LIMIT = 20;

    /** A grade's rule: the action, the cut in percent (only for {@code cut}), whether a rectification is required. */
    public record Rule(String grade, String action, BigDecimal cutPercent, boolean rectification) {
        /** The change proposed for next year's budget in percent: −cut, −100 for suspend, 0 otherwise. */
        public BigDecimal budgetChangePercent() {
            return switch (action) {
                case "cut" -> cutPercent.negate();
                case "suspend" -> new BigDecimal("-100");
                default -> BigDecimal.ZERO;
            };
        }

        /** The proposal as the bureau words it. */
        public String label() {
            String base = switch (action) {
                case "priority_support" -> "优先保障，预算予以倾斜";
                case "maintain" -> "维持预算规模";
                case "cut" -> "压减预算 " + cutPercent.stripTrailingZeros().toPlainString() + "%";
                case "suspend" -> "暂停安排预算";
                default -> action;
            };
            return rectification ? base + "，限期整改" : base;
        }
    }

    /** The defaults of common practice: 优 priority support, 良 maintain, 中 cut 10 % with rectification, 差 cut 30 % with rectification. */
    public static ResultRules defaults() {
        Map<String, Rule> rules = new LinkedHashMap<>();
        rules.put("优", new Rule("优", "priority_support", null, false));
        rules.put("良", new Rule("良", "maintain", null, false));
        rules.put("中", new Rule("中", "cut", new BigDecimal("10"), true));
        rules.put("差", new Rule("差", "cut", new BigDecimal("30"), true));
        return new ResultRules(Map.copyOf(rules), 3, "built-in defaults");
    }

    public Rule rule(String grade) {
        return byGrade.get(grade);
    }

    public static ResultRules load(Path file) {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("results application rules " + file + " cannot be read: " + e.getMessage(), e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        new TreeSet<>(p.stringPropertyNames()).forEach(k -> values.put(k.trim(), p.getProperty(k).trim()));
        return parse(values, file.toString());
    }

    /** The rules of {@code values}; refuses anything malformed, naming the key. */
    public static ResultRules parse(Map<String, String> values, String origin) {
        List<String> problems = new ArrayList<>();
        Map<String, String> actions = new LinkedHashMap<>();
        Map<String, BigDecimal> cuts = new LinkedHashMap<>();
        Map<String, Boolean> rectify = new LinkedHashMap<>();
        int maxItems = 3;
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            if (key.equals("rectification.max_items")) {
                try {
                    maxItems = Integer.parseInt(value);
                    if (maxItems < 1 || maxItems > MAX_ITEMS_LIMIT) {
                        problems.add(key + " '" + value + "' must be between 1 and " + MAX_ITEMS_LIMIT);
                    }
                } catch (NumberFormatException x) {
                    problems.add(key + " '" + value + "' is not a whole number");
                }
                continue;
            }
            String[] parts = key.split("\\.");
            if (parts.length != 3 || !parts[0].equals("grade")) {
                problems.add("unknown key " + key + " (grade.<优|良|中|差>.action, .cut_percent, .rectification, or rectification.max_items)");
                continue;
            }
            String grade = parts[1];
            if (!GRADES.contains(grade)) {
                problems.add(key + ": unknown grade " + grade + " (one of " + String.join(", ", GRADES) + ")");
                continue;
            }
            switch (parts[2]) {
                case "action" -> {
                    if (!ACTIONS.contains(value)) {
                        problems.add(key + " '" + value + "' is not an action (one of " + String.join(", ", ACTIONS) + ")");
                    } else {
                        actions.put(grade, value);
                    }
                }
                case "cut_percent" -> {
                    try {
                        BigDecimal cut = new BigDecimal(value);
                        if (cut.signum() <= 0 || cut.compareTo(new BigDecimal("100")) > 0) {
                            problems.add(key + " '" + value + "' must be above 0 and at most 100");
                        } else {
                            cuts.put(grade, cut);
                        }
                    } catch (NumberFormatException x) {
                        problems.add(key + " '" + value + "' is not a number");
                    }
                }
                case "rectification" -> {
                    if (!value.equals("true") && !value.equals("false")) {
                        problems.add(key + " '" + value + "' must be true or false");
                    } else {
                        rectify.put(grade, Boolean.parseBoolean(value));
                    }
                }
                default -> problems.add("unknown key " + key + " (grade.<优|良|中|差>.action, .cut_percent, .rectification)");
            }
        }
        Map<String, Rule> rules = new LinkedHashMap<>();
        for (String grade : GRADES) {
            String action = actions.get(grade);
            if (action == null) {
                if (problems.stream().noneMatch(p -> p.startsWith("grade." + grade + ".action"))) {
                    problems.add("grade." + grade + ".action is missing: every grade needs its action");
                }
                continue;
            }
            BigDecimal cut = cuts.get(grade);
            if (action.equals("cut") && cut == null && problems.stream().noneMatch(p -> p.startsWith("grade." + grade + ".cut_percent"))) {
                problems.add("grade." + grade + ".cut_percent is missing: action cut needs it");
            }
            if (!action.equals("cut") && cut != null) {
                problems.add("grade." + grade + ".cut_percent is set but grade." + grade + ".action is " + action + ", not cut");
            }
            rules.put(grade, new Rule(grade, action, cut, rectify.getOrDefault(grade, false)));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("results application rules " + origin + ": " + String.join("; ", problems));
        }
        return new ResultRules(Map.copyOf(rules), maxItems, origin);
    }
}
