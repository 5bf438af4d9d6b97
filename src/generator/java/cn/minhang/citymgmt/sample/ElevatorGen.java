package cn.minhang.citymgmt.sample;

import cn.minhang.citymgmt.sources.Sources;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeSet;

/** elevator_projects: lifts added to existing walk-up buildings (加装电梯), one row per lift, one ledger per unit. */
final class ElevatorGen {
    static final String SOURCE = Sources.ELEVATOR_PROJECTS.name();
    static final String[] HEADER = Util.header(Sources.ELEVATOR_PROJECTS);

    private static final class Lift {
        String community;
        String building;
        LocalDate signed;
        LocalDate started;
        LocalDate completed;
        LocalDate inService;
        int households;

        LocalDate first() {
            return signed != null ? signed : started;
        }
    }

    private ElevatorGen() {
    }

    static void run(Ctx ctx) throws IOException {
        for (UnitDef u : ctx.units) {
            ctx.out.write(SOURCE, "ledger-" + u.id() + ".csv", HEADER, generate(ctx, u));
        }
    }

    private static LocalDate d(int y, int m, int day) {
        return LocalDate.of(y, m, day);
    }

    private static List<String[]> generate(Ctx ctx, UnitDef u) {
        SplittableRandom r = ctx.rng("elevators", u.id());
        // Groups: A in service before 2022; B completed 2022; C started 2022, completed 2023; D started and completed 2023;
        // E started 2023, still being built; G signed before 2023, not started; H signed in 2023, not started.
        int a;
        int b;
        int c;
        int dd;
        int e;
        int g;
        int h;
        if (u.isPujin()) {
            a = 3;
            b = 4;
            c = 0;
            dd = 3;
            e = 2;
            g = 17;
            h = 70;
        } else {
            double k = u.f() * u.oldHousing();
            a = n(r, 12 * k);
            b = n(r, 9 * k);
            c = n(r, 5 * k);
            dd = n(r, 6 * k);
            e = n(r, 5 * k);
            g = n(r, 15 * k);
            h = n(r, 40 * k);
        }
        List<Lift> lifts = new ArrayList<>();
        TreeSet<String> used = new TreeSet<>();
        for (int i = 0; i < a; i++) {
            Lift l = lift(r, u, used);
            l.inService = Util.date(r, d(2019, 6, 1), d(2021, 12, 20));
            l.completed = l.inService.minusDays(Util.between(r, 7, 40));
            l.started = l.completed.minusDays(Util.between(r, 70, 160));
            l.signed = r.nextDouble() < 0.06 ? null : l.started.minusDays(Util.between(r, 60, 300));
            lifts.add(l);
        }
        for (int i = 0; i < b; i++) {
            Lift l = lift(r, u, used);
            l.inService = Util.date(r, d(2022, 2, 15), d(2022, 12, 28));
            l.completed = l.inService.minusDays(Util.between(r, 7, 30));
            l.started = l.completed.minusDays(Util.between(r, 70, 180));
            l.signed = l.started.minusDays(Util.between(r, 60, 300));
            lifts.add(l);
        }
        for (int i = 0; i < c; i++) {
            Lift l = lift(r, u, used);
            l.started = Util.date(r, d(2022, 6, 1), d(2022, 12, 20));
            l.completed = Util.date(r, Util.max(l.started.plusDays(90), d(2023, 1, 5)), d(2023, 11, 30));
            l.inService = Util.min(l.completed.plusDays(Util.between(r, 7, 30)), d(2023, 12, 31));
            l.signed = l.started.minusDays(Util.between(r, 60, 300));
            lifts.add(l);
        }
        for (int i = 0; i < dd; i++) {
            Lift l = lift(r, u, used);
            l.started = Util.date(r, d(2023, 1, 10), d(2023, 7, 31));
            l.completed = Util.min(l.started.plusDays(Util.between(r, 80, 150)), d(2023, 12, 10));
            l.inService = Util.min(l.completed.plusDays(Util.between(r, 5, 20)), d(2023, 12, 31));
            l.signed = Util.date(r, d(2021, 3, 1), d(2022, 12, 20));
            lifts.add(l);
        }
        for (int i = 0; i < e; i++) {
            Lift l = lift(r, u, used);
            l.started = Util.date(r, d(2023, 5, 1), d(2023, 12, 15));
            l.signed = Util.date(r, d(2021, 3, 1), d(2022, 12, 20));
            lifts.add(l);
        }
        for (int i = 0; i < g; i++) {
            Lift l = lift(r, u, used);
            l.signed = Util.date(r, d(2021, 1, 4), d(2022, 12, 28));
            lifts.add(l);
        }
        for (int i = 0; i < h; i++) {
            Lift l = lift(r, u, used);
            l.signed = Util.date(r, d(2023, 1, 5), d(2023, 12, 28));
            lifts.add(l);
        }
        lifts.sort(Comparator.comparing(Lift::first).thenComparing(l -> l.community).thenComparing(l -> l.building));
        List<String[]> rows = new ArrayList<>();
        int seq = 0;
        for (Lift l : lifts) {
            rows.add(new String[] {String.format(Locale.ROOT, "%s-DT-%04d", u.id(), ++seq), u.id(), l.community, l.building,
                Util.d(l.signed), Util.d(l.started), Util.d(l.completed), Util.d(l.inService), Integer.toString(l.households)});
        }
        for (int year : Ctx.YEARS) {
            LocalDate end = d(year, 12, 31);
            long inService = lifts.stream().filter(l -> l.inService != null && !l.inService.isAfter(end)).count();
            ctx.facts.put(u.id(), year, "lifts_in_service", inService);
        }
        return rows;
    }

    private static int n(SplittableRandom r, double mean) {
        return (int) Math.max(0, Math.round(mean * Util.between(r, 0.75, 1.25)));
    }

    private static Lift lift(SplittableRandom r, UnitDef u, TreeSet<String> used) {
        Lift l = new Lift();
        String[] comms = u.communities();
        // Lifts go to the older estates: the first half of the list.
        int pool = Math.max(2, comms.length / 2);
        do {
            l.community = comms[r.nextInt(pool)];
            l.building = Util.between(r, 1, 120) + "号";
        } while (!used.add(l.community + "|" + l.building));
        l.households = r.nextDouble() < 0.7 ? 12 : Util.between(r, 5, 9) * 2;
        return l;
    }
}
