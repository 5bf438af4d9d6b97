package cn.minhang.citymgmt.sample;

import cn.minhang.citymgmt.sources.Sources;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** works_projects: the engineering projects each unit runs (工程项目), one register per unit. */
final class WorksGen {
    static final String SOURCE = Sources.WORKS_PROJECTS.name();
    static final String[] HEADER = Util.header(Sources.WORKS_PROJECTS);

    private record Work(String name, LocalDate start, LocalDate plannedFinish, LocalDate actualFinish, Boolean accepted, long budgetYuan) {
    }

    private WorksGen() {
    }

    static void run(Ctx ctx) throws IOException {
        for (UnitDef u : ctx.units) {
            List<Work> works = u.isPujin() ? pujin() : generic(ctx, u);
            works.sort(Comparator.comparing(Work::start).thenComparing(Work::name));
            List<String[]> rows = new ArrayList<>();
            int[] perYear = new int[2100];
            for (Work w : works) {
                int y = w.start().getYear();
                rows.add(new String[] {String.format(Locale.ROOT, "%s-GC%d-%02d", u.id(), y, ++perYear[y]), u.id(), w.name(),
                    Util.d(w.start()), Util.d(w.plannedFinish()), Util.d(w.actualFinish()), Util.bool(w.accepted()),
                    Util.money(w.budgetYuan() * 100)});
            }
            ctx.out.write(SOURCE, "register-" + u.id() + ".csv", HEADER, rows);
            facts(ctx, u, works);
        }
    }

    private static LocalDate d(int y, int m, int day) {
        return LocalDate.of(y, m, day);
    }

    private static List<Work> pujin() {
        List<Work> w = new ArrayList<>();
        w.add(new Work("南北江州路（浦锦路-浦雪路）精品道路建设项目", d(2021, 9, 1), d(2022, 9, 30), d(2022, 10, 28), true, 8_650_000));
        w.add(new Work("浦锦北路（芦恒路-江松路）人行道改造工程", d(2022, 3, 1), d(2022, 8, 31), d(2022, 8, 26), true, 2_380_000));
        w.add(new Work("景舒苑垃圾箱房标准化改造项目", d(2022, 4, 15), d(2022, 7, 31), d(2022, 7, 20), true, 960_000));
        w.add(new Work("派出所基础设施改造项目", d(2022, 9, 1), d(2023, 6, 30), d(2023, 6, 28), true, 3_260_000));
        w.add(new Work("塘浦路和浦锦北路沿线环境提升项目", d(2022, 11, 15), d(2023, 9, 30), d(2023, 9, 22), true, 5_480_000));
        w.add(new Work("浦锦街道北片党群服务站标准化建设项目", d(2023, 3, 1), d(2023, 10, 31), d(2023, 10, 20), true, 1_850_000));
        w.add(new Work("居委办公用房修缮项目", d(2023, 4, 10), d(2023, 9, 30), d(2023, 9, 15), true, 1_120_000));
        w.add(new Work("浦锦街道南片党群服务站标准化建设项目", d(2023, 5, 8), d(2024, 1, 31), null, null, 1_760_000));
        w.add(new Work("7-16地块绿地提升项目", d(2023, 6, 1), d(2024, 1, 15), null, null, 4_320_000));
        w.add(new Work("江桦路（浦锦路-浦星公路）照明提升工程", d(2023, 8, 15), d(2023, 12, 28), null, null, 1_280_000));
        w.add(new Work("浦锦路（江月路-陈行公路）照明提升工程", d(2023, 8, 21), d(2023, 12, 28), null, null, 960_000));
        w.add(new Work("近浦绿道（浦锦段）建设项目", d(2023, 7, 3), d(2023, 12, 28), null, null, 2_650_000));
        w.add(new Work("周浦塘绿道（浦锦段）建设项目", d(2023, 7, 17), d(2023, 12, 28), null, null, 2_140_000));
        w.add(new Work("沈庄塘绿道（浦锦段）建设项目", d(2023, 7, 24), d(2023, 12, 28), null, null, 1_930_000));
        w.add(new Work("浦锦路西侧（江梅路-江桃路）绿地项目", d(2023, 6, 19), d(2023, 12, 28), null, null, 3_380_000));
        w.add(new Work("江月路北侧（浦锦路-浦驰路）绿地项目", d(2023, 6, 26), d(2023, 12, 28), null, null, 1_870_000));
        w.add(new Work("浦星公路东侧（江桦路-江柳路）绿地项目", d(2023, 7, 10), d(2023, 12, 28), null, null, 2_260_000));
        w.add(new Work("浦申路南侧（浦锦路-浦星公路）绿地项目", d(2023, 7, 12), d(2023, 12, 28), null, null, 1_540_000));
        w.add(new Work("浦申路道路绿化提升项目", d(2024, 4, 1), d(2024, 11, 30), null, null, 3_900_000));
        return w;
    }

    private static final String[] TEMPLATES = {"%s（%s-%s）道路综合整治工程", "%s垃圾箱房标准化改造项目", "%s党群服务站标准化建设项目",
        "%s绿道建设项目", "%s（%s-%s）照明提升工程", "%s雨污混接改造工程", "%s美丽街区建设项目", "%s公厕适老化改造项目",
        "%s（%s-%s）人行道改造工程", "%s周边绿地提升项目", "%s架空线入地及杆箱整治工程", "%s积水点改造工程"};

