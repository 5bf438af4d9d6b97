package cn.minhang.citymgmt.scoring;

/**
 * The comparison a unit wrote in front of its target. Kept for display and audit only: the
 * indicator's {@link Polarity} decides how the target is scored.
 */
public enum TargetOperator {
    EQ("="), GE("≥"), LE("≤"), GT(">"), LT("<"), NONE("");

    private final String symbol;

    TargetOperator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }
}
