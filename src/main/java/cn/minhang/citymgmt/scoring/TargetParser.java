package cn.minhang.citymgmt.scoring;

import cn.minhang.citymgmt.sources.Grade;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads targets and self-reported values as units type them: {@code =12.00(个)}, {@code ≥90.00(%)},
 * {@code >=90}, {@code 97.23%}, {@code 43万平方米}, {@code 14,481}, {@code 90%以上}, full-width
 * forms, stray spaces; or a qualitative word such as 及时, 提升, 到位, 规范, 建立健全.
 */
public final class TargetParser {

    // Longer alternatives first, so ">=" is not read as ">" followed by garbage.
    private static final String OPERATORS =
            "大于等于|小于等于|不低于|不少于|不小于|不高于|不超过|不多于|不大于|>=|<=|==|≥|≤|≧|≦|⩾|⩽|=|>|<";
    private static final Pattern NUMERIC = Pattern.compile(
            "(?<op>" + OPERATORS + ")?"
                    + "(?<num>[+-]?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?)"
                    + "(?<unit>\\([^()]*\\)|[^()]*?)"
                    + "(?<suffix>以上|以下|以内)?");
    private static final Pattern OPERATOR_ONLY = Pattern.compile("(?:" + OPERATORS + ")+");

    private static final Map<String, TargetOperator> OPERATOR_OF = Map.ofEntries(
            Map.entry("=", TargetOperator.EQ), Map.entry("==", TargetOperator.EQ),
            Map.entry(">", TargetOperator.GT), Map.entry("<", TargetOperator.LT),
            Map.entry(">=", TargetOperator.GE), Map.entry("≥", TargetOperator.GE),
            Map.entry("≧", TargetOperator.GE), Map.entry("⩾", TargetOperator.GE),
            Map.entry("不低于", TargetOperator.GE), Map.entry("不少于", TargetOperator.GE),
            Map.entry("不小于", TargetOperator.GE), Map.entry("大于等于", TargetOperator.GE),
            Map.entry("<=", TargetOperator.LE), Map.entry("≤", TargetOperator.LE),
            Map.entry("≦", TargetOperator.LE), Map.entry("⩽", TargetOperator.LE),
            Map.entry("不高于", TargetOperator.LE), Map.entry("不超过", TargetOperator.LE),
            Map.entry("不多于", TargetOperator.LE), Map.entry("不大于", TargetOperator.LE),
            Map.entry("小于等于", TargetOperator.LE),
            Map.entry("以上", TargetOperator.GE), Map.entry("以下", TargetOperator.LE),
            Map.entry("以内", TargetOperator.LE));

    /** Words that claim the target was met, as the seed report and typical self-reports use them. */
    private static final Map<String, Grade> WORDS = Map.ofEntries(
            Map.entry("及时", Grade.ACHIEVED), Map.entry("提升", Grade.ACHIEVED),
            Map.entry("到位", Grade.ACHIEVED), Map.entry("规范", Grade.ACHIEVED),
            Map.entry("建立健全", Grade.ACHIEVED), Map.entry("健全", Grade.ACHIEVED),
            Map.entry("达成", Grade.ACHIEVED), Map.entry("完成", Grade.ACHIEVED),
            Map.entry("达标", Grade.ACHIEVED), Map.entry("合格", Grade.ACHIEVED),
            Map.entry("有效", Grade.ACHIEVED), Map.entry("良好", Grade.ACHIEVED),
            Map.entry("满意", Grade.ACHIEVED),
            Map.entry("部分达成", Grade.PARTIAL),
            Map.entry("下降", Grade.NOT_ACHIEVED));

    /** Qualifiers that turn a "met" word into another grade: 基本完成 is partial, 未完成 is not met. */
    private static final Map<String, Grade> PREFIXES = Map.of(
            "已", Grade.ACHIEVED, "基本", Grade.PARTIAL, "部分", Grade.PARTIAL,
            "未", Grade.NOT_ACHIEVED, "不", Grade.NOT_ACHIEVED, "没有", Grade.NOT_ACHIEVED);

    private TargetParser() {
    }

    public static ParsedTarget parse(String text) {
        if (text == null || text.isBlank()) {
            return ParsedTarget.failed(text, "empty target");
        }
        String s = normalize(text);
        if (s.isEmpty()) {
            return ParsedTarget.failed(text, "empty target");
        }
        Matcher m = NUMERIC.matcher(s);
        if (m.matches()) {
            return numeric(text, m);
        }
        if (OPERATOR_ONLY.matcher(s).matches()) {
            return ParsedTarget.failed(text, "operator '" + s + "' without a number");
        }
        Grade grade = gradeOfWord(s);
        if (grade != null) {
            return ParsedTarget.qualitative(text, s, grade);
        }
        return ParsedTarget.failed(text, "'" + text.trim() + "' is neither a number with a unit nor a known qualitative word");
    }

    private static ParsedTarget numeric(String text, Matcher m) {
        String unit = m.group("unit");
        if (unit.startsWith("(")) {
            unit = unit.substring(1, unit.length() - 1);
        }
        if (unit.matches(".*[0-9,.].*")) {
            return ParsedTarget.failed(text, "malformed number in '" + text.trim() + "'");
        }
        if (unit.isEmpty()) {
            unit = null;
        } else if (!UnitConversion.isKnown(unit)) {
            return ParsedTarget.failed(text, "unknown unit '" + unit + "' in '" + text.trim() + "'");
        }
        TargetOperator op = m.group("op") == null ? TargetOperator.NONE : OPERATOR_OF.get(m.group("op"));
        if (m.group("suffix") != null) {
            TargetOperator suffixOp = OPERATOR_OF.get(m.group("suffix"));
            if (op == TargetOperator.NONE) {
                op = suffixOp;
            } else if (op != suffixOp) {
                return ParsedTarget.failed(text, "conflicting comparisons in '" + text.trim() + "'");
            }
        }
        BigDecimal value = new BigDecimal(m.group("num").replace(",", ""));
        return ParsedTarget.numeric(text, op, value, unit);
    }

    /** The grade a qualitative word claims, or null when the word is not one we know. */
    static Grade gradeOfWord(String word) {
        Grade direct = WORDS.get(word);
        if (direct != null) {
            return direct;
        }
        for (Grade g : Grade.values()) {
            if (g.label().equals(word) || g.code().equalsIgnoreCase(word)) {
                return g;
            }
        }
        for (Map.Entry<String, Grade> p : PREFIXES.entrySet()) {
            if (word.startsWith(p.getKey()) && WORDS.get(word.substring(p.getKey().length())) == Grade.ACHIEVED) {
                return p.getValue();
            }
        }
        return null;
    }

    /** Full-width characters fold to ASCII (（）＝１２％), all spaces go, a closing 。 is punctuation. */
    private static String normalize(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC).replaceAll("[\\s\\p{Z}]+", "");
        while (s.endsWith("。")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