    private static String name(SplittableRandom r, UnitDef u, List<String> used) {
        for (;;) {
            int t = r.nextInt(TEMPLATES.length);
            String tpl = TEMPLATES[t];
            String street = Util.pick(r, u.streets());
            String place = switch (t) {
                case 1, 5, 9 -> Util.pick(r, u.communities());
                case 2 -> u.shortName() + Util.pick(r, new String[] {"北片", "南片", "东片", "西片", "中心"});
                case 6, 7, 3, 10, 11 -> street;
                default -> street;
            };
            String n = tpl.contains("（") ? String.format(Locale.ROOT, tpl, place, Util.pick(r, u.streets()), Util.pick(r, u.streets()))
                    : String.format(Locale.ROOT, tpl, place);
            if (!used.contains(n) && !(tpl.contains("（") && n.contains("（" + street + "-"))) {
                used.add(n);
                return n;
            }
        }
    }

    private static List<Work> generic(Ctx ctx, UnitDef u) {
        SplittableRandom r = ctx.rng("works", u.id());
        List<Work> out = new ArrayList<>();
        List<String> used = new ArrayList<>();
        double size = Math.sqrt(u.s());
        for (int year : Ctx.YEARS) {
            int n = (int) Math.max(1, Math.round(Util.between(r, 2, 5.5) * size));
            for (int i = 0; i < n; i++) {
                LocalDate start = Util.date(r, d(year - 1, 3, 1), d(year, 5, 31));
                LocalDate planned = start.plusDays(Util.between(r, 150, 420));
                planned = Util.max(d(year, 2, 1), Util.min(planned, d(year, 12, 20)));
                if (!planned.isAfter(start)) {
                    planned = start.plusDays(60);
                }
                LocalDate actual = planned.plusDays(Util.between(r, -20, 45));
                actual = Util.max(start.plusDays(30), Util.min(actual, d(year, 12, 28)));
                if (actual.getYear() != year) {
                    actual = d(year, 1, 15).isAfter(start) ? d(year, 1, 15) : start.plusDays(30);
                }
                out.add(new Work(name(r, u, used), start, planned, actual, r.nextDouble() < 0.9,
                        Util.roundTo(Util.between(r, 300_000, 12_000_000), 10_000)));
            }
        }
        if (u.id().equals(Units.SLOW_WORKS)) {
            out.add(new Work(name(r, u, used), d(2020, 10, 12), d(2022, 6, 30), d(2023, 5, 26), true, 18_600_000));
            out.add(new Work(name(r, u, used), d(2021, 3, 1), d(2022, 12, 31), d(2023, 9, 8), false, 11_200_000));
        }
        if (u.id().equals(Units.WORKS_BEHIND)) {
            out.add(new Work(name(r, u, used), d(2023, 3, 15), d(2023, 11, 30), null, null, 2_400_000));
        }
        int running = Util.between(r, 1, 4);
        for (int i = 0; i < running; i++) {
            LocalDate start = Util.date(r, d(2023, 4, 1), d(2023, 11, 30));
            LocalDate planned = Util.max(start.plusDays(Util.between(r, 150, 400)), d(2024, 1, 10).plusDays(r.nextInt(60)));
            out.add(new Work(name(r, u, used), start, planned, null, null, Util.roundTo(Util.between(r, 500_000, 9_000_000), 10_000)));
        }
        if (r.nextBoolean()) {
            LocalDate start = Util.date(r, d(2024, 3, 1), d(2024, 6, 30));
            out.add(new Work(name(r, u, used), start, start.plusDays(Util.between(r, 150, 300)), null, null,
                    Util.roundTo(Util.between(r, 500_000, 6_000_000), 10_000)));
        }
        return out;
    }

    private static void facts(Ctx ctx, UnitDef u, List<Work> works) {
        for (int year : Ctx.YEARS) {
            LocalDate first = d(year, 1, 1);
            LocalDate last = d(year, 12, 31);
            long done = 0;
            long accepted = 0;
            long known = 0;
            long days = 0;
            long planned = 0;
            long active = 0;
            for (Work w : works) {
                if (w.actualFinish() != null && w.actualFinish().getYear() == year) {
                    done++;
                    days += ChronoUnit.DAYS.between(w.start(), w.actualFinish());
                    if (w.accepted() != null) {
                        known++;
                        accepted += w.accepted() ? 1 : 0;
                    }
                }
                if (w.plannedFinish().getYear() == year) {
                    planned++;
                }
                LocalDate end = w.actualFinish() != null ? w.actualFinish() : w.plannedFinish();
                if (!w.start().isAfter(last) && !end.isBefore(first)) {
                    active++;
                }
            }
            ctx.facts.put(u.id(), year, "works_done", done);
            ctx.facts.put(u.id(), year, "works_planned", planned);
            ctx.facts.put(u.id(), year, "works_active", active);
            ctx.facts.put(u.id(), year, "works_acceptance", Util.pct(accepted, known));
            ctx.facts.put(u.id(), year, "works_years", done == 0 ? null
                    : BigDecimal.valueOf(days).divide(BigDecimal.valueOf(done * 365L), 6, RoundingMode.HALF_UP));
        }
    }
}
