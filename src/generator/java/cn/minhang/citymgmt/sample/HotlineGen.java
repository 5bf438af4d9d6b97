package cn.minhang.citymgmt.sample;

import cn.minhang.citymgmt.sources.Sources;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** hotline_cases: 12345 hotline, city-operations platform (城运) and petition (信访) cases, one file per month. */
final class HotlineGen {
    static final String SOURCE = Sources.HOTLINE_CASES.name();
    static final String[] HEADER = Util.header(Sources.HOTLINE_CASES);
    private static final String[] ALT_ORDER = {"case_id", "received_at", "unit_id", "channel", "origin", "category", "address",
        "caller_name", "caller_phone", "due_at", "closed_at", "satisfaction"};

    private static final String[] PASSIVE_CATS = {"物业管理", "停车管理", "噪音扰民", "市容环境", "绿化养护", "道路设施", "垃圾分类",
        "违法搭建", "房屋渗漏", "占道经营", "群租整治", "燃气安全", "加装电梯", "环境卫生", "公共设施", "交通出行"};
    private static final double[] PASSIVE_W = {22, 12, 10, 10, 6, 7, 6, 4, 5, 4, 3, 2, 2, 4, 3, 2};
    private static final String[] ACTIVE_CATS = {"市容环境", "占道经营", "道路设施", "绿化养护", "垃圾分类", "环境卫生", "违法搭建",
        "公共设施", "非机动车乱停放", "小广告"};
    private static final double[] ACTIVE_W = {18, 14, 14, 8, 9, 12, 5, 8, 8, 6};
    private static final String[] PETITION_CATS = {"物业管理", "房屋渗漏", "加装电梯", "违法搭建", "工程欠薪", "停车管理", "噪音扰民"};
    private static final double[] PETITION_W = {30, 20, 12, 10, 10, 10, 8};
    private static final double[] MONTH_W = {0.8, 0.75, 0.95, 1.0, 1.05, 1.1, 1.2, 1.2, 1.05, 1.0, 0.95, 0.9};
    private static final int[] DUE_12345 = {3, 5, 7, 10, 15};
    private static final int[] DUE_OPS = {2, 3, 5, 7};

    private static final class Case {
        String id;
        String unit;
        String channel;
        String origin;
        String category;
        LocalDateTime received;
        LocalDateTime due;
        LocalDateTime closed;
        String satisfaction = "";
        String name = "";
        String phone = "";
        String address = "";

        String[] row() {
            return new String[] {id, unit, channel, origin, category, Util.ts(received), Util.ts(due), Util.ts(closed), satisfaction,
                name, phone, address};
        }
    }

    private record Caller(String name, String phone, String address) {
    }

    private HotlineGen() {
    }

    static void run(Ctx ctx) throws IOException {
        for (int year : Ctx.YEARS) {
            List<Case> all = new ArrayList<>();
            for (UnitDef u : ctx.units) {
                all.addAll(generate(ctx, u, year));
            }
            if (year == 2022) {
                all.addAll(carriedOver(ctx));
            }
            Map<String, List<Case>> byMonth = new TreeMap<>();
            for (Case c : all) {
                String ym = c.received.getYear() < year ? year + "-01"
                        : String.format(Locale.ROOT, "%d-%02d", c.received.getYear(), c.received.getMonthValue());
                byMonth.computeIfAbsent(ym, k -> new ArrayList<>()).add(c);
            }
            for (Map.Entry<String, List<Case>> e : byMonth.entrySet()) {
                List<Case> cases = e.getValue();
                cases.sort(Comparator.<Case, LocalDateTime>comparing(c -> c.received).thenComparing(c -> c.id));
                List<String[]> rows = new ArrayList<>(cases.size());
                for (Case c : cases) {
                    rows.add(c.row());
                }
                String[] order = e.getKey().equals("2022-03") ? ALT_ORDER : HEADER;
                ctx.out.write(SOURCE, year + "/" + e.getKey() + ".csv.gz", HEADER, rows, order);
            }
        }
    }

