package cn.minhang.citymgmt.sample;

import cn.minhang.citymgmt.sources.Sources;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** assessments (evaluator grades), targets (年度指标值) and self_reports (全年完成值). */
final class EvaluationGen {
    static final String[] ASSESSMENT_HEADER = Util.header(Sources.ASSESSMENTS);
    static final String[] TARGET_HEADER = Util.header(Sources.TARGETS);
    static final String[] REPORT_HEADER = Util.header(Sources.SELF_REPORTS);
    static final String EVALUATOR = "区财政局评审组";

    static final String[] ASSESSED = {"mgmt.decision", "mgmt.business", "mgmt.finance", "mgmt.assets", "mgmt.hr",
        "mgmt.internal_control", "outcome.long_term_mechanism"};
    private static final String[] EVIDENCE = {
        "执行《%s办事处重大行政决策程序规定》，重大事项集体决策、逐级审批",
        "制定《垃圾清运考核细则》《城市管理综合养护考核办法》，季度考核、季考季兑",
        "财务制度健全，预算编制、执行、决算按区财政要求完成",
        "固定资产专人管理、张贴资产标识、定期盘点，新购资产履行审批",
        "考勤制度实施办法执行到位，请销假程序规范",
        "按《行政事业单位内部控制规范（试行）》完成内部控制建设情况填报",
        "建立城市管理综合养护模式，片区网格化管养，考核常态化"};
    private static final Map<String, String> WEAKNESS = Map.of(
            "mgmt.business", "，但部分考核结果未及时兑现",
            "mgmt.finance", "，但年中预算调整幅度较大、执行计划性不足",
            "mgmt.assets", "，但部分资产账实不符",
            "mgmt.internal_control", "，但合同管理内控流程执行不到位",
            "outcome.long_term_mechanism", "，但长效管理考核机制尚未覆盖全部片区");

    /** Partial grades: unit|year|indicator → fraction ("" = none). */
    private static final Map<String, String> PARTIAL = Map.of(
            "MH-JCL|2023|mgmt.internal_control", "0.70",
            "MH-JCL|2023|outcome.long_term_mechanism", "0.75",
            "MH-WJ|2023|mgmt.finance", "0.72",
            "MH-HC|2023|mgmt.finance", "",
            "MH-ZQ|2023|mgmt.business", "0.78",
            "MH-XZIP|2022|mgmt.assets", "0.65");

    static final String[] INDICATORS = {"output.parks", "output.elevators", "output.street_trees", "output.roads",
        "output.public_green", "output.drain_pipes", "output.works_done", "output.cleaning_area", "output.road_quality",
        "output.green_quality", "output.works_acceptance", "output.cleaning_timely", "output.repair_timely", "output.works_duration",
        "outcome.no_major_incident", "outcome.cityscape", "outcome.safe_construction", "outcome.clean_environment",
        "outcome.greening", "outcome.long_term_mechanism", "satisfaction.beneficiary", "budget.execution_rate"};
    /** 浦锦街道 2023 年度指标值, as in the seed report. */
    private static final String[] PUJIN_TARGETS = {"=12.00(个)", "=10.00(台)", "=14481.00(株)", "=70.00(公里)", "=43.00(万平方米)",
        "=357.00(公里)", "=4.00(个)", "=174.00(万平方米)", "=90.00(%)", "=90.00(%)", "=100.00(%)", "及时", "及时", "=2.00(年)",
        "≤0.00(%)", "提升", "到位", "提升", "提升", "建立健全", "≥90.00(%)", "=100.00(%)"};
    /** 浦锦街道 2023 全年完成值, as in the seed report. */
    /**
     * The budget lines as the seed report prints them (万元 and %), inconsistencies included: basic
     * 333.77 executed of 333.71 is 100.02 %, not the 99.42 % printed, and the parts executed add up to
     * 14,048.37, not the 14,046.37 printed as the total. The budget-line audit must flag both.
     */
    private static final Map<String, String> PUJIN_PRINTED_BUDGET = printedBudget(
            "budget.initial.total", "15249.65",
            "budget.adjusted.basic", "333.71", "budget.executed.basic", "333.77", "budget.rate.basic", "99.42%",
            "budget.adjusted.project", "14112.11", "budget.executed.project", "13714.60", "budget.rate.project", "97.18%",
            "budget.adjusted.total", "14445.82", "budget.executed.total", "14046.37", "budget.rate.total", "97.23%");

