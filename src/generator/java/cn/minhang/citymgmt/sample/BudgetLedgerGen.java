package cn.minhang.citymgmt.sample;

import cn.minhang.citymgmt.sources.Sources;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** budget_ledger: initial budgets, mid-year adjustments, payments and refunds per unit and year. */
final class BudgetLedgerGen {
    static final String SOURCE = Sources.BUDGET_LEDGER.name();
    static final String[] HEADER = Util.header(Sources.BUDGET_LEDGER);
    /** One unit's 2022 ledger comes from another export, with its own column order. */
    private static final String[] ALT_ORDER = {"fiscal_year", "unit_id", "entry_id", "entry_date", "entry_type", "account",
        "amount_yuan", "project_code", "project_name", "funding_source"};

    private record Item(String name, double weight) {
    }

    /** Project lines, the first six present in every unit. */
    private static final Item[] CATALOG = {
        new Item("城市管理综合养护", 30), new Item("生活垃圾清运", 17), new Item("绿化林业养护", 10),
        new Item("市政设施维修", 7), new Item("小型建设工程", 9), new Item("市容环境整治", 5),
        new Item("加装电梯补贴", 4), new Item("公厕运营管理", 3), new Item("物业监管及考核", 2.5),
        new Item("智慧家园建设", 1.5), new Item("燃气安全专项整治", 1.2), new Item("林业保险及林窗补种", 0.5)};
    private static final double[] MONTH_WEIGHTS = {3, 6, 8, 8, 8, 9, 8, 8, 9, 9, 10, 14};
    private static final List<String> TYPE_ORDER = List.of("initial", "adjustment", "payment", "refund");

    private static final class Entry {
        LocalDate date;
        String account;
        String code = "";
        String name = "";
        String type;
        long cents;
        String funding;

        Entry(LocalDate date, String account, String code, String name, String type, long cents, String funding) {
            this.date = date;
            this.account = account;
            this.code = code;
            this.name = name;
            this.type = type;
            this.cents = cents;
            this.funding = funding;
        }
    }

    private BudgetLedgerGen() {
    }

    static void run(Ctx ctx) throws IOException {
        for (UnitDef u : ctx.units) {
            for (int year : Ctx.YEARS) {
                List<String[]> rows = generate(ctx, u, year);
                String[] order = u.id().equals("MH-XH") && year == 2022 ? ALT_ORDER : HEADER;
                ctx.out.write(SOURCE, year + "/" + u.id() + ".csv", HEADER, rows, order);
            }
        }
    }

    private static List<String[]> generate(Ctx ctx, UnitDef u, int year) {
        SplittableRandom r = ctx.rng("budget", u.id(), year);
        long bInit;
        long bAdj;
        long bExec;
        long pInit;
        long pAdj;
        long pExec;
        if (ctx.seedFigures(u, year)) {
            bInit = 340_000_000L;
            bAdj = -6_290_000L;
            bExec = 331_770_000L;
            pInit = 14_909_650_000L;
            pAdj = -797_540_000L;
            pExec = 13_714_600_000L;
        } else {
            double yf = year == 2022 ? Util.between(r, 0.90, 0.98) : 1.0;
            double f = u.isPujin() ? 1.0 : u.f();
            bInit = Util.roundTo(340_000_000L * Math.sqrt(f) * Util.between(r, 0.85, 1.15) * yf, 100_000);
            pInit = Util.roundTo(14_909_650_000L * f * (u.isPujin() ? 1.0 : Util.between(r, 0.82, 1.18)) * yf, 10_000);
            double bAdjRate = Util.between(r, -0.035, 0.008);
            double pAdjRate = Util.between(r, -0.085, 0.012);
            double bRate = Util.between(r, 0.968, 0.998);
            double pRate = Util.between(r, 0.905, 0.99);
            if (u.id().equals(Units.BIG_CUTS) && year == 2023) {
                pAdjRate = -0.212;
                pRate = 0.962;
            }
            if (u.id().equals(Units.OVER_EXECUTION) && year == 2023) {
                bRate = 1.004;
                pRate = 1.0117;
            }
            bAdj = Util.roundTo(bInit * bAdjRate, 10_000);
            pAdj = Util.roundTo(pInit * pAdjRate, 10_000);
            bExec = Math.round((bInit + bAdj) * bRate);
            pExec = Math.round((pInit + pAdj) * pRate);
        }
        List<Entry> entries = new ArrayList<>();
        basic(r, year, bInit, bAdj, bExec, entries);
        projects(r, u, year, pInit, pAdj, pExec, entries);

        entries.sort(Comparator.<Entry, LocalDate>comparing(e -> e.date)
                .thenComparing(e -> TYPE_ORDER.indexOf(e.type))
                .thenComparing(e -> e.account)
                .thenComparing(e -> e.code)
                .thenComparing(e -> e.name)
                .thenComparingLong(e -> e.cents));
        List<String[]> rows = new ArrayList<>(entries.size());
        int seq = 0;
        for (Entry e : entries) {
            seq++;
            rows.add(new String[] {String.format(Locale.ROOT, "%s-%d-%06d", u.id(), year, seq), u.id(), Integer.toString(year),
                Util.d(e.date), e.account, e.code, e.name, e.type, Util.money(e.cents), e.funding});
        }
        long adjusted = bInit + bAdj + pInit + pAdj;
        ctx.facts.put(u.id(), year, "budget_rate", Util.pct(bExec + pExec, adjusted));
        return rows;
    }

