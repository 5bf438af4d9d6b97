package cn.minhang.citymgmt.evaluation;

import cn.minhang.citymgmt.app.EvaluateCommand;
import cn.minhang.citymgmt.app.ExitCode;
import cn.minhang.citymgmt.job.EvaluationJob;
import cn.minhang.citymgmt.job.JobConfig;
import cn.minhang.citymgmt.failures.RunStopped;
import cn.minhang.citymgmt.job.JobOptions;
import cn.minhang.citymgmt.scoring.ResultRules;
import cn.minhang.citymgmt.support.Processes;
import cn.minhang.citymgmt.support.SparkTestSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** 评价结果应用: the rules file, the budget action per grade, the rectification list and last year's list reviewed. */
class ResultsApplicationTest extends SparkTestSession {
    @TempDir
    Path dir;

    private static final StructType SCORES = StructType.fromDDL(
            "unit_id string, indicator_id string, name string, weight decimal(5,2), score decimal(5,2), status string, note string");
    private static final StructType CARD = StructType.fromDDL("unit_id string, short_name string, total_score decimal(5,2), grade string");

    private static Row score(String unit, String id, String weight, String score, String note) {
        return RowFactory.create(unit, id, id + "名", new BigDecimal(weight), new BigDecimal(score),
                new BigDecimal(weight).compareTo(new BigDecimal(score)) == 0 ? "ok" : "ok", note);
    }

    private Dataset<Row> scores2023() {
        return spark().createDataFrame(List.of(
                // A: lost 5, 3, 2 and 1 points: the list keeps the three largest, largest first
                score("A", "a.one", "10", "5", "差 5 分"), score("A", "a.two", "10", "7", "差 3 分"),
                score("A", "a.three", "10", "8", "差 2 分"), score("A", "a.four", "10", "9", "差 1 分"),
                score("A", "a.full", "60", "60", null),
                // B lost nothing
                score("B", "a.one", "10", "10", null), score("B", "a.full", "90", "90", null),
                // C: lost 10 on one indicator, no note: the reason is its status
                RowFactory.create("C", "a.one", "a.one名", new BigDecimal("10"), new BigDecimal("0"), "no_data", null)), SCORES);
    }

    private Dataset<Row> card2023() {
        return spark().createDataFrame(List.of(
                RowFactory.create("A", "甲", new BigDecimal("89.00"), "良"),
                RowFactory.create("B", "乙", new BigDecimal("100.00"), "优"),
                RowFactory.create("C", "丙", new BigDecimal("55.00"), "差")), CARD);
    }

    private static Map<String, Row> byUnit(Dataset<Row> df) {
        Map<String, Row> out = new HashMap<>();
        df.collectAsList().forEach(r -> out.put(r.getAs("unit_id"), r));
        return out;
    }

    @Test
    void eachGradeGetsItsActionAndEachUnitItsRectificationList() {
        ResultRules rules = ResultRules.defaults();
        Map<String, Row> rows = byUnit(ResultsApplication.compute(spark(), rules, scores2023(), card2023(), null, 2023));
        assertThat(rows).hasSize(3);
        for (Row r : rows.values()) {
            ResultRules.Rule rule = rules.rule(r.getAs("grade"));
            assertThat(r.<String>getAs("action")).isEqualTo(rule.action());
            assertThat(r.<String>getAs("action_label")).isEqualTo(rule.label());
            assertThat(((BigDecimal) r.getAs("budget_change_percent")).compareTo(rule.budgetChangePercent())).isZero();
            assertThat(r.<Boolean>getAs("rectification_required")).isEqualTo(rule.rectification());
            assertThat(r.<Integer>getAs("fiscal_year")).isEqualTo(2023);
            assertThat(r.<Object>getAs("previous_items")).isNull();
        }
        assertThat(rows.get("C").<String>getAs("action_label")).isEqualTo("压减预算 30%，限期整改");
        assertThat(((BigDecimal) rows.get("C").getAs("budget_change_percent"))).isEqualByComparingTo("-30");

        List<Row> a = rows.get("A").getList(rows.get("A").fieldIndex("rectification"));
        assertThat(a).extracting(i -> i.<String>getAs("indicator_id")).containsExactly("a.one", "a.two", "a.three");
        assertThat(a).extracting(i -> ((BigDecimal) i.getAs("lost_points")).toPlainString()).containsExactly("5.00", "3.00", "2.00");
        assertThat(a).extracting(i -> i.<String>getAs("reason")).containsExactly("差 5 分", "差 3 分", "差 2 分");
        assertThat(rows.get("B").getList(rows.get("B").fieldIndex("rectification"))).isEmpty();
        List<Row> c = rows.get("C").getList(rows.get("C").fieldIndex("rectification"));
        assertThat(c).extracting(i -> i.<String>getAs("reason")).containsExactly("no_data");
    }

