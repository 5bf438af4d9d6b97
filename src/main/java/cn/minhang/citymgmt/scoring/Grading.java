package cn.minhang.citymgmt.scoring;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Rounding, totals, grades, ranks and percentiles of the scorecard (scoring rules §7). */
public final class Grading {

    private static final BigDecimal EXCELLENT = BigDecimal.valueOf(90);
    private static final BigDecimal GOOD = BigDecimal.valueOf(80);
    private static final BigDecimal FAIR = BigDecimal.valueOf(60);

    private Grading() {
    }

    /** Half-up to 2 decimals, as the rules require for each indicator score. */
    public static BigDecimal round2(BigDecimal value) {
        return value == null ? null : Numbers.round2(value);
    }

    /** Goes through {@link BigDecimal#valueOf(double)}, so 2.345 rounds to 2.35 as written. */
    public static BigDecimal round2(double value) {
        return Numbers.round2(Numbers.of(value, "value"));
    }

    /** Level-1 scores and the total are sums of the rounded indicator scores, not rounded sums. */
    public static BigDecimal sumOfRounded(Collection<BigDecimal> scores) {
        BigDecimal sum = Numbers.round2(BigDecimal.ZERO);
        for (BigDecimal s : scores) {
            sum = sum.add(Numbers.round2(s));
        }
        return sum;
    }

    /** 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差; the total is compared as given (already a sum of cents). */
    public static String grade(BigDecimal total) {
        if (total.compareTo(EXCELLENT) >= 0) {
            return "优";
        }
        if (total.compareTo(GOOD) >= 0) {
            return "良";
        }
        return total.compareTo(FAIR) >= 0 ? "中" : "差";
    }

    public static String grade(double total) {
        return grade(Numbers.of(total, "total"));
    }

    /**
     * Competition ranks, in the order of {@code totals}: highest total first, ties share the rank
     * and the next rank skips (1, 2, 2, 4). Totals compare by value, so 80.0 ties with 80.00.
     */
    public static List<Integer> competitionRanks(List<BigDecimal> totals) {
        List<BigDecimal> ascending = sortedAscending(totals);
        List<Integer> ranks = new ArrayList<>(totals.size());
        for (BigDecimal t : totals) {
            ranks.add(1 + totals.size() - countAtMost(ascending, t));
        }
        return ranks;
    }

    /** For each total, in order: the share in percent (2 decimals) of all totals strictly below it. */
    public static List<BigDecimal> percentiles(List<BigDecimal> totals) {
        List<BigDecimal> ascending = sortedAscending(totals);
        List<BigDecimal> result = new ArrayList<>(totals.size());
        for (BigDecimal t : totals) {
            result.add(share(countBelow(ascending, t), totals.size()));
        }
        return result;
    }

    /** The share in percent (2 decimals) of {@code districtTotals} strictly below {@code total}. */
    public static BigDecimal percentile(BigDecimal total, Collection<BigDecimal> districtTotals) {
        if (districtTotals.isEmpty()) {
            throw new IllegalArgumentException("a percentile needs the district's totals");
        }
        return share(countBelow(sortedAscending(districtTotals), total), districtTotals.size());
    }

    private static BigDecimal share(int count, int of) {
        return Numbers.round2(BigDecimal.valueOf(count).multiply(Numbers.HUNDRED)
                .divide(BigDecimal.valueOf(of), Numbers.MC));
    }

    private static List<BigDecimal> sortedAscending(Collection<BigDecimal> totals) {
        List<BigDecimal> sorted = new ArrayList<>(totals.size());
        for (BigDecimal t : totals) {
            if (t == null) {
                throw new IllegalArgumentException("every unit needs a total to be ranked");
            }
            sorted.add(t);
        }
        sorted.sort(BigDecimal::compareTo);
        return sorted;
    }

    /** Number of elements strictly below {@code value} in an ascending list (lower bound). */
    private static int countBelow(List<BigDecimal> ascending, BigDecimal value) {
        int lo = 0;
        int hi = ascending.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ascending.get(mid).compareTo(value) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Number of elements at most {@code value} in an ascending list (upper bound). */
    private static int countAtMost(List<BigDecimal> ascending, BigDecimal value) {
        int lo = 0;
        int hi = ascending.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ascending.get(mid).compareTo(value) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