    private static Map<String, String> printedBudget(String... idsAndValues) {
        Map<String, String> lines = new LinkedHashMap<>();
        for (int i = 0; i < idsAndValues.length; i += 2) {
            lines.put(idsAndValues[i], idsAndValues[i + 1]);
        }
        return lines;
    }

    private static final String[] PUJIN_REPORTED = {"12", "10", "=14481.00(株)", "=70.00(公里)", "=43.00(万平方米)", "=357.00(公里)",
        "=4.00(个)", "=174.00(万平方米)", "=90.00(%)", "=90.00(%)", "=100.00(%)", "及时", "及时", "=2.00(年)", "≤0.00(%)", "提升",
        "到位", "提升", "提升", "建立健全", "≥90.00(%)", "97.23%"};

    private EvaluationGen() {
    }

    static void run(Ctx ctx) throws IOException {
        Map<String, String> grades = new TreeMap<>();
        for (int year : Ctx.YEARS) {
            List<String[]> rows = new ArrayList<>();
            for (UnitDef u : ctx.units) {
                SplittableRandom r = ctx.rng("assessments", u.id(), year);
                for (int i = 0; i < ASSESSED.length; i++) {
                    String ind = ASSESSED[i];
                    String key = u.id() + "|" + year + "|" + ind;
                    String evidence = i == 0 ? String.format(java.util.Locale.ROOT, EVIDENCE[0], u.shortName()) : EVIDENCE[i];
                    String grade;
                    String fraction;
                    if (PARTIAL.containsKey(key)) {
                        grade = "partial";
                        fraction = PARTIAL.get(key);
                        evidence += WEAKNESS.getOrDefault(ind, "，但部分环节有待完善");
                    } else {
                        grade = "achieved";
                        fraction = u.isPujin() || r.nextDouble() < 0.6 ? "" : Util.fixed(Util.between(r, 0.85, 1.0), 2);
                    }
                    grades.put(key, grade);
                    rows.add(new String[] {u.id(), Integer.toString(year), ind, grade, fraction, EVALUATOR, evidence});
                }
            }
            ctx.out.write("assessments", "assessments-" + year + ".csv", ASSESSMENT_HEADER, rows);
        }
        for (UnitDef u : ctx.units) {
            for (int year : Ctx.YEARS) {
                SplittableRandom r = ctx.rng("targets", u.id(), year);
                Map<String, String> targets = new LinkedHashMap<>();
                Map<String, String> reported = new LinkedHashMap<>();
                if (ctx.seedFigures(u, year)) {
                    for (int i = 0; i < INDICATORS.length; i++) {
                        targets.put(INDICATORS[i], PUJIN_TARGETS[i]);
                        reported.put(INDICATORS[i], PUJIN_REPORTED[i]);
                    }
                    reported.putAll(PUJIN_PRINTED_BUDGET);
                } else {
                    generic(ctx, r, u, year, grades, targets, reported);
                }
                List<String[]> t = new ArrayList<>();
                targets.forEach((k, v) -> t.add(new String[] {u.id(), Integer.toString(year), k, v}));
                List<String[]> s = new ArrayList<>();
                reported.forEach((k, v) -> s.add(new String[] {u.id(), Integer.toString(year), k, v}));
                ctx.out.write("targets", year + "/" + u.id() + ".csv", TARGET_HEADER, t);
                ctx.out.write("self_reports", year + "/" + u.id() + ".csv", REPORT_HEADER, s);
            }
        }
    }