    @Test
    void lastYearsListIsReviewed() {
        ResultRules rules = ResultRules.defaults();
        // 2022: A lost 5 on a.one and 1 on a.two; this year 5 and 3: neither improved. C's a.one: 10 then 10.
        Dataset<Row> scores2022 = spark().createDataFrame(List.of(
                score("A", "a.one", "10", "4", "差 6 分"), score("A", "a.two", "10", "9", "差 1 分"), score("A", "a.three", "10", "10", null),
                score("C", "a.one", "10", "2", "差 8 分")), SCORES);
        Dataset<Row> card2022 = spark().createDataFrame(List.of(
                RowFactory.create("A", "甲", new BigDecimal("80.00"), "中"),
                RowFactory.create("C", "丙", new BigDecimal("50.00"), "差")), CARD);
        Dataset<Row> previous = ResultsApplication.compute(spark(), rules, scores2022, card2022, null, 2022);
        Map<String, Row> rows = byUnit(ResultsApplication.compute(spark(), rules, scores2023(), card2023(), previous, 2023));

        Row a = rows.get("A");
        assertThat(a.<Integer>getAs("previous_items")).isEqualTo(2);
        // a.one: lost 6 → 5, improved; a.two: lost 1 → 3, not improved
        assertThat(a.<Integer>getAs("previous_improved")).isEqualTo(1);
        Map<String, Boolean> improved = new LinkedHashMap<>();
        a.<Row>getList(a.fieldIndex("previous_review")).forEach(i -> improved.put(i.getAs("indicator_id"), i.getAs("improved")));
        assertThat(improved).containsExactly(Map.entry("a.one", true), Map.entry("a.two", false));
        assertThat(a.<Integer>getAs("previous_not_comparable")).isZero();
        // C lost 8 on data in 2022 and 10 for want of data in 2023: no comparison, neither improved nor not
        Row c = rows.get("C");
        assertThat(c.<Integer>getAs("previous_items")).isEqualTo(1);
        assertThat(c.<Integer>getAs("previous_improved")).isZero();
        assertThat(c.<Integer>getAs("previous_not_comparable")).isEqualTo(1);
        Row cItem = c.<Row>getList(c.fieldIndex("previous_review")).get(0);
        assertThat(cItem.<Object>getAs("improved")).isNull();
        assertThat(rows.get("B").<Object>getAs("previous_items")).isNull(); // not graded last year
    }

    @Test
    void theRulesFileIsReadAndAMalformedRuleIsNamed() throws Exception {
        ResultRules shipped = ResultRules.load(Processes.PROJECT.resolve("conf/results-application.properties"));
        assertThat(shipped.byGrade()).isEqualTo(ResultRules.defaults().byGrade());
        assertThat(shipped.maxItems()).isEqualTo(ResultRules.defaults().maxItems());

        Map<String, String> good = new LinkedHashMap<>(Map.of("grade.优.action", "priority_support", "grade.良.action", "maintain",
                "grade.中.action", "cut", "grade.中.cut_percent", "15", "grade.差.action", "suspend", "grade.差.rectification", "true"));
        ResultRules parsed = ResultRules.parse(good, "t");
        assertThat(parsed.rule("中").label()).isEqualTo("压减预算 15%");
        assertThat(parsed.rule("差").budgetChangePercent()).isEqualByComparingTo("-100");

        Map<String, String> cases = Map.of(
                "grade.中.cut_percent", "ten",
                "grade.良.action", "double",
                "grade.甲.action", "maintain",
                "rectification.max_items", "0",
                "grade.优.rectification", "yes",
                "budget.cut", "10");
        for (Map.Entry<String, String> bad : cases.entrySet()) {
            Map<String, String> values = new LinkedHashMap<>(good);
            values.put(bad.getKey(), bad.getValue());
            assertThatThrownBy(() -> ResultRules.parse(values, "t")).as(bad.getKey())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad.getKey());
        }
        Map<String, String> missing = new LinkedHashMap<>(good);
        missing.remove("grade.中.cut_percent");
        assertThatThrownBy(() -> ResultRules.parse(missing, "t")).hasMessageContaining("grade.中.cut_percent is missing");
        missing.remove("grade.良.action");
        assertThatThrownBy(() -> ResultRules.parse(missing, "t")).hasMessageContaining("grade.良.action is missing");
    }

    @Test
    void aMalformedRuleStopsTheRunWithExitTwoBeforeAnythingIsWritten() throws Exception {
        Path rules = dir.resolve("rules.properties");
        Files.writeString(rules, String.join("\n", List.of("grade.优.action=priority_support", "grade.良.action=maintain",
                "grade.中.action=cut", "grade.中.cut_percent=150", "grade.差.action=suspend")));
        Path warehouse = dir.resolve("warehouse");
        List<String> args = new ArrayList<>(List.of("--year", "2023", "--warehouse", warehouse.toString(),
                "--set", JobConfig.RESULTS_RULES + "=" + rules, "--set", JobConfig.REPORT_WRITE + "=false",
                "--set", JobConfig.FORMS_WRITE + "=false"));
        JobOptions options = EvaluateCommand.parse(args.toArray(String[]::new));
        EvaluationJob job = new EvaluationJob(options, JobConfig.load(options, Processes.PROJECT, Map.of()));
        assertThatThrownBy(() -> job.run(spark())).isInstanceOfSatisfying(RunStopped.class,
                        f -> assertThat(ExitCode.of(f)).isEqualTo(ExitCode.BAD_INPUT))
                .hasMessageContaining(rules.toString()).hasMessageContaining("grade.中.cut_percent '150'");
        assertThat(warehouse).doesNotExist();
    }
}
