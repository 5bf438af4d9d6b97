package cn.minhang.citymgmt.report;

import cn.minhang.citymgmt.app.FormsCommand;
import cn.minhang.citymgmt.support.SparkTestSession;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The official forms of the fixture warehouse (浦锦街道 and 莘庄镇, 2023), read back with POI and
 * checked cell by cell against the warehouse's tables.
 */
class FormsTest extends SparkTestSession {
    @TempDir
    static Path dir;
    static Path warehouse;
    static Path folder;

    @BeforeAll
    static void writeForms() {
        // The tables the forms read, and no others (each Delta table costs the fixture seconds).
        warehouse = FixtureWarehouse.create(spark(), dir.resolve("warehouse"),
                Set.of("quarantine", "reconciliation", "job_runs", "budget_execution_monthly", "unit_metrics"));
        // 浦锦街道's printed budget lines (the seed report's), audited against the fixture's ledger as a run does.
        List<Row> printed = new ArrayList<>();
        cn.minhang.citymgmt.evaluation.BudgetLineAuditTest.pujinPrinted()
                .forEach((id, text) -> printed.add(org.apache.spark.sql.RowFactory.create(FixtureWarehouse.PJ, id, text)));
        new cn.minhang.citymgmt.tables.DeltaWarehouse(warehouse.toString(), FixtureWarehouse.RUN_2023).replaceYear(
                cn.minhang.citymgmt.tables.Table.BUDGET_LINE_AUDIT,
                cn.minhang.citymgmt.evaluation.BudgetLineAudits.compute(
                        spark().createDataFrame(printed, org.apache.spark.sql.types.StructType.fromDDL("unit_id string, indicator_id string, reported string")),
                        spark().read().format("delta").load(warehouse.resolve("budget_execution").toString()).where(col("fiscal_year").equalTo(FixtureWarehouse.YEAR)),
                        FixtureWarehouse.YEAR), FixtureWarehouse.YEAR);
        OfficialForms.Written written = OfficialForms.write(spark(), warehouse.toString(), FixtureWarehouse.YEAR);
        folder = warehouse.resolve("reports/forms/" + FixtureWarehouse.YEAR);
        assertThat(written.unitForms()).isEqualTo(2);
        assertThat(Path.of(written.folder().replaceFirst("^file:", ""))).isEqualTo(folder);
    }

    private static Workbook open(Path file) throws Exception {
        return WorkbookFactory.create(file.toFile(), null, true);
    }

    private static Path unitForm(String unit, String shortName) {
        return folder.resolve(OfficialForms.unitFileName(unit, shortName));
    }

    /** The row whose column {@code column} holds {@code text}, or fails. */
    private static org.apache.poi.ss.usermodel.Row rowWith(Sheet sheet, int column, String text) {
        for (org.apache.poi.ss.usermodel.Row row : sheet) {
            Cell cell = row.getCell(column);
            if (cell != null && cell.getCellType() == CellType.STRING && text.equals(cell.getStringCellValue())) {
                return row;
            }
        }
        throw new AssertionError("no row with '" + text + "' in column " + column + " of " + sheet.getSheetName());
    }

    private static double num(org.apache.poi.ss.usermodel.Row row, int column) {
        Cell cell = row.getCell(column);
        assertThat(cell.getCellType()).as("column %d of row %d is a number", column, row.getRowNum()).isEqualTo(CellType.NUMERIC);
        return cell.getNumericCellValue();
    }

    private static Map<String, Row> tableRows(String table, String unit, String key) {
        Map<String, Row> out = new HashMap<>();
        for (Row r : spark().read().format("delta").load(warehouse.resolve(table).toString())
                .where(col("fiscal_year").equalTo(FixtureWarehouse.YEAR).and(col("unit_id").equalTo(unit))).collectAsList()) {
            out.put(key == null ? "" : r.getAs(key), r);
        }
        return out;
    }