    private static String q(BigDecimal v, String unit, String op, RoundingMode mode) {
        return op + v.setScale(2, mode).toPlainString() + "(" + unit + ")";
    }

    private static String grade(BigDecimal m, double achieved, double partial, String[] words) {
        if (m == null) {
            return words[0];
        }
        double x = m.doubleValue();
        return x >= achieved ? words[0] : x >= partial ? words[1] : words[2];
    }

    private static String change(Facts f, UnitDef u, int year, String key, String[] words) {
        BigDecimal now = f.get(u.id(), year, key);
        BigDecimal before = f.get(u.id(), year - 1, key);
        if (now == null || before == null) {
            return words[0]; // no baseline: the unit claims improvement anyway
        }
        return grade(now.subtract(before), 0, -2, words);
    }

    private static void generic(Ctx ctx, SplittableRandom r, UnitDef u, int year, Map<String, String> grades,
                                Map<String, String> targets, Map<String, String> reported) {
        Facts f = ctx.facts;
        String id = u.id();
        String op = List.of("MH-QB", "MH-HC", "MH-PJZ").contains(id) ? "≥" : "=";
        boolean plainCounts = u.isPujin() || List.of("MH-GM", "MH-ZQ", "MH-MQ").contains(id);
        RoundingMode down = RoundingMode.FLOOR;
        RoundingMode half = RoundingMode.HALF_UP;
        BigDecimal tenThousand = BigDecimal.valueOf(10_000);
        boolean overstate = year == 2023;

        BigDecimal parks = f.get(id, year, "asset_park");
        BigDecimal parksTarget = id.equals("MH-MQ") && year == 2023 ? parks.add(BigDecimal.ONE) : parks;
        targets.put("output.parks", q(parksTarget, "个", op, half));
        reported.put("output.parks", count(parks, "个", plainCounts));

        BigDecimal lifts = f.get(id, year, "lifts_in_service");
        BigDecimal liftsTarget = id.equals(Units.OVERSTATES_LIFTS) && year == 2023 ? lifts.add(BigDecimal.valueOf(6))
                : lifts.subtract(BigDecimal.valueOf(Math.min(lifts.longValue(), Util.between(r, 0, 2))));
        targets.put("output.elevators", q(liftsTarget, "台", op, half));
        reported.put("output.elevators", count(id.equals(Units.OVERSTATES_LIFTS) && overstate ? liftsTarget : lifts, "台", plainCounts));

        BigDecimal trees = f.get(id, year, "asset_street_tree");
        BigDecimal treesTarget = u.isPujin() ? trees : trees.divide(BigDecimal.TEN, 0, RoundingMode.FLOOR).multiply(BigDecimal.TEN);
        targets.put("output.street_trees", q(treesTarget, "株", op, half));
        BigDecimal treesReported = id.equals(Units.OVERSTATES_TREES) && overstate
                ? trees.multiply(BigDecimal.valueOf(1.08)).setScale(0, RoundingMode.HALF_UP) : trees;
        reported.put("output.street_trees", q(treesReported, "株", "=", half));

        BigDecimal roads = f.get(id, year, "asset_road");
        targets.put("output.roads", q(roads, "公里", op, down));
        reported.put("output.roads", q(roads, "公里", "=", half));
        BigDecimal green = f.get(id, year, "asset_public_green").divide(tenThousand, 6, half);
        targets.put("output.public_green", q(green, "万平方米", op, down));
        reported.put("output.public_green", q(green, "万平方米", "=", half));
        BigDecimal drains = f.get(id, year, "asset_drain_pipe");
        targets.put("output.drain_pipes", q(drains, "公里", op, down));
        reported.put("output.drain_pipes", q(drains, "公里", "=", half));

        targets.put("output.works_done", q(f.get(id, year, "works_planned"), "个", op, half));
        reported.put("output.works_done", count(f.get(id, year, "works_done"), "个", plainCounts));

        BigDecimal cleaning = f.get(id, year, "asset_cleaning_area").divide(tenThousand, 6, half);
        targets.put("output.cleaning_area", q(cleaning, "万平方米", op, down));
        reported.put("output.cleaning_area", q(cleaning, "万平方米", "=", half));

        String quality = id.equals("MH-XZIP") ? "≥85.00(%)" : op + "90.00(%)";
        targets.put("output.road_quality", quality);
        reported.put("output.road_quality", q(f.get(id, year, "road_pass_rate"), "%", "=", half));
        targets.put("output.green_quality", quality);
        reported.put("output.green_quality", q(f.get(id, year, "green_pass_rate"), "%", "=", half));
        targets.put("output.works_acceptance", "=100.00(%)");
        BigDecimal acceptance = f.get(id, year, "works_acceptance");
        if (acceptance != null) {
            reported.put("output.works_acceptance", q(acceptance, "%", "=", half));
        }
        targets.put("output.cleaning_timely", "及时");
        reported.put("output.cleaning_timely", grade(f.get(id, year, "wet_twice_rate"), 95, 80, new String[] {"及时", "基本及时", "不及时"}));
        targets.put("output.repair_timely", "及时");
        reported.put("output.repair_timely", id.equals(Units.OVERSTATES_REPAIR) && overstate ? "及时"
                : grade(f.get(id, year, "repair_timely_rate"), 95, 80, new String[] {"及时", "基本及时", "不及时"}));
        targets.put("output.works_duration", (op.equals("≥") ? "≤" : "=") + "2.00(年)");
        BigDecimal years = f.get(id, year, "works_years");
        if (years != null) {
            reported.put("output.works_duration", q(years, "年", "=", half));
        }

        targets.put("outcome.no_major_incident", "≤0.00(%)");
        BigDecimal major = f.get(id, year, "major_incidents");
        BigDecimal active = f.get(id, year, "works_active").max(BigDecimal.ONE);
        reported.put("outcome.no_major_incident", major.signum() == 0 ? "≤0.00(%)"
                : q(major.multiply(BigDecimal.valueOf(100)).divide(active, 6, half), "%", "=", half));
        targets.put("outcome.cityscape", "提升");
        reported.put("outcome.cityscape", change(f, u, year, "cityscape_score", new String[] {"提升", "基本持平", "有所下降"}));
        targets.put("outcome.safe_construction", "到位");
        reported.put("outcome.safe_construction", grade(f.get(id, year, "safety_pass_rate"), 95, 80,
                new String[] {"到位", "基本到位", "不到位"}));
        targets.put("outcome.clean_environment", "提升");
        reported.put("outcome.clean_environment", change(f, u, year, "road_cleaning_mean", new String[] {"提升", "基本持平", "有所下降"}));
        targets.put("outcome.greening", "提升");
        reported.put("outcome.greening", change(f, u, year, "greening_mean", new String[] {"提升", "基本持平", "有所下降"}));
        targets.put("outcome.long_term_mechanism", "建立健全");
        reported.put("outcome.long_term_mechanism",
                "achieved".equals(grades.get(id + "|" + year + "|outcome.long_term_mechanism")) ? "建立健全" : "基本建立");
        targets.put("satisfaction.beneficiary", id.equals("MH-XZIP") ? "≥85.00(%)" : "≥90.00(%)");
        reported.put("satisfaction.beneficiary", q(f.get(id, year, "satisfaction_rate"), "%", "=", half));
        targets.put("budget.execution_rate", "=100.00(%)");
        reported.put("budget.execution_rate", f.get(id, year, "budget_rate").setScale(2, half).toPlainString() + "%");
    }

    private static String count(BigDecimal v, String unit, boolean plain) {
        return plain ? v.setScale(0, RoundingMode.HALF_UP).toPlainString() : q(v, unit, "=", RoundingMode.HALF_UP);
    }
}