    private static List<Case> generate(Ctx ctx, UnitDef u, int year) {
        SplittableRandom r = ctx.rng("hotline", u.id(), year);
        boolean exact = ctx.seedFigures(u, year);
        int n12;
        int passive;
        int nOps;
        int opsClosed;
        int nPet;
        int petClosed;
        if (exact) {
            n12 = 2305;
            passive = 871;
            nOps = 1105;
            opsClosed = 862;
            nPet = 31;
            petClosed = 31;
        } else {
            double f = u.f();
            double yf = year == 2022 ? Util.between(r, 0.85, 1.0) : 1.0;
            n12 = (int) Math.round(2305 * f * Util.between(r, 0.8, 1.25) * yf);
            passive = (int) Math.round(n12 * Util.between(r, 0.32, 0.55));
            nOps = (int) Math.round(1105 * f * Util.between(r, 0.75, 1.3) * yf);
            opsClosed = (int) Math.round(nOps * Util.between(r, 0.86, 0.97));
            nPet = (int) Math.max(1, Math.round(31 * f * Util.between(r, 0.6, 1.5)));
            petClosed = nPet - (r.nextDouble() < 0.3 ? 1 : 0);
        }
        int sc = ctx.scale;
        n12 *= sc;
        passive *= sc;
        nOps *= sc;
        opsClosed *= sc;
        nPet *= sc;
        petClosed *= sc;
        double onTime = exact ? 0.975 : Util.between(r, 0.9, 0.985);
        double[] sat = exact ? new double[] {0.82, 0.14, 0.04}
                : new double[] {Util.between(r, 0.68, 0.84), 0.13, Util.between(r, 0.03, 0.09)};

        List<Caller> regulars = new ArrayList<>();
        int poolSize = Math.max(3, (passive + nPet) / 40);
        for (int i = 0; i < poolSize; i++) {
            regulars.add(new Caller(Names.person(r), Names.mobile(r), Names.address(r, u)));
        }

        List<Case> out = new ArrayList<>();
        // 12345: origins exact, categories by weight.
        boolean[] isPassive = shuffledFlags(r, n12, passive);
        List<Case> hl = new ArrayList<>();
        for (int i = 0; i < n12; i++) {
            Case c = base(r, u, year, "hotline_12345", isPassive[i]);
            c.category = isPassive[i] ? PASSIVE_CATS[Util.weighted(r, PASSIVE_W)] : ACTIVE_CATS[Util.weighted(r, ACTIVE_W)];
            c.due = c.received.plusDays(DUE_12345[r.nextInt(DUE_12345.length)]);
            boolean open = (c.received.isAfter(LocalDateTime.of(year, 12, 22, 0, 0)) && r.nextBoolean()) || r.nextDouble() < 0.004;
            if (!open) {
                close(r, c, onTime);
            }
            person(r, u, c, regulars, 0.88, sat);
            hl.add(c);
        }
        out.addAll(number(hl, "HL", u, year));

        // 城运平台: 浦锦 2023 has the seed's category counts.
        List<Case> ops = new ArrayList<>();
        List<String> cats = new ArrayList<>();
        if (exact) {
            addN(cats, "物业管理", 330 * sc);
            addN(cats, "停车管理", 182 * sc);
            addN(cats, "噪音扰民", 123 * sc);
            while (cats.size() < nOps) {
                int k = Util.weighted(r, ACTIVE_W);
                cats.add(ACTIVE_CATS[k]);
            }
        } else {
            for (int i = 0; i < nOps; i++) {
                cats.add(r.nextDouble() < 0.55 ? PASSIVE_CATS[Util.weighted(r, PASSIVE_W)] : ACTIVE_CATS[Util.weighted(r, ACTIVE_W)]);
            }
        }
        for (String cat : cats) {
            boolean pas = List.of("物业管理", "停车管理", "噪音扰民", "房屋渗漏", "群租整治", "加装电梯", "燃气安全").contains(cat)
                    || r.nextDouble() < 0.2;
            Case c = base(r, u, year, "city_ops", pas);
            c.category = cat;
            c.due = c.received.plusDays(DUE_OPS[r.nextInt(DUE_OPS.length)]);
            ops.add(c);
        }
        closeExactly(r, ops, opsClosed, onTime, year);
        for (Case c : ops) {
            person(r, u, c, regulars, 0.35, sat);
        }
        out.addAll(number(ops, "CY", u, year));

        // 信访
        List<Case> pet = new ArrayList<>();
        for (int i = 0; i < nPet; i++) {
            Case c = base(r, u, year, "petition", true);
            c.category = PETITION_CATS[Util.weighted(r, PETITION_W)];
            c.due = c.received.plusDays(60);
            pet.add(c);
        }
        closeExactly(r, pet, petClosed, 0.98, year);
        for (Case c : pet) {
            person(r, u, c, regulars, 0.6, sat);
            if (c.name.isEmpty()) {
                c.name = Names.person(r);
            }
        }
        out.addAll(number(pet, "XF", u, year));
        return out;
    }