    @Test
    void theBudgetBlockShowsTheLedgerInWanYuanAndRatesAsPercentages() throws Exception {
        for (String[] unit : new String[][]{{FixtureWarehouse.PJ, "浦锦街道"}, {FixtureWarehouse.XZ, "莘庄镇"}}) {
            Map<String, Row> budget = tableRows("budget_execution", unit[0], "account");
            Map<String, Row> scores = tableRows("indicator_scores", unit[0], "indicator_id");
            try (Workbook wb = open(unitForm(unit[0], unit[1]))) {
                Sheet sheet = wb.getSheet(OfficialForms.FORM_SHEET);
                assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("部门（单位）整体支出绩效自评表");
                org.apache.poi.ss.usermodel.Row header = rowWith(sheet, 0, "项目");
                for (int i = 0; i < OfficialForms.BUDGET_HEADER.size(); i++) {
                    assertThat(header.getCell(i).getStringCellValue()).isEqualTo(OfficialForms.BUDGET_HEADER.get(i));
                }
                for (String[] account : new String[][]{{"basic", "基本支出"}, {"project", "项目支出"}, {"total", "合计"}}) {
                    Row line = budget.get(account[0]);
                    org.apache.poi.ss.usermodel.Row row = rowWith(sheet, 0, account[1]);
                    assertThat(num(row, 1)).isCloseTo(((BigDecimal) line.getAs("initial_yuan")).movePointLeft(4).doubleValue(), within(1e-9));
                    assertThat(num(row, 2)).isCloseTo(((BigDecimal) line.getAs("adjusted_yuan")).movePointLeft(4).doubleValue(), within(1e-9));
                    assertThat(num(row, 3)).isCloseTo(((BigDecimal) line.getAs("executed_yuan")).movePointLeft(4).doubleValue(), within(1e-9));
                    assertThat(num(row, 4)).isCloseTo(((BigDecimal) line.getAs("execution_rate")).movePointLeft(2).doubleValue(), within(1e-12));
                    assertThat(row.getCell(4).getCellStyle().getDataFormatString()).isEqualTo("0.00%");
                    assertThat(row.getCell(3).getCellStyle().getDataFormatString()).isEqualTo("#,##0.00");
                }
                // The budget indicator's weight and score stand on the 合计 line.
                Row budgetScore = scores.get("budget.execution_rate");
                org.apache.poi.ss.usermodel.Row total = rowWith(sheet, 0, "合计");
                assertThat(num(total, 5)).isEqualTo(((BigDecimal) budgetScore.getAs("weight")).doubleValue());
                assertThat(num(total, 6)).isEqualTo(((BigDecimal) budgetScore.getAs("score")).doubleValue());
                // Shown as printed: 331.77 (万元) and 99.42%.
                assertThat(new DataFormatter().formatCellValue(rowWith(sheet, 0, "基本支出").getCell(4)))
                        .isEqualTo(budget.get("basic").getAs("execution_rate").toString() + "%");
            }
        }
    }

