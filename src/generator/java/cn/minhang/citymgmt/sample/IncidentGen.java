package cn.minhang.citymgmt.sample;

import cn.minhang.citymgmt.sources.Sources;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** incidents: safety incidents (安全事故), one district-wide file per year. */
final class IncidentGen {
    static final String SOURCE = Sources.INCIDENTS.name();
    static final String[] HEADER = Util.header(Sources.INCIDENTS);
    private static final String[] MINOR = {"施工围挡被风吹倒，无人员受伤", "养护作业人员修剪行道树时擦伤手臂", "窨井盖松动致行人扭伤脚踝",
        "保洁车辆倒车时刮擦路边护栏", "绿化作业机械溅石致一辆停放车辆车窗破损", "人行道铺装翘起致一名老人摔倒轻微擦伤",
        "暴雨后\"一路一档\"巡查中发现窨井冒溢, 一名行人滑倒轻微擦伤"};
    private static final String[] GENERAL = {"小型工程作业人员高处坠落骨折", "道路养护作业区被社会车辆闯入，一名作业人员受伤住院",
        "垃圾收运车辆与电动自行车碰撞，骑车人受伤住院", "管道疏通作业中一名工人轻度中毒，送医后康复"};

    private IncidentGen() {
    }

    static void run(Ctx ctx) throws IOException {
        for (int year : Ctx.YEARS) {
            List<String[]> rows = new ArrayList<>();
            for (UnitDef u : ctx.units) {
                SplittableRandom r = ctx.rng("incidents", u.id(), year);
                List<String[]> mine = new ArrayList<>();
                int minor = u.isPujin() ? (year == 2022 ? 2 : 2) : Util.between(r, 0, 3);
                int general = u.isPujin() ? (year == 2022 ? 1 : 0) : r.nextDouble() < 0.3 ? 1 : 0;
                int major = (u.id().equals(Units.MAJOR_2023) && year == 2023) || (u.id().equals(Units.MAJOR_2022) && year == 2022) ? 1 : 0;
                for (int i = 0; i < minor; i++) {
                    mine.add(row(r, u, year, "minor", Util.pick(r, MINOR)));
                }
                for (int i = 0; i < general; i++) {
                    mine.add(row(r, u, year, "general", Util.pick(r, GENERAL)));
                }
                if (major > 0) {
                    mine.add(row(r, u, year, "major", u.id().equals(Units.MAJOR_2023)
                            ? "道路改造工地基坑边坡坍塌，造成一名作业人员死亡" : "厂区道路施工吊装作业起重机倾覆，造成一名作业人员死亡"));
                }
                mine.sort((a, b) -> a[2].compareTo(b[2]));
                int seq = 0;
                for (String[] row : mine) {
                    row[0] = String.format(Locale.ROOT, "%s-AQ%d-%02d", u.id(), year, ++seq);
                    rows.add(row);
                }
                ctx.facts.put(u.id(), year, "major_incidents", major);
            }
            rows.sort((a, b) -> a[2].equals(b[2]) ? a[0].compareTo(b[0]) : a[2].compareTo(b[2]));
            ctx.out.write(SOURCE, "incidents-" + year + ".csv", HEADER, rows);
        }
    }

    private static String[] row(SplittableRandom r, UnitDef u, int year, String severity, String description) {
        LocalDate on = Util.date(r, LocalDate.of(year, 1, 10), LocalDate.of(year, 12, 20));
        return new String[] {"", u.id(), Util.d(on), severity, Util.pick(r, u.streets()) + "：" + description};
    }
}
