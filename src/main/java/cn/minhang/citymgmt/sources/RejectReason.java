package cn.minhang.citymgmt.sources;

/**
 * The kinds of reason a record is quarantined for. A reason is written as
 * {@code "<kind>: <detail>"} so analysts can group the quarantine by kind.
 */
public enum RejectReason {
    MALFORMED_LINE,
    MISSING_REQUIRED,
    UNPARSABLE_NUMBER,
    UNPARSABLE_DATE,
    UNPARSABLE_TIMESTAMP,
    UNPARSABLE_BOOLEAN,
    UNKNOWN_ENUM,
    INVALID_FORMAT,
    OUT_OF_RANGE,
    DATES_OUT_OF_ORDER,
    IMPLAUSIBLE_DATE,
    UNKNOWN_UNIT,
    UNKNOWN_INDICATOR,
    CONFLICTING_DUPLICATE;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public String because(String detail) {
        return code() + ": " + detail;
    }
}