    @Test
    void theIndicatorTableHoldsEveryScoredIndicatorWithTheTotalAndGrade() throws Exception {
        for (String[] unit : new String[][]{{FixtureWarehouse.PJ, "浦锦街道"}, {FixtureWarehouse.XZ, "莘庄镇"}}) {
            Map<String, Row> scores = tableRows("indicator_scores", unit[0], "indicator_id");
            Map<String, Row> audit = tableRows("self_report_audit", unit[0], "indicator_id");
            Row card = tableRows("unit_scorecard", unit[0], null).get("");
            try (Workbook wb = open(unitForm(unit[0], unit[1]))) {
                Sheet sheet = wb.getSheet(OfficialForms.FORM_SHEET);
                org.apache.poi.ss.usermodel.Row header = rowWith(sheet, 0, "一级指标");
                for (int i = 0; i < OfficialForms.INDICATOR_HEADER.size(); i++) {
                    assertThat(header.getCell(i).getStringCellValue()).isEqualTo(OfficialForms.INDICATOR_HEADER.get(i));
                }
                double sumOfScores = num(rowWith(sheet, 0, "合计"), 6);
                int listed = 0;
                for (Row s : scores.values()) {
                    if (s.<String>getAs("indicator_id").startsWith("budget.")) {
                        continue;
                    }
                    listed++;
                    org.apache.poi.ss.usermodel.Row row = rowWith(sheet, 3, s.getAs("name"));
                    assertThat(row.getCell(4).getStringCellValue()).isEqualTo(s.<String>getAs("target_text"));
                    assertThat(num(row, 7)).isEqualTo(((BigDecimal) s.getAs("weight")).doubleValue());
                    assertThat(num(row, 8)).isEqualTo(((BigDecimal) s.getAs("score")).doubleValue());
                    sumOfScores += num(row, 8);
                    BigDecimal actual = s.getAs("actual_value");
                    Cell completed = row.getCell(5);
                    if (actual != null) {
                        assertThat(completed.getCellType()).isEqualTo(CellType.NUMERIC);
                        boolean percent = "%".equals(s.getAs("target_unit"));
                        // the cell holds the measure as shown: half-up to 2 decimals
                        BigDecimal shown = actual.setScale(2, java.math.RoundingMode.HALF_UP);
                        assertThat(completed.getNumericCellValue()).isCloseTo((percent ? shown.movePointLeft(2) : shown).doubleValue(), within(1e-9));
                        if (percent) {
                            assertThat(completed.getCellStyle().getDataFormatString()).isEqualTo("0.00%");
                        }
                    } else {
                        assertThat(completed.getCellType()).isEqualTo(CellType.STRING);
                        assertThat(completed.getStringCellValue()).isNotBlank();
                    }
                    Row reported = audit.get(s.<String>getAs("indicator_id"));
                    Cell self = row.getCell(6);
                    assertThat(self.getCellType()).isIn(CellType.STRING, CellType.BLANK);
                    assertThat(self.getCellType() == CellType.BLANK ? null : self.getStringCellValue())
                            .isEqualTo(reported == null ? null : reported.getAs("reported_text"));
                    // 偏差原因: the scoring note where points were lost, the audit's note where the self-report differs.
                    String reason = row.getCell(9) == null || row.getCell(9).getCellType() == CellType.BLANK ? null : row.getCell(9).getStringCellValue();
                    boolean lost = ((BigDecimal) s.getAs("score")).compareTo(s.getAs("weight")) < 0;
                    boolean differs = reported != null && "mismatch".equals(reported.getAs("flag"));
                    assertThat(reason != null).as("reason of %s", s.<String>getAs("name")).isEqualTo(lost || differs);
                    if (lost && s.getAs("note") != null) {
                        assertThat(reason).contains(s.<String>getAs("note"));
                    }
                    if (differs) {
                        assertThat(reason).contains(reported.<String>getAs("note"));
                    }
                }
                assertThat(listed).isPositive();
                org.apache.poi.ss.usermodel.Row total = rowWith(sheet, 0, "总分");
                assertThat(num(total, 8)).isEqualTo(((BigDecimal) card.getAs("total_score")).doubleValue());
                assertThat(sumOfScores).isCloseTo(((BigDecimal) card.getAs("total_score")).doubleValue(), within(1e-9));
                assertThat(num(total, 7)).isEqualTo(100.0);
                assertThat(rowWith(sheet, 0, "评价等级").getCell(7).getStringCellValue()).isEqualTo(card.<String>getAs("grade"));
            }
        }
    }