    private static void basic(SplittableRandom r, int year, long init, long adj, long exec, List<Entry> out) {
        String fund = "镇级财政";
        LocalDate jan1 = LocalDate.of(year, 1, 1);
        long personnel = Util.roundTo(init * 0.78, 10_000);
        out.add(new Entry(jan1, "basic", "", "人员经费", "initial", personnel, fund));
        out.add(new Entry(jan1, "basic", "", "日常公用经费", "initial", init - personnel, fund));
        if (adj != 0) {
            if (Math.abs(adj) >= 2_000_000L && r.nextBoolean()) {
                long a1 = Util.roundTo(adj * 1.3, 10_000);
                out.add(new Entry(Util.date(r, LocalDate.of(year, 6, 10), LocalDate.of(year, 7, 31)), "basic", "", "人员经费",
                        "adjustment", a1, fund));
                out.add(new Entry(Util.date(r, LocalDate.of(year, 10, 8), LocalDate.of(year, 11, 30)), "basic", "", "日常公用经费",
                        "adjustment", adj - a1, fund));
            } else {
                out.add(new Entry(Util.date(r, LocalDate.of(year, 6, 10), LocalDate.of(year, 11, 30)), "basic", "", "日常公用经费",
                        "adjustment", adj, fund));
            }
        }
        long refund = r.nextBoolean() || year == 2023 ? Util.roundTo(exec * Util.between(r, 0.001, 0.004), 100) : 0;
        long paid = exec + refund;
        long salaries = Util.roundTo(paid * 0.78, 100);
        double[] sw = new double[12];
        for (int m = 0; m < 12; m++) {
            sw[m] = (m == 11 ? 1.45 : 1.0) * Util.between(r, 0.98, 1.02);
        }
        long[] s = Util.split(salaries, sw, 100, 0);
        for (int m = 0; m < 12; m++) {
            out.add(new Entry(LocalDate.of(year, m + 1, 15), "basic", "", "人员经费", "payment", s[m], fund));
        }
        int k = Util.between(r, 14, 26);
        long[] p = Util.split(paid - salaries, Util.weights(r, k, 0.6), 100, 50_000);
        for (long amount : p) {
            int m = Util.weighted(r, MONTH_WEIGHTS) + 1;
            LocalDate d = LocalDate.of(year, m, Util.between(r, 1, LocalDate.of(year, m, 1).lengthOfMonth()));
            out.add(new Entry(d, "basic", "", "日常公用经费", "payment", amount, fund));
        }
        if (refund > 0) {
            out.add(new Entry(Util.date(r, LocalDate.of(year, 4, 1), LocalDate.of(year, 12, 20)), "basic", "", "日常公用经费",
                    "refund", refund, fund));
        }
    }

