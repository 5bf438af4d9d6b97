package cn.minhang.citymgmt.sample;

import cn.minhang.citymgmt.sources.Sources;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/** inspections: supervision checks of maintenance work (养护作业考核), monthly to quarterly per domain. */
final class InspectionGen {
    static final String SOURCE = Sources.INSPECTIONS.name();
    static final String[] HEADER = Util.header(Sources.INSPECTIONS);
    private static final String[] ALT_ORDER = {"inspected_on", "domain", "inspection_id", "unit_id", "score", "passed", "contractor"};
    private static final String[] DOMAINS = {"road_cleaning", "road_maintenance", "greening", "forestry", "park",
        "construction_safety", "cityscape"};
    private static final Map<String, String> LABELS = Map.of("road_cleaning", "道路保洁", "road_maintenance", "道路养护",
            "greening", "绿化养护", "forestry", "林业养护", "park", "公园养护", "construction_safety", "安全文明施工", "cityscape", "市容");
    /** 浦锦 checks per year per domain. */
    private static final int[] CHECKS = {48, 24, 24, 12, 24, 40, 12};
    private static final String[] TRADES = {"环境服务", "市政养护工程", "园林绿化工程", "林业发展", "园林养护", "建设工程", ""};
    /** 浦锦 fails per domain: 2022, 2023. */
    private static final int[][] PUJIN_FAILS = {{4, 3, 3, 1, 2, 2, 1}, {3, 2, 2, 1, 2, 1, 1}};

    private record Check(LocalDate on, int domain, String contractor, boolean passed, int scoreTenths) {
    }

    private InspectionGen() {
    }

    static void run(Ctx ctx) throws IOException {
        for (UnitDef u : ctx.units) {
            List<List<Check>> years = generate(ctx, u);
            for (int y = 0; y < Ctx.YEARS.length; y++) {
                int year = Ctx.YEARS[y];
                boolean chinese = u.id().equals(Units.CHINESE_LABELS) && year == 2022;
                List<String[]> rows = new ArrayList<>();
                int seq = 0;
                for (Check c : years.get(y)) {
                    String domain = DOMAINS[c.domain()];
                    rows.add(new String[] {String.format(Locale.ROOT, "%s-JC%d-%04d", u.id(), year, ++seq), u.id(), Util.d(c.on()),
                        chinese ? LABELS.get(domain) : domain, c.contractor(), Boolean.toString(c.passed()),
                        Util.dec(c.scoreTenths(), 1)});
                }
                String[] order = u.id().equals("MH-GM") && year == 2023 ? ALT_ORDER : HEADER;
                ctx.out.write(SOURCE, year + "/" + u.id() + ".csv", HEADER, rows, order);
            }
        }
    }

