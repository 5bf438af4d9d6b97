package cn.minhang.citymgmt.sources;

import java.math.BigDecimal;

/**
 * Qualitative grades and their bands as shares of the weight (scoring rules §3): the vocabulary of the
 * assessments source, whose rows are checked against the bands, and of the qualitative rule that scores them. Only the
 * achieved band includes its top (100%); each band includes its bottom.
 */
public enum Grade {
    ACHIEVED("achieved", "达成年度指标", "0.80", "1.00", true),
    PARTIAL("partial", "部分达成并具有一定效果", "0.60", "0.80", false),
    NOT_ACHIEVED("not_achieved", "未达成且效果较差", "0.00", "0.60", false);

    private final String code;
    private final String label;
    private final BigDecimal lower;
    private final BigDecimal upper;
    private final boolean upperIncluded;

    Grade(String code, String label, String lower, String upper, boolean upperIncluded) {
        this.code = code;
        this.label = label;
        this.lower = new BigDecimal(lower);
        this.upper = new BigDecimal(upper);
        this.upperIncluded = upperIncluded;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    public BigDecimal lowerBound() {
        return lower;
    }

    public BigDecimal upperBound() {
        return upper;
    }

    /** The band as an interval, for error messages: {@code [0.60, 0.80)}. */
    public String band() {
        return "[" + lower.toPlainString() + ", " + upper.toPlainString() + (upperIncluded ? "]" : ")");
    }

    /** Whether an assessor's {@code fraction} (a share 0–1 of the weight) lies in this grade's band. */
    public boolean validFraction(BigDecimal fraction) {
        if (fraction == null) {
            return false;
        }
        int top = fraction.compareTo(upper);
        return fraction.compareTo(lower) >= 0 && (top < 0 || (upperIncluded && top == 0));
    }

    public boolean validFraction(double fraction) {
        return Double.isFinite(fraction) && validFraction(BigDecimal.valueOf(fraction));
    }

    /** Reads the contract's code ({@code not_achieved}) or its Chinese label. */
    public static Grade parse(String text) {
        if (text != null) {
            String key = text.trim();
            for (Grade g : values()) {
                if (g.code.equalsIgnoreCase(key) || g.label.equals(key)) {
                    return g;
                }
            }
        }
        throw new IllegalArgumentException("unknown grade '" + text
                + "' (expected achieved, partial or not_achieved)");
    }
}
