package cn.minhang.citymgmt.checks;

import java.math.BigDecimal;

/** One row of the reconciliation table: two numbers that must agree, and why they should. */
public record ReconciliationCheck(String checkName, String source, String unitId,
                                  BigDecimal expected, BigDecimal actual, String detail) {
    public static final String OK = "ok";
    public static final String MISMATCH = "mismatch";

    public boolean holds() {
        return expected != null && actual != null && expected.compareTo(actual) == 0;
    }

    public String status() {
        return holds() ? OK : MISMATCH;
    }
}