    private static List<List<Check>> generate(Ctx ctx, UnitDef u) {
        SplittableRandom r = ctx.rng("inspections", u.id());
        String[][] contractors = new String[DOMAINS.length][];
        for (int d = 0; d < DOMAINS.length; d++) {
            int n = d == 0 ? (u.isPujin() ? 4 : Util.between(r, 2, 4)) : d == 5 ? 5 : Util.between(r, 1, 2);
            contractors[d] = new String[n];
            for (int i = 0; i < n; i++) {
                contractors[d][i] = TRADES[d].isEmpty() ? "" : Names.company(r, TRADES[d]);
            }
        }
        double size = Math.sqrt(u.s());
        int[] checks = new int[DOMAINS.length];
        for (int d = 0; d < DOMAINS.length; d++) {
            checks[d] = u.isPujin() ? CHECKS[d] : (int) Math.max(4, Math.round(CHECKS[d] * size * Util.between(r, 0.8, 1.2)));
        }
        if (u.villages().length == 0) {
            checks[3] = 0; // no forest
        }
        double mu22 = Util.between(r, 84, 90);
        List<List<Check>> out = new ArrayList<>();
        double[][] means = new double[2][DOMAINS.length];
        for (int y = 0; y < 2; y++) {
            int year = Ctx.YEARS[y];
            List<Check> list = new ArrayList<>();
            boolean weak = u.id().equals(Units.LOW_INSPECTION) && year == 2023;
            for (int d = 0; d < DOMAINS.length; d++) {
                int n = checks[d];
                int fails;
                if (u.isPujin()) {
                    fails = PUJIN_FAILS[y][d];
                } else {
                    double rate = weak && d <= 4 ? Util.between(r, 0.18, 0.26) : Util.between(r, 0.02, 0.11);
                    fails = (int) Math.round(n * rate);
                }
                double mu = (u.isPujin() ? (y == 0 ? 86.4 : 89.1) : mu22 + (y == 0 ? 0 : Util.between(r, -1.0, 2.5)))
                        + (weak ? -4.5 : 0);
                boolean[] failFlags = new boolean[n];
                for (int i = 0; i < fails; i++) {
                    failFlags[i] = true;
                }
                for (int i = n - 1; i > 0; i--) {
                    int j = r.nextInt(i + 1);
                    boolean t = failFlags[i];
                    failFlags[i] = failFlags[j];
                    failFlags[j] = t;
                }
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    LocalDate on = LocalDate.of(year, 1, 1).plusDays((long) ((i + 0.5) * 365.0 / n) + Util.between(r, -3, 3));
                    on = Util.max(LocalDate.of(year, 1, 1), Util.min(on, LocalDate.of(year, 12, 31)));
                    int score = failFlags[i] ? Util.between(r, 620, 795)
                            : (int) Math.max(800, Math.min(995, Math.round((mu + 3.5 * Util.gauss(r)) * 10)));
                    sum += score;
                    String contractor = contractors[d][i % contractors[d].length];
                    list.add(new Check(on, d, contractor, !failFlags[i], score));
                }
                means[y][d] = n == 0 ? 0 : sum / n / 10;
            }
            out.add(list);
        }
        // 浦锦 must show 提升: road cleaning and greening means no lower than in 2022.
        if (u.isPujin()) {
            for (int d : new int[] {0, 2}) {
                int guard = 0;
                while (means[1][d] < means[0][d] + 0.3 && guard++ < 50) {
                    List<Check> l = out.get(1);
                    for (int i = 0; i < l.size(); i++) {
                        Check c = l.get(i);
                        if (c.domain() == d && c.passed() && c.scoreTenths() < 990) {
                            l.set(i, new Check(c.on(), d, c.contractor(), true, c.scoreTenths() + 5));
                        }
                    }
                    means[1][d] = l.stream().filter(c -> c.domain() == d).mapToInt(Check::scoreTenths).average().orElse(0) / 10;
                }
            }
        }
        for (int y = 0; y < 2; y++) {
            List<Check> l = out.get(y);
            l.sort((a, b) -> a.on().equals(b.on()) ? Integer.compare(a.domain(), b.domain()) : a.on().compareTo(b.on()));
            int year = Ctx.YEARS[y];
            ctx.facts.put(u.id(), year, "road_pass_rate", passRate(l, 0, 1));
            ctx.facts.put(u.id(), year, "green_pass_rate", passRate(l, 2, 3, 4));
            ctx.facts.put(u.id(), year, "safety_pass_rate", passRate(l, 5));
            ctx.facts.put(u.id(), year, "road_cleaning_mean", meanScore(l, 0));
            ctx.facts.put(u.id(), year, "greening_mean", meanScore(l, 2));
        }
        return out;
    }

    private static BigDecimal passRate(List<Check> l, int... domains) {
        long n = 0;
        long ok = 0;
        for (Check c : l) {
            for (int d : domains) {
                if (c.domain() == d) {
                    n++;
                    ok += c.passed() ? 1 : 0;
                }
            }
        }
        return Util.pct(ok, n);
    }

    private static BigDecimal meanScore(List<Check> l, int domain) {
        long n = 0;
        long sum = 0;
        for (Check c : l) {
            if (c.domain() == domain) {
                n++;
                sum += c.scoreTenths();
            }
        }
        return n == 0 ? null : BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(n * 10), 6, RoundingMode.HALF_UP);
    }
}