    private static void projects(SplittableRandom r, UnitDef u, int year, long init, long adj, long exec, List<Entry> out) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < CATALOG.length; i++) {
            if (i < 6 || u.isPujin() || r.nextDouble() < 0.7) {
                items.add(CATALOG[i]);
            }
        }
        int n = items.size();
        String[] codes = new String[n];
        String[] funding = new String[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            codes[i] = String.format(Locale.ROOT, "%s%d-%03d", u.code(), year, i + 1);
            funding[i] = !u.isPujin() && items.get(i).name().equals("加装电梯补贴") && r.nextBoolean() ? "区级财政" : "镇级财政";
            w[i] = items.get(i).weight() * Util.between(r, 0.75, 1.25);
        }
        long[] inits = Util.split(init, w, 10_000, 5_000_000);

        // Adjustments: most lines cut, sometimes one line topped up.
        long[] adjs = new long[n];
        for (int attempt = 0; ; attempt++) {
            boolean[] cut = new boolean[n];
            int nCut = 0;
            for (int i = 0; i < n; i++) {
                cut[i] = attempt < 5 ? r.nextDouble() < 0.7 : true;
                nCut += cut[i] ? 1 : 0;
            }
            if (nCut == 0) {
                continue;
            }
            int plus = -1;
            long plusAmount = 0;
            if (attempt < 5 && nCut < n && r.nextDouble() < 0.6) {
                for (int i = 0; i < n; i++) {
                    if (!cut[i]) {
                        plus = i;
                        break;
                    }
                }
                plusAmount = Util.roundTo(init * Util.between(r, 0.004, 0.012), 10_000);
            }
            double[] cw = new double[nCut];
            int[] ci = new int[nCut];
            int j = 0;
            for (int i = 0; i < n; i++) {
                if (cut[i]) {
                    ci[j] = i;
                    cw[j++] = inits[i] * (attempt < 5 ? Util.between(r, 0.4, 1.0) : 1.0);
                }
            }
            long[] parts = Util.split(adj - plusAmount, cw, 10_000, 0);
            java.util.Arrays.fill(adjs, 0);
            for (j = 0; j < nCut; j++) {
                adjs[ci[j]] = parts[j];
            }
            if (plus >= 0) {
                adjs[plus] = plusAmount;
            }
            boolean ok = true;
            for (int i = 0; i < n; i++) {
                ok &= inits[i] + adjs[i] >= inits[i] / 4;
            }
            if (ok) {
                break;
            }
        }
        // Execution per line, then made to add up exactly.
        double rate = exec / (double) (init + adj);
        long[] execs = new long[n];
        long sum = 0;
        double[] aw = new double[n];
        for (int i = 0; i < n; i++) {
            long adjusted = inits[i] + adjs[i];
            double ri = Math.min(rate * Util.between(r, 0.95, 1.04), Math.max(rate, 1.0));
            execs[i] = Math.round(adjusted * ri);
            sum += execs[i];
            aw[i] = adjusted;
        }
        long[] fix = Util.split(exec - sum, aw, 1, 0);
        for (int i = 0; i < n; i++) {
            execs[i] += fix[i];
        }
        long[] refunds = new long[n];
        int nRefunds = u.isPujin() && year == 2023 ? 3 : Util.between(r, 0, 3);
        for (int k = 0; k < nRefunds; k++) {
            int i = r.nextInt(n);
            refunds[i] += Util.roundTo(execs[i] * Util.between(r, 0.003, 0.02), 100);
        }

        for (int i = 0; i < n; i++) {
            String name = items.get(i).name();
            out.add(new Entry(LocalDate.of(year, 1, 1), "project", codes[i], name, "initial", inits[i], funding[i]));
            if (adjs[i] != 0) {
                if (Math.abs(adjs[i]) > 100_000_000L && r.nextBoolean()) {
                    long a1 = Util.roundTo(adjs[i] * 0.6, 10_000);
                    out.add(new Entry(Util.date(r, LocalDate.of(year, 6, 15), LocalDate.of(year, 8, 31)), "project", codes[i], name,
                            "adjustment", a1, funding[i]));
                    out.add(new Entry(Util.date(r, LocalDate.of(year, 10, 8), LocalDate.of(year, 11, 30)), "project", codes[i], name,
                            "adjustment", adjs[i] - a1, funding[i]));
                } else {
                    out.add(new Entry(Util.date(r, LocalDate.of(year, 6, 15), LocalDate.of(year, 11, 30)), "project", codes[i], name,
                            "adjustment", adjs[i], funding[i]));
                }
            }
            long paid = execs[i] + refunds[i];
            int k = (int) Math.max(3, Math.min(30, 3 + Math.round(paid / 250_000_000.0)));
            long[] pays = Util.split(paid, Util.weights(r, k, 0.6), 100, Math.min(100_000, paid / (2L * k)));
            for (long amount : pays) {
                int m = Util.weighted(r, MONTH_WEIGHTS) + 1;
                LocalDate d = LocalDate.of(year, m, Util.between(r, 1, LocalDate.of(year, m, 1).lengthOfMonth()));
                out.add(new Entry(d, "project", codes[i], name, "payment", amount, funding[i]));
            }
            if (refunds[i] > 0) {
                out.add(new Entry(Util.date(r, LocalDate.of(year, 3, 1), LocalDate.of(year, 12, 20)), "project", codes[i], name,
                        "refund", refunds[i], funding[i]));
            }
        }
    }
}