    /** A few 12345 cases received in the last days of 2021, delivered with January 2022. */
    private static List<Case> carriedOver(Ctx ctx) {
        List<Case> out = new ArrayList<>();
        for (String id : List.of("MH-PJ", "MH-GM", "MH-QB", "MH-XZ")) {
            UnitDef u = Units.byId(id);
            SplittableRandom r = ctx.rng("hotline-2021", id);
            List<Case> cs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Case c = new Case();
                c.unit = id;
                c.channel = "hotline_12345";
                c.origin = "passive";
                c.category = PASSIVE_CATS[Util.weighted(r, PASSIVE_W)];
                c.received = LocalDate.of(2021, 12, Util.between(r, 27, 31)).atTime(Util.between(r, 8, 20), r.nextInt(60), r.nextInt(60));
                c.due = c.received.plusDays(7);
                close(r, c, 1.0);
                c.name = Names.person(r);
                c.phone = Names.mobile(r);
                c.address = Names.address(r, u);
                c.satisfaction = "satisfied";
                cs.add(c);
            }
            out.addAll(number(cs, "HL", u, 2021));
        }
        return out;
    }

    private static Case base(SplittableRandom r, UnitDef u, int year, String channel, boolean passive) {
        Case c = new Case();
        c.unit = u.id();
        c.channel = channel;
        c.origin = passive ? "passive" : "active";
        int m = Util.weighted(r, MONTH_W) + 1;
        LocalDate day = LocalDate.of(year, m, Util.between(r, 1, LocalDate.of(year, m, 1).lengthOfMonth()));
        int secs = passive ? 7 * 3600 + r.nextInt(15 * 3600) : 8 * 3600 + 1800 + r.nextInt(9 * 3600);
        c.received = day.atStartOfDay().plusSeconds(secs);
        return c;
    }

    private static void close(SplittableRandom r, Case c, double onTime) {
        long window = Duration.between(c.received, c.due).getSeconds();
        if (r.nextDouble() < onTime) {
            c.closed = c.received.plusSeconds((long) (window * Util.between(r, 0.05, 0.97)));
        } else {
            c.closed = c.due.plusSeconds(Util.between(r, 3600, 10 * 86400));
        }
    }

    /** Closes exactly {@code closed} cases, leaving open mostly the later ones. */
    private static void closeExactly(SplittableRandom r, List<Case> cases, int closed, double onTime, int year) {
        int n = cases.size();
        double[] key = new double[n];
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
            key[i] = cases.get(i).received.getDayOfYear() / 366.0 + Util.between(r, 0, 0.9);
        }
        java.util.Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> -key[i]).thenComparingInt(i -> i));
        boolean[] open = new boolean[n];
        for (int k = 0; k < n - closed; k++) {
            open[idx[k]] = true;
        }
        for (int i = 0; i < n; i++) {
            if (!open[i]) {
                close(r, cases.get(i), onTime);
            }
        }
    }

    private static void person(SplittableRandom r, UnitDef u, Case c, List<Caller> regulars, double rated, double[] sat) {
        if (c.origin.equals("active")) {
            c.address = Names.location(r, u);
            return;
        }
        if (r.nextDouble() < 0.14) {
            Caller k = Util.pick(r, regulars);
            c.name = k.name();
            c.phone = k.phone();
            c.address = k.address();
        } else {
            c.name = r.nextDouble() < 0.94 ? Names.person(r) : "";
            c.phone = r.nextDouble() < 0.9 ? Names.mobile(r) : "";
            c.address = r.nextDouble() < 0.97 ? Names.address(r, u) : "";
        }
        if (c.closed != null && !c.phone.isEmpty() && r.nextDouble() < rated) {
            double x = r.nextDouble();
            c.satisfaction = x < sat[0] ? "satisfied" : x < sat[0] + sat[1] ? "basically_satisfied"
                    : x < sat[0] + sat[1] + sat[2] ? "dissatisfied" : "satisfied";
        }
    }

    private static boolean[] shuffledFlags(SplittableRandom r, int n, int trues) {
        boolean[] f = new boolean[n];
        for (int i = 0; i < trues; i++) {
            f[i] = true;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            boolean t = f[i];
            f[i] = f[j];
            f[j] = t;
        }
        return f;
    }

    private static void addN(List<String> list, String v, int n) {
        for (int i = 0; i < n; i++) {
            list.add(v);
        }
    }

    private static List<Case> number(List<Case> cases, String prefix, UnitDef u, int year) {
        List<Case> sorted = new ArrayList<>(cases);
        sorted.sort(Comparator.comparing((Case c) -> c.received));
        int seq = 0;
        for (Case c : sorted) {
            c.id = String.format(Locale.ROOT, "%s-%s-%d-%06d", prefix, u.id(), year, ++seq);
        }
        return sorted;
    }
}
