package cn.minhang.citymgmt.sources;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One column of a source as the data contract declares it: type, whether it may be empty,
 * the enumeration codes with their Chinese aliases, the allowed range, and whether it holds
 * personal data (which never reaches an output table in clear text).
 */
public final class Column implements Serializable {
    private final String name;
    private final ColumnType type;
    private final boolean required;
    private final Map<String, String> enumAliases; // accepted spelling (lower case) -> code
    private final BigDecimal min;
    private final boolean minExclusive;
    private final BigDecimal max;
    private final Pattern pattern;
    private final boolean personal;

    private Column(String name, ColumnType type, boolean required, Map<String, String> enumAliases,
                   BigDecimal min, boolean minExclusive, BigDecimal max, Pattern pattern, boolean personal) {
        this.name = name;
        this.type = type;
        this.required = required;
        this.enumAliases = enumAliases;
        this.min = min;
        this.minExclusive = minExclusive;
        this.max = max;
        this.pattern = pattern;
        this.personal = personal;
    }

    public static Column required(String name, ColumnType type) {
        return new Column(name, type, true, Map.of(), null, false, null, null, false);
    }

    public static Column optional(String name, ColumnType type) {
        return new Column(name, type, false, Map.of(), null, false, null, null, false);
    }

    /**
     * An enumeration; {@code codesAndLabels} alternates code and Chinese label,
     * e.g. {@code "dry", "干垃圾", "wet", "湿垃圾"}.
     */
    public Column withValues(String... codesAndLabels) {
        if (type != ColumnType.ENUM || codesAndLabels.length % 2 != 0) {
            throw new IllegalArgumentException("enumeration values come in code/label pairs: " + name);
        }
        Map<String, String> aliases = new LinkedHashMap<>();
        for (int i = 0; i < codesAndLabels.length; i += 2) {
            aliases.put(codesAndLabels[i].toLowerCase(java.util.Locale.ROOT), codesAndLabels[i]);
            aliases.put(codesAndLabels[i + 1], codesAndLabels[i]);
        }
        return new Column(name, type, required, Collections.unmodifiableMap(aliases), min, minExclusive, max, pattern, personal);
    }

    /** Inclusive range; either bound may be null. */
    public Column between(Number low, Number high) {
        return new Column(name, type, required, enumAliases, decimal(low), false, decimal(high), pattern, personal);
    }

    /** Strictly greater than {@code low}. */
    public Column above(Number low) {
        return new Column(name, type, required, enumAliases, decimal(low), true, max, pattern, personal);
    }

    public Column matching(String regex) {
        return new Column(name, type, required, enumAliases, min, minExclusive, max, Pattern.compile(regex), personal);
    }

    public Column personal() {
        return new Column(name, type, required, enumAliases, min, minExclusive, max, pattern, true);
    }

    private static BigDecimal decimal(Number n) {
        return n == null ? null : new BigDecimal(n.toString());
    }

    public String name() { return name; }
    public ColumnType type() { return type; }
    public boolean isRequired() { return required; }
    public boolean isPersonal() { return personal; }
    public Map<String, String> enumAliases() { return enumAliases; }
    public BigDecimal min() { return min; }
    public boolean minExclusive() { return minExclusive; }
    public BigDecimal max() { return max; }
    public Pattern pattern() { return pattern; }
}
