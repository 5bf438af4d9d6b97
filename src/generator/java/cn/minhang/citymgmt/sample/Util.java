package cn.minhang.citymgmt.sample;

import cn.minhang.citymgmt.sources.SourceDefinition;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** Deterministic random helpers and locale-free formatting shared by the sample generators. */
final class Util {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private Util() {
    }

    /** A delivery's header is its source's columns in the order the definition lists them: one list to keep. */
    static String[] header(SourceDefinition source) {
        return source.columns().stream().map(c -> c.name()).toArray(String[]::new);
    }

    /** A random stream derived from the base seed and a stable path of names (FNV-1a, then mixed). */
    static SplittableRandom rng(long base, Object... parts) {
        long h = 0xcbf29ce484222325L ^ base;
        for (Object part : parts) {
            String p = String.valueOf(part);
            for (int i = 0; i < p.length(); i++) {
                h = (h ^ p.charAt(i)) * 0x100000001b3L;
            }
            h = (h ^ 0x1f) * 0x100000001b3L;
        }
        return new SplittableRandom(new SplittableRandom(h).nextLong());
    }

    static int between(SplittableRandom r, int lo, int hi) {
        return lo + r.nextInt(hi - lo + 1);
    }

    static double between(SplittableRandom r, double lo, double hi) {
        return lo + r.nextDouble() * (hi - lo);
    }

    static boolean chance(SplittableRandom r, double p) {
        return r.nextDouble() < p;
    }

    static double gauss(SplittableRandom r) {
        double u1 = Math.max(1e-12, r.nextDouble());
        double u2 = r.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
    }

    static <T> T pick(SplittableRandom r, List<T> items) {
        return items.get(r.nextInt(items.size()));
    }

    static String pick(SplittableRandom r, String[] items) {
        return items[r.nextInt(items.length)];
    }

    /** Index drawn with the given (non-negative) weights. */
    static int weighted(SplittableRandom r, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = r.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    static LocalDate date(SplittableRandom r, LocalDate from, LocalDate to) {
        long span = to.toEpochDay() - from.toEpochDay();
        return from.plusDays(span <= 0 ? 0 : r.nextLong(span + 1));
    }

    static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    /**
     * Splits {@code total} into parts proportional to the weights, each a multiple of {@code gran}
     * (the sub-{@code gran} remainder goes to the last part), each at least {@code min}.
     * The parts always add up to {@code total} exactly. A negative total gives negative parts.
     */
    static long[] split(long total, double[] weights, long gran, long min) {
        int n = weights.length;
        if (total < 0) {
            long[] p = split(-total, weights, gran, min);
            for (int i = 0; i < n; i++) {
                p[i] = -p[i];
            }
            return p;
        }
        long rest = total - min * n;
        if (rest < 0) {
            throw new IllegalArgumentException("cannot split " + total + " into " + n + " parts of at least " + min);
        }
        long units = rest / gran;
        long rem = rest % gran;
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        long[] out = new long[n];
        long assigned = 0;
        double[] frac = new double[n];
        for (int i = 0; i < n; i++) {
            double exact = units * weights[i] / sum;
            out[i] = (long) Math.floor(exact);
            frac[i] = exact - out[i];
            assigned += out[i];
        }
        long left = units - assigned;
        while (left > 0) { // largest fractional part first; ties by index
            int best = 0;
            for (int i = 1; i < n; i++) {
                if (frac[i] > frac[best]) {
                    best = i;
                }
            }
            out[best]++;
            frac[best] = -1;
            left--;
        }
        for (int i = 0; i < n; i++) {
            out[i] = out[i] * gran + min;
        }
        out[n - 1] += rem;
        return out;
    }

    /** Random weights around 1 (1 ± spread). */
    static double[] weights(SplittableRandom r, int n, double spread) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 1 + spread * (2 * r.nextDouble() - 1);
        }
        return w;
    }

    static String money(long cents) {
        return BigDecimal.valueOf(cents, 2).toPlainString();
    }

    static String dec(long unscaled, int scale) {
        return BigDecimal.valueOf(unscaled, scale).toPlainString();
    }

    static String fixed(double v, int scale) {
        return BigDecimal.valueOf(v).setScale(scale, RoundingMode.HALF_UP).toPlainString();
    }

    static String fixed(BigDecimal v, int scale) {
        return v.setScale(scale, RoundingMode.HALF_UP).toPlainString();
    }

    static String d(LocalDate d) {
        return d == null ? "" : d.toString();
    }

    static String ts(LocalDateTime t) {
        return t == null ? "" : TS.format(t);
    }

    static String bool(Boolean b) {
        return b == null ? "" : b.toString();
    }

    static long roundTo(double v, long gran) {
        return Math.round(v / gran) * gran;
    }

    static BigDecimal pct(long num, long den) {
        if (den == 0) {
            return null;
        }
        return BigDecimal.valueOf(num).multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(den), 6, RoundingMode.HALF_UP);
    }

    private static final String[] CN_DIGITS = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

    /** 1..99 in Chinese numerals, as in 景舒苑九村 or 十二村. */
    static String cn(int n) {
        if (n <= 10) {
            return CN_DIGITS[n];
        }
        if (n < 20) {
            return "十" + CN_DIGITS[n - 10];
        }
        return CN_DIGITS[n / 10] + "十" + (n % 10 == 0 ? "" : CN_DIGITS[n % 10]);
    }
}
