package cn.minhang.citymgmt.sample;

import cn.minhang.citymgmt.sources.Sources;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** repair_orders: batched facility repair orders (one order covers several places). */
final class RepairGen {
    static final String SOURCE = Sources.REPAIR_ORDERS.name();
    static final String[] HEADER = Util.header(Sources.REPAIR_ORDERS);

    /**
     * @param orders 浦锦 orders per year
     * @param quantity 浦锦 2023 places / pieces
     * @param measure 浦锦 2023 m² or m (0 = none)
     * @param costPer yuan per measure unit, or per piece without a measure
     */
    private record Facility(String code, int orders, int sla, long quantity, long measure, String unit, String grades, double costPer) {
    }

    private static final Facility[] FACILITIES = {
        new Facility("sidewalk", 170, 15, 6113, 27685, "m2", "CCCDDDDE", 185),
        new Facility("asphalt", 110, 10, 3217, 22780, "m2", "CCDDDDE", 220),
        new Facility("traffic_post", 70, 7, 2430, 0, "", "CCCD", 160),
        new Facility("curb", 55, 15, 586, 4107, "m", "CCDD", 260),
        new Facility("guardrail", 20, 15, 116, 695, "m", "CCD", 420),
        new Facility("bridge_joint", 14, 30, 132, 0, "", "D", 1500),
        new Facility("bridge_approach", 7, 30, 28, 0, "", "D", 8200),
        new Facility("bridge_deck", 4, 30, 14, 0, "", "D", 12500),
        new Facility("other", 40, 10, 1532, 0, "", "", 35)};

    private static final class Order {
        String facility;
        String grade;
        LocalDate reported;
        LocalDate due;
        LocalDate completed;
        long quantity;
        long measureTenths = -1;
        String unit = "";
        Boolean accepted;
        long costCents;
    }

    private RepairGen() {
    }

    static void run(Ctx ctx) throws IOException {
        for (UnitDef u : ctx.units) {
            for (int year : Ctx.YEARS) {
                List<String[]> rows = generate(ctx, u, year);
                ctx.out.write(SOURCE, year + "/" + u.id() + "-" + year + ".csv.gz", HEADER, rows);
            }
        }
    }

    private static List<String[]> generate(Ctx ctx, UnitDef u, int year) {
        SplittableRandom r = ctx.rng("repair", u.id(), year);
        boolean exact = ctx.seedFigures(u, year);
        double onTime = exact ? 0.975 : u.id().equals(Units.POOR_REPAIR) ? (year == 2023 ? 0.78 : 0.88) : Util.between(r, 0.9, 0.99);
        double size = u.isPujin() ? 1.0 : u.s();
        double yf = year == 2022 ? 0.9 : 1.0;
        LocalDate first = LocalDate.of(year, 1, 1);
        LocalDate last = LocalDate.of(year, 12, 31);
        List<Order> orders = new ArrayList<>();
        for (Facility fac : FACILITIES) {
            double noise = exact ? 1.0 : Util.between(r, 0.7, 1.3);
            int n = (int) Math.max(1, Math.round(fac.orders() * size * (exact ? 1 : Util.between(r, 0.8, 1.2)))) * ctx.scale;
            long q = Math.max(n, Math.round(fac.quantity() * (exact ? 1 : size * noise * yf)) * ctx.scale);
            long mTenths = fac.measure() == 0 ? 0 : Math.round(fac.measure() * 10 * (exact ? 1 : size * noise * yf)) * ctx.scale;
            long[] qs = Util.split(q, Util.weights(r, n, 0.7), 1, 1);
            long[] ms = mTenths == 0 ? null : Util.split(mTenths, toDouble(qs), 1, 5);
            for (int i = 0; i < n; i++) {
                Order o = new Order();
                o.facility = fac.code();
                o.grade = fac.grades().isEmpty() ? (r.nextBoolean() ? "" : "C")
                        : String.valueOf(fac.grades().charAt(r.nextInt(fac.grades().length())));
                o.completed = Util.date(r, first.plusDays(10), last);
                boolean ok = r.nextDouble() < onTime;
                int dur = ok ? Util.between(r, 1, fac.sla()) : fac.sla() + Util.between(r, 1, 20);
                o.reported = o.completed.minusDays(dur);
                o.due = o.reported.plusDays(fac.sla());
                o.quantity = qs[i];
                if (ms != null) {
                    o.measureTenths = ms[i];
                    o.unit = fac.unit();
                }
                double basis = ms != null ? ms[i] / 10.0 : qs[i];
                o.costCents = Util.roundTo(basis * fac.costPer() * Util.between(r, 0.85, 1.2) * 100, 100);
                double x = r.nextDouble();
                o.accepted = x < 0.01 ? null : x < 0.975;
                orders.add(o);
            }
        }
        int completed = orders.size();
        if (year == 2023) { // still open when the data were extracted
            int open = (int) Math.max(1, Math.round(completed * 0.015));
            for (int i = 0; i < open; i++) {
                Facility fac = FACILITIES[r.nextInt(4)];
                Order o = new Order();
                o.facility = fac.code();
                o.grade = "C";
                o.reported = Util.date(r, LocalDate.of(year, 12, 5), LocalDate.of(year, 12, 28));
                o.due = o.reported.plusDays(fac.sla());
                o.quantity = Util.between(r, 1, 30);
                if (!fac.unit().isEmpty()) {
                    o.measureTenths = o.quantity * Util.between(r, 20, 60);
                    o.unit = fac.unit();
                }
                orders.add(o);
            }
        }
        orders.sort(Comparator.comparing((Order o) -> o.completed == null ? o.reported : o.completed)
                .thenComparing(o -> o.reported).thenComparing(o -> o.facility).thenComparingLong(o -> o.quantity));
        List<String[]> rows = new ArrayList<>(orders.size());
        int seq = 0;
        for (Order o : orders) {
            rows.add(new String[] {String.format(Locale.ROOT, "%s-WX%d-%05d", u.id(), year % 100, ++seq), u.id(), o.facility, o.grade,
                Util.d(o.reported), Util.d(o.due), Util.d(o.completed), Long.toString(o.quantity),
                o.measureTenths < 0 ? "" : Util.dec(o.measureTenths, 1), o.unit, Util.bool(o.accepted),
                o.completed == null ? "" : Util.money(o.costCents)});
        }
        long onTimeActual = orders.stream().filter(o -> o.completed != null && !o.completed.isAfter(o.due)).count();
        ctx.facts.put(u.id(), year, "repair_timely_rate", Util.pct(onTimeActual, completed));
        return rows;
    }

    private static double[] toDouble(long[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i] * (0.7 + 0.6 * ((i * 7919L) % 13) / 12.0);
        }
        return d;
    }
}
