package cn.minhang.citymgmt.app;

import cn.minhang.citymgmt.report.ResultFormat;
import cn.minhang.citymgmt.report.FixtureWarehouse;
import cn.minhang.citymgmt.support.Processes;
import cn.minhang.citymgmt.support.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The query command and the ready-made SQL over a two-unit fixture warehouse. */
class QueryCommandTest extends SparkTestSession {
    @TempDir
    static Path dir;
    static Path warehouse;

    record Output(int code, String out, String err) {
        /** CSV lines without the CRLF. */
        List<String> lines() {
            return List.of(out.split("\r\n"));
        }
    }

    @BeforeAll
    static void fixture() {
        warehouse = FixtureWarehouse.create(spark(), dir.resolve("warehouse"));
    }

    static Output query(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = QueryCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), config -> spark());
        return new Output(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Output csv(String... args) {
        List<String> all = new ArrayList<>(List.of("--warehouse", warehouse.toString(), "--csv"));
        all.addAll(Arrays.asList(args));
        Output o = query(all.toArray(String[]::new));
        assertEquals(0, o.code(), o.err());
        return o;
    }

    static List<Path> readyMadeQueries() throws IOException {
        try (Stream<Path> files = Files.list(Processes.PROJECT.resolve("sql"))) {
            return files.filter(f -> f.toString().endsWith(".sql")).sorted().toList();
        }
    }

    @Test
    void everyReadyMadeQueryRunsAndReturnsRows() throws IOException {
        List<Path> files = readyMadeQueries();
        assertThat(files.stream().map(f -> f.getFileName().toString())).contains("league-table.sql", "weakest-indicators.sql",
                "self-report-mismatches.sql", "budget-by-month.sql", "data-quality.sql", "budget-execution.sql", "runs.sql");
        for (Path file : files) {
            Output o = csv("--file", file.toString());
            assertThat(o.err()).as(file.toString()).isEmpty();
            assertThat(o.lines()).as(file + " returns rows:\n" + o.out()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(Files.readString(file)).as(file + " is commented").startsWith("--");
        }
    }

    @Test
    void leagueTableRanksTheLatestYearByDefault() {
        List<String> lines = csv("--file", "sql/league-table.sql").lines();
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertThat(lines.get(0)).startsWith("district_rank,short_name,unit_type,total_score,grade,previous_total,total_change,budget_10,management_20,"
                + "output_25,outcome_35,satisfaction_10");
        assertThat(lines.get(1)).startsWith("1,浦锦街道,subdistrict,93.72,优,90.00,3.72,9.72,20.00,25.00,30.00,9.00,50,0,MH-PJ");
        assertThat(lines.get(2)).startsWith("2,莘庄镇,town,56.00,差,,,8.50,15.00,12.50,20.00,0.00,0,1,MH-XZ");

        List<String> lastYear = csv("--year", "2022", "--file", "league-table").lines();
        assertEquals(2, lastYear.size());
        assertThat(lastYear.get(1)).startsWith("1,浦锦街道,subdistrict,90.00,优,,");
    }

    @Test
    void weakestIndicatorsAreTheLargestShareOfWeightLost() {
        List<String> lines = csv("--file", "sql/weakest-indicators.sql").lines();
        List<String> pj = lines.stream().filter(l -> l.endsWith(",MH-PJ")).toList();
        List<String> xz = lines.stream().filter(l -> l.endsWith(",MH-XZ")).toList();
        assertEquals(3, pj.size());
        assertThat(pj.get(0)).contains(",1,效益指标,长效管理机制,35.00,30.00,5.00,14.3,assessed,部分达成,");
        assertThat(pj.get(1)).contains(",2,满意度指标,受益群体满意度,").contains(",10.0,");
        assertThat(pj.get(2)).contains(",3,预算执行,预算执行率,").contains(",2.8,");
        assertThat(xz.get(0)).contains(",1,满意度指标,受益群体满意度,10.00,0.00,10.00,100.0,no_data,无受益群体满意度调查,");
        assertThat(xz.get(1)).contains(",2,产出指标,公园养护数,").contains("\"公园数 <6> & \"\"说明\"\" <script>alert('x')</script>\"");
        assertThat(xz.get(2)).contains(",3,效益指标,长效管理机制,");
    }

    @Test
    void selfReportMismatchesDataQualityAndBudgetQueries() {
        List<String> mismatches = csv("--file", "sql/self-report-mismatches.sql").lines();
        assertEquals(2, mismatches.size(), String.join("\n", mismatches));
        // The unit wrote "=12.00(个)": a spreadsheet would run it as a formula, so the export neutralises it (OWASP).
        assertThat(mismatches.get(1)).startsWith("莘庄镇,1,output.parks,公园养护数,\"'=12.00(个)\",12,6,6,个,台账仅 6 个公园在养护期内,1,MH-XZ");

        List<String> quality = csv("--file", "sql/data-quality.sql").lines();
        assertThat(quality).containsExactly("source,reason_kind,records,files,example",
                "hotline_cases,missing_value,2,1,missing_value: category is empty",
                "budget_ledger,unparsable_date,1,1,unparsable_date: entry_date '2023-13-01' is not a date yyyy-MM-dd",
                "hotline_cases,unknown_unit,1,1,unknown_unit: unit_id 'MH-XX' is not in units");

        List<String> months = csv("--file", "sql/budget-by-month.sql").lines();
        assertEquals(25, months.size());
        assertThat(months).contains("浦锦街道,12,11705308.37,140463700.00,14046.37,97.23,100.00,MH-PJ");

        List<String> execution = csv("--file", "sql/budget-execution.sql").lines();
        assertThat(execution).contains("浦锦街道,total,合计,15249.65,-803.83,14445.82,14046.37,97.23,5.27,7,ok,MH-PJ");

        List<String> runs = csv("--file", "sql/runs.sql").lines();
        assertEquals(3, runs.size());
        assertThat(runs.get(1)).startsWith(FixtureWarehouse.RUN_2023 + ",2023,").contains(",200,succeeded,19,15,3,1,0,1,5,");
    }

    @Test
    void csvFollowsRfc4180() {
        Output o = csv("SELECT 'a,b' AS x, 'say \"hi\"' AS y, concat('line1', char(10), 'line2') AS z, CAST(NULL AS STRING) AS n, "
                + "CAST(1.5 AS DECIMAL(5,2)) AS d, ' padded' AS p, '浦锦街道' AS u");
        assertEquals("x,y,z,n,d,p,u\r\n\"a,b\",\"say \"\"hi\"\"\",\"line1\nline2\",,1.50,\" padded\",浦锦街道\r\n", o.out());
    }

    @Test
    void alignedTableCountsChineseCharactersAsTwoColumns() {
        Output o = query("--warehouse", warehouse.toString(),
                "SELECT short_name, unit_id, total_score, grade FROM unit_scorecard WHERE fiscal_year = ${year} ORDER BY district_rank");
        assertEquals(0, o.code(), o.err());
        List<String> lines = List.of(o.out().split("\n"));
        assertEquals(5, lines.size(), o.out());
        assertEquals("(2 rows)", lines.get(4));
        List<String> table = lines.subList(0, 4);
        int width = ResultFormat.displayWidth(table.get(0));
        for (String line : table) {
            assertEquals(width, ResultFormat.displayWidth(line), "every line equally wide:\n" + o.out());
            assertEquals(separatorColumns(table.get(0)), separatorColumns(line), "columns line up:\n" + o.out());
        }
        assertEquals(" short_name | unit_id | total_score | grade ", table.get(0));
        assertEquals(" 浦锦街道   | MH-PJ   |       93.72 | 优    ", table.get(2));
        assertEquals(" 莘庄镇     | MH-XZ   |       56.00 | 差    ", table.get(3));
    }

    /** Display columns at which '|' or '+' separators stand. */
    private static List<Integer> separatorColumns(String line) {
        List<Integer> columns = new ArrayList<>();
        int column = 0;
        for (int cp : line.codePoints().toArray()) {
            if (cp == '|' || cp == '+') {
                columns.add(column);
            }
            column += ResultFormat.displayWidth(new String(Character.toChars(cp)));
        }
        return columns;
    }

    @Test
    void displayWidth() {
        assertEquals(8, ResultFormat.displayWidth("浦锦街道"));
        assertEquals(2, ResultFormat.displayWidth("ab"));
        assertEquals(4, ResultFormat.displayWidth("（）"));
        assertEquals(10, ResultFormat.displayWidth("=12.00(个)"));
    }

    @Test
    void yearPlaceholderAndLimit() {
        String count = "SELECT count(*) AS n FROM unit_scorecard WHERE fiscal_year = ${year}";
        assertEquals(List.of("n", "2"), csv(count).lines());
        assertEquals(List.of("n", "1"), csv("--year", "2022", count).lines());

        Output limited = query("--warehouse", warehouse.toString(), "--limit", "1", "SELECT unit_id FROM units ORDER BY unit_id");
        assertEquals(0, limited.code());
        assertThat(limited.out()).contains("MH-PJ").doesNotContain("MH-XZ").contains("(first 1 rows shown; the result has more: raise --limit)");
        Output limitedCsv = query("--warehouse", warehouse.toString(), "--csv", "--limit=1", "SELECT unit_id FROM units ORDER BY unit_id");
        assertEquals("unit_id\r\nMH-PJ\r\n", limitedCsv.out());
        assertThat(limitedCsv.err()).contains("only the first 1 rows");
    }

    @Test
    void mistakesExitWithCodeTwoAndOneErrorLine() {
        Output bad = query("--warehouse", warehouse.toString(), "SELEC * FROM units");
        assertEquals(ExitCode.BAD_INPUT, bad.code());
        assertThat(bad.out()).isEmpty();
        assertThat(bad.err()).startsWith("query: error: ").contains("PARSE_SYNTAX_ERROR");
        assertThat(bad.err().strip().lines()).hasSize(1);

        Output unknown = query("--warehouse", warehouse.toString(), "SELECT * FROM nosuchtable");
        assertEquals(2, unknown.code());
        assertThat(unknown.err()).startsWith("query: error: ").contains("nosuchtable").contains("unit_scorecard");
        assertThat(unknown.err().strip().lines()).hasSize(1);

        Output column = query("--warehouse", warehouse.toString(), "SELECT no_such_column FROM units");
        assertEquals(2, column.code());
        assertThat(column.err().strip().lines()).hasSize(1);

        Output delete = query("--warehouse", warehouse.toString(), "-- tidy up\nDELETE FROM units WHERE unit_id = 'MH-PJ'");
        assertEquals(2, delete.code());
        assertThat(delete.err()).startsWith("query: error: DELETE is not a query: only SELECT, WITH");
        assertEquals(List.of("n", "2"), csv("SELECT count(*) AS n FROM units").lines());
        assertEquals(0, query("--warehouse", warehouse.toString(), "/* views */ SHOW VIEWS").code());

        Output noWarehouse = QueryCommandTest.queryWithoutSpark("--warehouse", dir.resolve("missing").toString(), "SELECT 1");
        assertEquals(2, noWarehouse.code());
        assertThat(noWarehouse.err()).isEqualTo("query: error: warehouse " + dir.resolve("missing") + " does not exist (run jobs/evaluate.sh first, or give --warehouse)\n");

        Output noFile = queryWithoutSpark("--warehouse", warehouse.toString(), "--file", "sql/nothing-here.sql");
        assertEquals(2, noFile.code());
        assertThat(noFile.err()).isEqualTo("query: error: SQL file sql/nothing-here.sql does not exist or is not a file\n");

        assertEquals(2, queryWithoutSpark("--warehouse", warehouse.toString()).code());
        assertEquals(2, queryWithoutSpark("--bogus", "SELECT 1").code());
        assertEquals(2, queryWithoutSpark("--limit", "0", "SELECT 1").code());
        assertEquals(0, queryWithoutSpark("--help").code());
    }

    /** Errors found before Spark starts must not start it. */
    static Output queryWithoutSpark(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = QueryCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), config -> {
                    throw new AssertionError("Spark started for " + String.join(" ", args));
                });
        return new Output(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
