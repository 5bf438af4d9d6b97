package cn.minhang.citymgmt.scoring;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The budget lines a unit printed in its self-report (data contract, self_reports:
 * {@code budget.<initial|adjusted|executed>.<basic|project|total>} in 万元, {@code budget.rate.<account>}
 * in %), audited against the ledger and against their own arithmetic. Each failure has a rule id:
 *
 * <ul>
 *   <li>{@code BL-LEDGER}: a printed amount differs from the ledger's (budget_execution) by more
 *       than half a printed cent (0.005 万元, what rounding to two decimals explains);</li>
 *   <li>{@code BL-SUM}: basic + project ≠ the printed total, for an amount printed for all three;</li>
 *   <li>{@code BL-RATE}: a printed rate ≠ printed executed ÷ printed adjusted, rounded to two
 *       decimals of a percent (the rounding of the print), by {@link BudgetRule#percent}; a printed
 *       adjusted budget not above 0 leaves the rate undefined and unchecked;</li>
 *   <li>{@code BL-READ}: a printed value that is not a number.</li>
 * </ul>
 *
 * 浦锦街道's 2023 report prints basic executed 333.77 on adjusted 333.71 as 99.42 % (it is 100.02 %:
 * BL-RATE) and parts adding to 14,048.37 beside a total of 14,046.37 (BL-SUM).
 */
public final class BudgetLineAudit {
    public static final String PREFIX = "budget.";
    public static final List<String> KINDS = List.of("initial", "adjusted", "executed", "rate");
    public static final List<String> ACCOUNTS = List.of("basic", "project", "total");
    public static final String LEDGER = "BL-LEDGER";
    public static final String SUM = "BL-SUM";
    public static final String RATE = "BL-RATE";
    public static final String READ = "BL-READ";
    /** Half a printed cent of 万元: what rounding to two decimals explains. */
    static final BigDecimal HALF_CENT = new BigDecimal("0.005");

    /** One failure: the rule, the line it is about, the printed and the expected value, why. */
    public record Finding(String ruleId, String lineId, BigDecimal printed, BigDecimal expected, String note) {
    }

    private BudgetLineAudit() {
    }

    /** Every id a self-report may carry for a budget line. */
    public static Set<String> lineIds() {
        Set<String> ids = new TreeSet<>();
        for (String kind : KINDS) {
            for (String account : ACCOUNTS) {
                ids.add(PREFIX + kind + "." + account);
            }
        }
        return ids;
    }

    public static boolean isLine(String indicatorId) {
        return indicatorId != null && lineIds().contains(indicatorId);
    }

    /**
     * @param printed  line id → text as printed (万元 for amounts, a percentage for rates)
     * @param ledgerYuan "<initial|adjusted|executed>.<account>" → the ledger's amount in yuan; absent when unknown
     */
    public static List<Finding> audit(Map<String, String> printed, Map<String, BigDecimal> ledgerYuan) {
        List<Finding> findings = new ArrayList<>();
        Map<String, BigDecimal> values = new java.util.TreeMap<>();
        printed.forEach((id, text) -> {
            BigDecimal v = number(text);
            if (v == null) {
                findings.add(new Finding(READ, id, null, null, "printed '" + text + "' is not a number"));
            } else {
                values.put(id, v);
            }
        });
        for (String kind : List.of("initial", "adjusted", "executed")) {
            for (String account : ACCOUNTS) {
                String id = PREFIX + kind + "." + account;
                BigDecimal p = values.get(id);
                BigDecimal ledger = ledgerYuan.get(kind + "." + account);
                if (p != null && ledger != null) {
                    BigDecimal wan = ledger.movePointLeft(4);
                    if (p.subtract(wan).abs().compareTo(HALF_CENT) > 0) {
                        findings.add(new Finding(LEDGER, id, p, wan, "printed " + p.toPlainString() + " 万元, the ledger holds "
                                + wan.setScale(2, RoundingMode.HALF_UP).toPlainString() + " 万元"));
                    }
                }
            }
            BigDecimal basic = values.get(PREFIX + kind + ".basic");
            BigDecimal project = values.get(PREFIX + kind + ".project");
            BigDecimal total = values.get(PREFIX + kind + ".total");
            if (basic != null && project != null && total != null && basic.add(project).compareTo(total) != 0) {
                findings.add(new Finding(SUM, PREFIX + kind + ".total", total, basic.add(project), "basic " + basic.toPlainString()
                        + " + project " + project.toPlainString() + " = " + basic.add(project).toPlainString() + ", printed total "
                        + total.toPlainString()));
            }
        }
        for (String account : ACCOUNTS) {
            BigDecimal rate = values.get(PREFIX + "rate." + account);
            BigDecimal executed = values.get(PREFIX + "executed." + account);
            BigDecimal adjusted = values.get(PREFIX + "adjusted." + account);
            // The ledger's rate rule, so a print is held to what budget_execution computes; none on a base ≤ 0.
            BigDecimal expected = BudgetRule.percent(executed, adjusted);
            if (rate != null && expected != null) {
                if (rate.setScale(2, RoundingMode.HALF_UP).compareTo(expected) != 0) {
                    findings.add(new Finding(RATE, PREFIX + "rate." + account, rate, expected, "printed rate " + rate.toPlainString()
                            + " %, executed " + executed.toPlainString() + " ÷ adjusted " + adjusted.toPlainString() + " = "
                            + expected.toPlainString() + " %"));
                }
            }
        }
        return findings;
    }

    /** A printed number: thousands separators, a trailing %, 万元 or 元 and spaces are allowed; null when it is none. */
    static BigDecimal number(String text) {
        if (text == null) {
            return null;
        }
        String s = text.replace(",", "").replace("，", "").replace("%", "").replace("％", "").replace("万元", "")
                .replace("元", "").trim();
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