    @Test
    void textFromTheDataNeverBecomesAFormula() throws Exception {
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.toString().endsWith(".xlsx")).toList();
        }
        assertThat(files).hasSize(3);
        int quoted = 0;
        for (Path file : files) {
            try (Workbook wb = open(file)) {
                for (Sheet sheet : wb) {
                    for (org.apache.poi.ss.usermodel.Row row : sheet) {
                        for (Cell cell : row) {
                            assertThat(cell.getCellType()).as("%s %s!%s", file.getFileName(), sheet.getSheetName(), cell.getAddress())
                                    .isNotEqualTo(CellType.FORMULA);
                            if (cell.getCellType() == CellType.STRING && cell.getCellStyle().getQuotePrefixed()) {
                                quoted++;
                                assertThat(cell.getStringCellValue()).matches("(?s)^[=+\\-@\\t\\r].*");
                            }
                        }
                    }
                }
            }
        }
        // 莘庄镇 reported its parks as "=12.00(个)": kept as text, exactly, in its form and in the district's mismatches.
        try (Workbook wb = open(unitForm(FixtureWarehouse.XZ, "莘庄镇"))) {
            Cell reported = rowWith(wb.getSheet(OfficialForms.FORM_SHEET), 3, "公园养护数").getCell(6);
            assertThat(reported.getCellType()).isEqualTo(CellType.STRING);
            assertThat(reported.getStringCellValue()).isEqualTo("=12.00(个)");
            assertThat(reported.getCellStyle().getQuotePrefixed()).isTrue();
        }
        assertThat(quoted).isGreaterThanOrEqualTo(2);
    }

    @Test
    void formulaLikeTextIsQuotePrefixedByTheRuleOfTheCsvExport() throws Exception {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            FormCells cells = new FormCells(wb);
            org.apache.poi.ss.usermodel.Row row = wb.createSheet("t").createRow(0);
            List<String> values = List.of("=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "合计 =1", "12");
            for (int i = 0; i < values.size(); i++) {
                cells.text(row, i, values.get(i));
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            wb.write(bytes);
            try (Workbook back = WorkbookFactory.create(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
                org.apache.poi.ss.usermodel.Row read = back.getSheet("t").getRow(0);
                for (int i = 0; i < values.size(); i++) {
                    Cell cell = read.getCell(i);
                    assertThat(cell.getCellType()).isEqualTo(CellType.STRING);
                    assertThat(cell.getStringCellValue()).isEqualTo(values.get(i));
                    assertThat(cell.getCellStyle().getQuotePrefixed()).as(values.get(i)).isEqualTo(i < 5);
                }
            }
        }
    }

    @Test
    void theDistrictWorkbookAgreesWithTheTables() throws Exception {
        List<Row> cards = spark().read().format("delta").load(warehouse.resolve("unit_scorecard").toString())
                .where(col("fiscal_year").equalTo(FixtureWarehouse.YEAR)).orderBy("district_rank").collectAsList();
        try (Workbook wb = open(folder.resolve(OfficialForms.districtFileName(FixtureWarehouse.YEAR)))) {
            Sheet league = wb.getSheet(OfficialForms.LEAGUE_SHEET);
            assertThat(league.getLastRowNum()).isEqualTo(cards.size());
            for (int i = 0; i < cards.size(); i++) {
                org.apache.poi.ss.usermodel.Row row = league.getRow(i + 1);
                assertThat(num(row, 0)).isEqualTo(((Integer) cards.get(i).getAs("district_rank")).doubleValue());
                assertThat(row.getCell(2).getStringCellValue()).isEqualTo(cards.get(i).<String>getAs("unit_id"));
                assertThat(num(row, 4)).isEqualTo(((BigDecimal) cards.get(i).getAs("total_score")).doubleValue());
                assertThat(row.getCell(5).getStringCellValue()).isEqualTo(cards.get(i).<String>getAs("grade"));
            }
            // 指标得分: one row per unit, its scores adding up to its total.
            Sheet scores = wb.getSheet(OfficialForms.SCORES_SHEET);
            int lastColumn = scores.getRow(0).getLastCellNum() - 1;
            assertThat(scores.getRow(0).getCell(lastColumn).getStringCellValue()).isEqualTo("总计");
            for (Row card : cards) {
                org.apache.poi.ss.usermodel.Row row = rowWith(scores, 0, card.getAs("unit_id"));
                double sum = 0;
                for (int c = 2; c < lastColumn; c++) {
                    sum += num(row, c);
                }
                assertThat(sum).isCloseTo(((BigDecimal) card.getAs("total_score")).doubleValue(), within(1e-9));
                assertThat(num(row, lastColumn)).isCloseTo(sum, within(1e-9));
            }
            // 预算执行: every unit × account of budget_execution.
            Sheet budget = wb.getSheet(OfficialForms.BUDGET_SHEET);
            List<Row> lines = spark().read().format("delta").load(warehouse.resolve("budget_execution").toString())
                    .where(col("fiscal_year").equalTo(FixtureWarehouse.YEAR)).collectAsList();
            assertThat(budget.getLastRowNum()).isEqualTo(lines.size());
            for (org.apache.poi.ss.usermodel.Row row : budget) {
                if (row.getRowNum() == 0) {
                    continue;
                }
                Row line = lines.stream().filter(l -> l.getAs("unit_id").equals(row.getCell(0).getStringCellValue())
                        && Labels.label(Labels.ACCOUNT, l.getAs("account")).equals(row.getCell(2).getStringCellValue())).findFirst().orElseThrow();
                assertThat(num(row, 5)).isCloseTo(((BigDecimal) line.getAs("executed_yuan")).movePointLeft(4).doubleValue(), within(1e-9));
                assertThat(num(row, 6)).isCloseTo(((BigDecimal) line.getAs("execution_rate")).movePointLeft(2).doubleValue(), within(1e-12));
            }
            // 自评核对不符: the audit's mismatches, and nothing else.
            Sheet mismatches = wb.getSheet(OfficialForms.MISMATCH_SHEET);
            List<Row> flagged = spark().read().format("delta").load(warehouse.resolve("self_report_audit").toString())
                    .where(col("fiscal_year").equalTo(FixtureWarehouse.YEAR).and(col("flag").equalTo("mismatch"))).collectAsList();
            assertThat(flagged).isNotEmpty();
            assertThat(mismatches.getLastRowNum()).isEqualTo(flagged.size());
            List<String> listed = new ArrayList<>();
            for (org.apache.poi.ss.usermodel.Row row : mismatches) {
                if (row.getRowNum() > 0) {
                    listed.add(row.getCell(0).getStringCellValue() + "/" + row.getCell(1).getStringCellValue() + "/" + num(row, 5));
                }
            }
            assertThat(listed).containsExactlyInAnyOrderElementsOf(flagged.stream()
                    .map(f -> f.getAs("unit_id") + "/" + f.getAs("indicator_id") + "/" + ((BigDecimal) f.getAs("computed_value")).doubleValue()).toList());
        }
    }

    private static Rec completedRec(String unit, String target, Double actual) {
        Map<String, Object> values = new HashMap<>();
        values.put("target_unit", unit);
        values.put("target_text", target);
        values.put("actual_value", actual);
        return new Rec(values);
    }

    @Test
    void completedValuesAreShownInTheUnitOfTheTarget() throws Exception {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            FormCells cells = new FormCells(wb);
            org.apache.poi.ss.usermodel.Row row = wb.createSheet("t").createRow(0);
            // indicator_scores holds actual values in the metric's unit (m2, km, percent), targets as written
            OfficialForms.UnitForm.completed(cells, row, 0, completedRec("m2", "=174.00(万平方米)", 1_740_000.0));
            OfficialForms.UnitForm.completed(cells, row, 1, completedRec("percent", "≥90.00(%)", 93.06));
            OfficialForms.UnitForm.completed(cells, row, 2, completedRec("km", "=357.00(公里)", 357.0));
            OfficialForms.UnitForm.completed(cells, row, 3, completedRec("count", "=12.00(个)", 12.0));
            assertThat(num(row, 0)).isCloseTo(174.0, within(1e-9));
            assertThat(row.getCell(0).getCellStyle().getDataFormatString()).contains("万平方米");
            assertThat(num(row, 1)).isCloseTo(0.9306, within(1e-12));
            assertThat(row.getCell(1).getCellStyle().getDataFormatString()).isEqualTo("0.00%");
            assertThat(num(row, 2)).isCloseTo(357.0, within(1e-9));
            assertThat(new DataFormatter().formatCellValue(row.getCell(2))).isEqualTo("357.00(公里)");
            assertThat(new DataFormatter().formatCellValue(row.getCell(3))).isEqualTo("12.00(个)");
        }
    }

    @Test
    void theResultsApplicationIsATableByNameAndASectionOfTheReport() throws Exception {
        // Written as the run writes it, from the fixture's scores and scorecard, under the defaults of conf/.
        cn.minhang.citymgmt.scoring.ResultRules rules = cn.minhang.citymgmt.scoring.ResultRules.load(
                cn.minhang.citymgmt.support.Processes.PROJECT.resolve("conf/results-application.properties"));
        org.apache.spark.sql.Dataset<Row> scores = spark().read().format("delta").load(warehouse.resolve("indicator_scores").toString())
                .where(col("fiscal_year").equalTo(FixtureWarehouse.YEAR));
        org.apache.spark.sql.Dataset<Row> card = spark().read().format("delta").load(warehouse.resolve("unit_scorecard").toString())
                .where(col("fiscal_year").equalTo(FixtureWarehouse.YEAR));
        // The forms do not read it: the other tests of this class are the same with or without it.
        Path copy = warehouse;
        new cn.minhang.citymgmt.tables.DeltaWarehouse(copy.toString(), FixtureWarehouse.RUN_2023).replaceYear(
                cn.minhang.citymgmt.tables.Table.RESULTS_APPLICATION,
                cn.minhang.citymgmt.evaluation.ResultsApplication.compute(spark(), rules, scores, card, null, FixtureWarehouse.YEAR),
                FixtureWarehouse.YEAR);

        cn.minhang.citymgmt.tables.WarehouseTables tables = cn.minhang.citymgmt.tables.WarehouseTables.open(spark(), copy.toString());
        assertThat(tables.has("results_application")).isTrue();
        Map<String, Row> applied = new HashMap<>();
        tables.read("results_application").collectAsList().forEach(r -> applied.put(r.getAs("unit_id"), r));
        // 浦锦街道 优 (93.72), 莘庄镇 差 (56.00)
        assertThat(applied.get(FixtureWarehouse.PJ).<String>getAs("action")).isEqualTo(rules.rule("优").action());
        assertThat(applied.get(FixtureWarehouse.XZ).<String>getAs("action_label")).isEqualTo(rules.rule("差").label());
        assertThat(applied.get(FixtureWarehouse.XZ).<String>getAs("run_id")).isEqualTo(FixtureWarehouse.RUN_2023);

        Path html = DistrictReport.write(spark(), copy.toString(), FixtureWarehouse.YEAR);
        String page = Files.readString(html);
        assertThat(page).contains("<section id=\"results\">").contains(rules.rule("差").label()).contains(rules.rule("优").label());
        // 莘庄镇's list: the most points lost first, with the scoring note as the reason (escaped like every value)
        assertThat(page).contains("长效管理机制（失 15.00 分").contains("公园养护数（失 12.50 分：公园数 &lt;6&gt;");
    }

    @Test
    void printedBudgetLinesThatFailTheAuditAreShownOnTheFormsWithTheirRule() throws Exception {
        List<Row> findings = spark().read().format("delta").load(warehouse.resolve("budget_line_audit").toString()).collectAsList();
        assertThat(findings).extracting(r -> r.<String>getAs("rule_id")).contains("BL-SUM", "BL-RATE");
        try (Workbook wb = open(folder.resolve(OfficialForms.districtFileName(FixtureWarehouse.YEAR)))) {
            Sheet sheet = wb.getSheet(OfficialForms.BUDGET_LINES_SHEET);
            assertThat(sheet.getLastRowNum()).isEqualTo(findings.size());
            for (Row f : findings) {
                org.apache.poi.ss.usermodel.Row row = rowWith(sheet, 2, f.getAs("line_id"));
                assertThat(row.getCell(1).getStringCellValue()).isEqualTo(f.<String>getAs("rule_id"));
                assertThat(num(row, 3)).isCloseTo(((BigDecimal) f.getAs("printed")).doubleValue(), within(1e-9));
                assertThat(num(row, 4)).isCloseTo(((BigDecimal) f.getAs("expected")).doubleValue(), within(1e-9));
            }
        }
        List<String> lines = new ArrayList<>();
        try (Workbook wb = open(unitForm(FixtureWarehouse.PJ, "浦锦街道"))) {
            for (org.apache.poi.ss.usermodel.Row row : wb.getSheet(OfficialForms.FORM_SHEET)) {
                Cell first = row.getCell(0);
                if (first != null && first.getCellType() == CellType.STRING && first.getStringCellValue().startsWith("自报预算数核对")) {
                    lines.add(first.getStringCellValue());
                }
            }
        }
        assertThat(lines).hasSize(findings.size()).anySatisfy(l -> assertThat(l).contains("[BL-SUM] budget.executed.total"));
        // 莘庄镇 printed none: its form has no such line
        try (Workbook wb = open(unitForm(FixtureWarehouse.XZ, "莘庄镇"))) {
            for (org.apache.poi.ss.usermodel.Row row : wb.getSheet(OfficialForms.FORM_SHEET)) {
                Cell first = row.getCell(0);
                assertThat(first == null || first.getCellType() != CellType.STRING || !first.getStringCellValue().startsWith("自报预算数核对")).isTrue();
            }
        }
    }

    @Test
    void theCommandRewritesTheYearAndRefusesWhatItCannotDo() throws Exception {
        Path stale = folder.resolve("MH-OLD-旧单位.xlsx");
        Files.writeString(stale, "not a workbook");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = FormsCommand.run(new String[]{"--year", String.valueOf(FixtureWarehouse.YEAR), "--warehouse", warehouse.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), c -> spark());
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("2 unit forms");
        assertThat(stale).doesNotExist();
        assertThat(unitForm(FixtureWarehouse.PJ, "浦锦街道")).exists();
        try (Stream<Path> siblings = Files.list(folder.getParent())) {
            assertThat(siblings.map(p -> p.getFileName().toString()).toList()).containsExactly(String.valueOf(FixtureWarehouse.YEAR));
        }

        // A year the warehouse does not hold, a missing warehouse, a bad option: exit 2, and no session for the last two.
        err.reset();
        assertThat(FormsCommand.run(new String[]{"--year", "2021", "--warehouse", warehouse.toString()},
                new PrintStream(out), new PrintStream(err, true, StandardCharsets.UTF_8), c -> spark())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no published scorecard of 2021");
        assertThat(FormsCommand.run(new String[]{"--year", "2023", "--warehouse", dir.resolve("nowhere").toString()},
                new PrintStream(out), new PrintStream(err), c -> {
                    throw new AssertionError("no session for a missing warehouse");
                })).isEqualTo(2);
        assertThat(FormsCommand.run(new String[]{"--yaer", "2023"}, new PrintStream(out), new PrintStream(err), c -> {
            throw new AssertionError("no session for a bad option");
        })).isEqualTo(2);
    }
}
