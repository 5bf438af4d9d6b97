package cn.minhang.citymgmt.scoring;

import java.util.Locale;

/**
 * How an indicator is scored (scoring rules §1). The polarity, not the operator a unit typed
 * in its target, decides the scoring: {@code =12} under {@code HIGHER_BETTER} means "at least 12".
 */
public enum Polarity {
    HIGHER_BETTER("higher_better", "正向"),
    LOWER_BETTER("lower_better", "反向"),
    QUALITATIVE("qualitative", "定性");

    private final String code;
    private final String label;

    Polarity(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    /**
     * Reads the catalog's code ({@code higher_better}; case and {@code -}/{@code _} are forgiven)
     * or its Chinese label. The catalog is configuration, so an unknown value is an error, not a guess.
     */
    public static Polarity parse(String text) {
        if (text != null) {
            String key = text.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
            for (Polarity p : values()) {
                if (p.code.equals(key) || p.label.equals(text.trim())) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("unknown polarity '" + text
                + "' (expected higher_better, lower_better or qualitative)");
    }
}
