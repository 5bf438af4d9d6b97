package cn.minhang.citymgmt.ingest;

import cn.minhang.citymgmt.support.SparkTestSession;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job over the bad-delivery fixture with 浦锦街道's printed budget lines of 2023 (the seed report's)
 * delivered beside its self-reports: self_reports accepts the line ids of the data contract, the
 * lines reach budget_line_audit, and both inconsistencies of the print are flagged.
 */
class PrintedBudgetLinesTest extends SparkTestSession {
    @Test
    void pujinsPrintedLinesAreAcceptedAndFlagged() throws Exception {
        Path dir = FixtureRuns.newTempDir("printed-budget-lines");
        Path input = dir.resolve("input");
        FileUtils.copyDirectory(FixtureRuns.fixture(FixtureRuns.BAD_DELIVERY).toFile(), input.toFile());
        Files.writeString(input.resolve("self_reports/printed-budget-2023.csv"), String.join("\n", List.of(
                "unit_id,fiscal_year,indicator_id,reported",
                "MH-PJ,2023,budget.adjusted.basic,333.71",
                "MH-PJ,2023,budget.executed.basic,333.77",
                "MH-PJ,2023,budget.rate.basic,99.42%",
                "MH-PJ,2023,budget.adjusted.project,\"14,112.11\"",
                "MH-PJ,2023,budget.executed.project,\"13,714.60\"",
                "MH-PJ,2023,budget.rate.project,97.18%",
                "MH-PJ,2023,budget.adjusted.total,\"14,445.82\"",
                "MH-PJ,2023,budget.executed.total,\"14,046.37\"",
                "MH-PJ,2023,budget.rate.total,97.23%")) + "\n", StandardCharsets.UTF_8);
        Path warehouse = dir.resolve("warehouse");
        FixtureRuns.Run run = new FixtureRuns.Run(input, warehouse,
                FixtureRuns.run(spark(), input, dir, warehouse, "--set", "quarantine.max_rejected_percent=100"));
        assertThat(run.summary().succeeded()).as(run.summary().describe()).isTrue();

        assertThat(run.table(spark(), "self_reports").where("indicator_id LIKE 'budget.%.%'").count()).isEqualTo(9);
        assertThat(run.table(spark(), "quarantine").where("source = 'self_reports' AND raw_record LIKE '%budget.%'").count()).isZero();
        // The lines are no indicators: self_report_audit leaves them alone.
        assertThat(run.table(spark(), "self_report_audit").where("indicator_id LIKE 'budget.%.%'").count()).isZero();

        List<Row> findings = run.table(spark(), "budget_line_audit").where("fiscal_year = 2023 AND unit_id = 'MH-PJ'").collectAsList();
        assertThat(findings).extracting(r -> r.<String>getAs("rule_id") + " " + r.<String>getAs("line_id"))
                .contains("BL-SUM budget.executed.total", "BL-RATE budget.rate.basic")
                .doesNotContain("BL-SUM budget.adjusted.total", "BL-RATE budget.rate.total", "BL-RATE budget.rate.project");
        assertThat(findings).allSatisfy(r -> assertThat(r.<String>getAs("run_id")).isEqualTo(run.summary().runId()));
    }
}
