package cn.minhang.citymgmt.report;

import cn.minhang.citymgmt.tables.WarehouseTables;
import cn.minhang.citymgmt.scoring.MeasureUnit;
import cn.minhang.citymgmt.scoring.Measures;
import cn.minhang.citymgmt.scoring.UnitConversion;
import cn.minhang.citymgmt.tables.DeltaWarehouse;
import cn.minhang.citymgmt.tables.Table;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * The official forms of a fiscal year as Excel workbooks, under {@code <warehouse>/reports/forms/<year>/}:
 * <ul>
 *   <li>one 部门整体支出绩效自评表 per unit ({@code <unit_id>-<short name>.xlsx}), in the layout of the
 *       units' printed reports: the budget block (年初预算, 调整后预算, 执行数 in 万元, 执行率, 分值, 得分 for
 *       基本支出, 项目支出, 合计), the indicator table (一级指标, 权重, 二级指标, 三级指标, 年度指标值, 全年完成值
 *       as computed, 单位自报值, 分值, 得分, 偏差原因), the total and the grade;</li>
 *   <li>the district workbook ({@code 区汇总-<year>.xlsx}): league table, indicator scores (unit × indicator),
 *       budget execution and the self-reports that disagree with the records.</li>
 * </ul>
 * Everything is read as published ({@link WarehouseTables}). Only per-unit rows reach the driver:
 * the scorecard, budget execution and unit names are collected (a few rows per unit); the indicator
 * rows (units × ~30) are streamed sorted by unit, one unit's rows at a time, and each unit's form is
 * written as its rows complete; the district workbook is written through POI's streaming workbook.
 * The folder of the year is replaced as a whole: the forms are written into a staging folder beside
 * it that then takes its place, so a unit that left the district leaves no stale form behind.
 */
public final class OfficialForms {
    public static final String FOLDER = "forms";
    public static final String FORM_SHEET = "自评表";
    public static final String LEAGUE_SHEET = "区内排名";
    public static final String SCORES_SHEET = "指标得分";
    public static final String BUDGET_SHEET = "预算执行";
    public static final String MISMATCH_SHEET = "自评核对不符";
    public static final String BUDGET_LINES_SHEET = "预算数核对";
    /** Rows of a sheet a spreadsheet can hold, the header included. */
    static final int MAX_SHEET_ROWS = 1_048_576;

    static final List<String> INDICATOR_HEADER = List.of("一级指标", "权重", "二级指标", "三级指标", "年度指标值", "全年完成值",
            "单位自报值", "分值", "得分", "偏差原因");
    static final List<String> BUDGET_HEADER = List.of("项目", "年初预算", "调整后预算", "执行数", "执行率", "分值", "得分");
    static final List<String> ACCOUNTS = List.of("basic", "project", "total");

    private OfficialForms() {
    }

    /** What was written: the folder, the unit forms and the district workbook's name. */
    public record Written(String folder, int unitForms, String districtWorkbook) {
    }

    /** The file name of a unit's form: its id and short name, with anything a file system may refuse replaced by _. */
    public static String unitFileName(String unitId, String shortName) {
        String name = shortName == null || shortName.isBlank() ? unitId : unitId + "-" + shortName;
        return name.replaceAll("[^\\p{L}\\p{N}._-]", "_") + ".xlsx";
    }

    public static String districtFileName(int year) {
        return "区汇总-" + year + ".xlsx";
    }

    /** Writes the year's forms from the warehouse's published tables; returns what it wrote. */
    public static Written write(SparkSession spark, String warehouseRoot, int year) {
        return write(spark, WarehouseTables.open(spark, warehouseRoot), year);
    }

    /** Writes the year's forms from {@code tables} (as published); returns what it wrote. */
    public static Written write(SparkSession spark, WarehouseTables tables, int year) {
        for (Table needed : List.of(Table.INDICATOR_SCORES, Table.UNIT_SCORECARD)) {
            if (!tables.has(needed)) {
                throw new IllegalArgumentException("warehouse " + tables.root() + " has no " + needed.tableName()
                        + ": no scored year to put on the forms");
            }
        }
        Path target = new Path(new Path(new Path(tables.root(), DistrictReport.FOLDER), FOLDER), String.valueOf(year));
        Path staging = new Path(target.getParent(), "." + year + "-" + UUID.randomUUID() + ".tmp");
        try {
            FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
            fs.setWriteChecksum(false);
            fs.mkdirs(staging);
            Written written;
            try {
                written = new OfficialForms.Run(tables, year, fs, staging).write();
            } catch (RuntimeException | IOException e) {
                fs.delete(staging, true);
                throw e;
            }
            if (fs.exists(target)) {
                fs.delete(target, true);
            }
            if (!fs.rename(staging, target)) {
                throw new IOException("cannot move " + staging + " to " + target);
            }
            return new Written(target.toString(), written.unitForms(), written.districtWorkbook());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the forms under " + target + ": " + e.getMessage(), e);
        }
    }

    /** One writing of a year's forms. */
    private static final class Run {
        private final WarehouseTables tables;
        private final int year;
        private final FileSystem fs;
        private final Path folder;
        private final Map<String, Rec> units = new LinkedHashMap<>();
        private final Map<String, Rec> cards = new LinkedHashMap<>();
        private final List<Rec> league = new ArrayList<>();
        private final Map<String, List<Rec>> budget = new LinkedHashMap<>();
        /** budget_line_audit's failures by unit: a few rows per unit at most. */
        private final Map<String, List<Rec>> budgetLines = new LinkedHashMap<>();
        private List<String> scoreGroups = List.of();

        Run(WarehouseTables tables, int year, FileSystem fs, Path folder) {
            this.tables = tables;
            this.year = year;
            this.fs = fs;
            this.folder = folder;
        }

        Written write() throws IOException {
            Dataset<Row> unitRows = ofYear("units");
            if (unitRows != null) {
                collect(unitRows, List.of("unit_id", "unit_name", "short_name", "unit_type"), col("unit_id"))
                        .forEach(r -> units.put(r.str("unit_id"), r));
            }
            Dataset<Row> card = ofYear(Table.UNIT_SCORECARD.tableName());
            List<String> groups = new ArrayList<>();
            for (String c : card.columns()) {
                if (c.startsWith("score_")) {
                    groups.add(c.substring("score_".length()));
                }
            }
            groups.sort(Comparator.comparingInt(Labels::groupOrder));
            scoreGroups = List.copyOf(groups);
            List<String> cardColumns = new ArrayList<>(List.of("unit_id", "short_name", "unit_type", "total_score", "grade",
                    "district_rank", "percentile", "total_change", "comparable_change", DeltaWarehouse.RUN_ID));
            groups.forEach(g -> cardColumns.add("score_" + g));
            league.addAll(collect(card, cardColumns, col("district_rank").asc_nulls_last(), col("total_score").desc_nulls_last(), col("unit_id")));
            league.forEach(r -> cards.put(r.str("unit_id"), r));
            Dataset<Row> execution = ofYear(Table.BUDGET_EXECUTION.tableName());
            if (execution != null) {
                collect(execution, List.of("unit_id", "account", "initial_yuan", "adjustment_yuan", "adjusted_yuan", "executed_yuan",
                        "execution_rate", "adjustment_rate", "status"), col("unit_id"), col("account"))
                        .forEach(r -> budget.computeIfAbsent(r.str("unit_id"), k -> new ArrayList<>()).add(r));
            }

            Dataset<Row> lineAudit = ofYear(Table.BUDGET_LINE_AUDIT.tableName());
            if (lineAudit != null) {
                collect(lineAudit, List.of("unit_id", "rule_id", "line_id", "printed", "expected", "note"),
                        col("unit_id"), col("line_id"), col("rule_id"))
                        .forEach(r -> budgetLines.computeIfAbsent(r.str("unit_id"), k -> new ArrayList<>()).add(r));
            }

            Dataset<Row> scores = ofYear(Table.INDICATOR_SCORES.tableName());
            List<Rec> indicators = collect(scores.groupBy("indicator_id").agg(
                            org.apache.spark.sql.functions.first("level1").as("level1"),
                            org.apache.spark.sql.functions.first("level2").as("level2"),
                            org.apache.spark.sql.functions.first("name").as("name"),
                            org.apache.spark.sql.functions.max("weight").as("weight")),
                    List.of("indicator_id", "level1", "level2", "name", "weight"));
            indicators = indicators.stream().sorted(INDICATOR_ORDER).toList();

            String districtName = districtFileName(year);
            int forms = 0;
            try (SXSSFWorkbook district = new SXSSFWorkbook(200)) {
                FormCells cells = new FormCells(district);
                DistrictSheets sheets = new DistrictSheets(cells, year, indicators);
                sheets.league(league, scoreGroups, units);
                Dataset<Row> audit = ofYear(Table.SELF_REPORT_AUDIT.tableName());
                Iterator<List<Rec>> perUnit = new UnitGroups(streamIndicators(scores, audit));
                while (perUnit.hasNext()) {
                    List<Rec> rows = perUnit.next();
                    String unit = rows.get(0).str("unit_id");
                    sheets.scoresRow(unit, name(unit), rows);
                    writeUnitForm(unit, rows);
                    forms++;
                }
                sheets.budget(budget, units);
                if (audit != null) {
                    sheets.mismatches(streamMismatches(audit));
                }
                sheets.budgetLines(budgetLines);
                try (OutputStream out = fs.create(new Path(folder, districtName), false)) {
                    district.write(out);
                }
            }
            return new Written(folder.toString(), forms, districtName);
        }

        private String name(String unit) {
            Rec u = units.get(unit);
            if (u != null && u.str("short_name") != null) {
                return u.str("short_name");
            }
            Rec c = cards.get(unit);
            return c != null && c.str("short_name") != null ? c.str("short_name") : unit;
        }

        private void writeUnitForm(String unit, List<Rec> rows) throws IOException {
            Rec u = units.get(unit);
            String fullName = u != null && u.str("unit_name") != null ? u.str("unit_name") : name(unit);
            try (XSSFWorkbook wb = new XSSFWorkbook()) {
                UnitForm.render(new FormCells(wb), year, fullName, cards.get(unit), budget.getOrDefault(unit, List.of()), rows,
                        budgetLines.getOrDefault(unit, List.of()));
                try (OutputStream out = fs.create(new Path(folder, unitFileName(unit, name(unit))), false)) {
                    wb.write(out);
                }
            }
        }

        /** The year's indicator rows with the unit's self-report beside each, sorted by unit: streamed to the driver, never held whole. */
        private Iterator<Row> streamIndicators(Dataset<Row> scores, Dataset<Row> audit) {
            List<String> scoreColumns = List.of("unit_id", "indicator_id", "level1", "level2", "name", "weight", "target_text", "target_unit",
                    "actual_value", "grade", "score", "status", "note");
            Set<String> have = Set.of(scores.columns());
            Dataset<Row> s = scores.select(scoreColumns.stream().map(c -> have.contains(c) ? col(c) : lit(null).as(c)).toArray(Column[]::new));
            if (audit != null) {
                Set<String> auditHave = Set.of(audit.columns());
                Dataset<Row> a = audit.select(col("unit_id").as("a_unit"), col("indicator_id").as("a_indicator"),
                        auditHave.contains("reported_text") ? col("reported_text") : lit(null).cast("string").as("reported_text"),
                        auditHave.contains("flag") ? col("flag") : lit(null).cast("string").as("flag"),
                        auditHave.contains("note") ? col("note").as("audit_note") : lit(null).cast("string").as("audit_note"));
                s = s.join(a, s.col("unit_id").equalTo(a.col("a_unit")).and(s.col("indicator_id").equalTo(a.col("a_indicator"))), "left")
                        .drop("a_unit", "a_indicator");
            } else {
                s = s.withColumn("reported_text", lit(null).cast("string")).withColumn("flag", lit(null).cast("string"))
                        .withColumn("audit_note", lit(null).cast("string"));
            }
            return s.orderBy(col("unit_id"), col("indicator_id")).toLocalIterator();
        }

        private Iterator<Row> streamMismatches(Dataset<Row> audit) {
            Set<String> have = Set.of(audit.columns());
            List<String> columns = List.of("unit_id", "indicator_id", "name", "reported_text", "reported_value", "computed_value",
                    "difference", "measure_unit", "note");
            return audit.where(col("flag").equalTo("mismatch"))
                    .select(columns.stream().map(c -> have.contains(c) ? col(c) : lit(null).as(c)).toArray(Column[]::new))
                    .orderBy(col("unit_id"), col("indicator_id")).toLocalIterator();
        }

        private Dataset<Row> ofYear(String table) {
            if (!tables.has(table)) {
                return null;
            }
            return tables.readYear(table, year);
        }
    }

    /** Framework order: level-1 group, then level 2 as the forms list them, then the indicator id. */
    static final Comparator<Rec> INDICATOR_ORDER = Comparator
            .comparingInt((Rec r) -> Labels.groupOrder(group(r.str("indicator_id"))))
            .thenComparingInt(r -> Labels.level2Order(r.str("level2")))
            .thenComparing(r -> Objects.toString(r.str("indicator_id"), ""));

    static String group(String indicatorId) {
        if (indicatorId == null) {
            return "";
        }
        int dot = indicatorId.indexOf('.');
        return dot > 0 ? indicatorId.substring(0, dot) : indicatorId;
    }

    /** Consecutive rows of one unit (the input is sorted by unit), each as a list in framework order. */
    private static final class UnitGroups implements Iterator<List<Rec>> {
        private final Iterator<Row> rows;
        private Rec pending;

        UnitGroups(Iterator<Row> rows) {
            this.rows = rows;
            this.pending = rows.hasNext() ? Rec.of(rows.next()) : null;
        }

        @Override
        public boolean hasNext() {
            return pending != null;
        }

        @Override
        public List<Rec> next() {
            List<Rec> group = new ArrayList<>();
            String unit = pending.str("unit_id");
            group.add(pending);
            pending = null;
            while (rows.hasNext()) {
                Rec r = Rec.of(rows.next());
                if (!Objects.equals(unit, r.str("unit_id"))) {
                    pending = r;
                    break;
                }
                group.add(r);
            }
            group.sort(INDICATOR_ORDER);
            return group;
        }
    }

    /** Collects {@code columns} (null for any the table lacks), sorted. Callers pass per-unit results only. */
    static List<Rec> collect(Dataset<Row> df, List<String> columns, Column... orderBy) {
        Set<String> have = Set.of(df.columns());
        Dataset<Row> selected = df.select(columns.stream().map(c -> have.contains(c) ? col(c) : lit(null).as(c)).toArray(Column[]::new));
        if (orderBy.length > 0) {
            selected = selected.orderBy(orderBy);
        }
        return selected.collectAsList().stream().map(Rec::of).toList();
    }

    /** The layout of one unit's 部门整体支出绩效自评表. */
    static final class UnitForm {
        static final int COLUMNS = INDICATOR_HEADER.size();

        private UnitForm() {
        }

        static void render(FormCells c, int year, String unitName, Rec card, List<Rec> budget, List<Rec> indicators, List<Rec> lineFindings) {
            Sheet sheet = c.wb.createSheet(FORM_SHEET);
            int[] widths = {12, 12, 16, 26, 16, 18, 16, 8, 8, 44};
            for (int i = 0; i < widths.length; i++) {
                sheet.setColumnWidth(i, widths[i] * 256);
            }
            int r = 0;
            c.text(FormCells.row(sheet, r), 0, "部门（单位）整体支出绩效自评表", c.title);
            sheet.addMergedRegion(new CellRangeAddress(r, r, 0, COLUMNS - 1));
            r++;
            c.text(FormCells.row(sheet, r), 0, "（" + year + " 年度）", c.subtitle);
            sheet.addMergedRegion(new CellRangeAddress(r, r, 0, COLUMNS - 1));
            r += 2;
            org.apache.poi.ss.usermodel.Row unitRow = FormCells.row(sheet, r);
            c.text(unitRow, 0, "单位名称", c.bold);
            c.text(unitRow, 1, unitName);
            c.frame(unitRow, 2, 6, c.text);
            sheet.addMergedRegion(new CellRangeAddress(r, r, 1, 6));
            c.text(unitRow, 7, "评价年度", c.bold);
            c.frame(unitRow, 8, 8, c.bold);
            sheet.addMergedRegion(new CellRangeAddress(r, r, 7, 8));
            c.number(unitRow, 9, year, c.integer);
            r += 2;

            c.text(FormCells.row(sheet, r), 0, "一、预算执行情况（万元）", c.section);
            r++;
            c.headerRow(sheet, r, BUDGET_HEADER);
            r++;
            BigDecimal budgetWeight = null;
            BigDecimal budgetScore = null;
            for (Rec ind : indicators) {
                if ("budget".equals(group(ind.str("indicator_id")))) {
                    budgetWeight = add(budgetWeight, ind.dec("weight"));
                    budgetScore = add(budgetScore, ind.dec("score"));
                }
            }
            for (String account : ACCOUNTS) {
                Rec line = budget.stream().filter(b -> account.equals(b.str("account"))).findFirst().orElse(null);
                org.apache.poi.ss.usermodel.Row row = FormCells.row(sheet, r++);
                c.text(row, 0, Labels.label(Labels.ACCOUNT, account), "total".equals(account) ? c.bold : c.text);
                c.wanYuan(row, 1, line == null ? null : line.dec("initial_yuan"));
                c.wanYuan(row, 2, line == null ? null : line.dec("adjusted_yuan"));
                c.wanYuan(row, 3, line == null ? null : line.dec("executed_yuan"));
                c.percentOf(row, 4, line == null ? null : line.dec("execution_rate"));
                boolean total = "total".equals(account);
                c.number(row, 5, total ? budgetWeight : null, c.score);
                c.number(row, 6, total ? budgetScore : null, c.score);
            }
            // What the unit printed for these lines and does not hold (budget_line_audit), one line per failure.
            for (Rec f : lineFindings) {
                org.apache.poi.ss.usermodel.Row row = FormCells.row(sheet, r);
                c.text(row, 0, "自报预算数核对：[" + f.str("rule_id") + "] " + f.str("line_id") + "：" + Objects.toString(f.str("note"), ""), c.plain);
                sheet.addMergedRegion(new CellRangeAddress(r, r, 0, COLUMNS - 1));
                r++;
            }
            r++;

            c.text(FormCells.row(sheet, r), 0, "二、绩效指标完成情况", c.section);
            r++;
            c.headerRow(sheet, r, INDICATOR_HEADER);
            r++;
            List<Rec> table = indicators.stream().filter(i -> !"budget".equals(group(i.str("indicator_id")))).toList();
            Map<String, BigDecimal> groupWeights = new LinkedHashMap<>();
            table.forEach(i -> groupWeights.merge(Objects.toString(i.str("level1"), ""), i.dec("weight") == null ? BigDecimal.ZERO : i.dec("weight"), BigDecimal::add));
            int groupStart = r;
            int level2Start = r;
            BigDecimal weights = budgetWeight == null ? BigDecimal.ZERO : budgetWeight;
            for (int k = 0; k < table.size(); k++) {
                Rec ind = table.get(k);
                org.apache.poi.ss.usermodel.Row row = FormCells.row(sheet, r);
                String level1 = Objects.toString(ind.str("level1"), "");
                boolean newGroup = k == 0 || !level1.equals(Objects.toString(table.get(k - 1).str("level1"), ""));
                boolean newLevel2 = newGroup || !Objects.equals(ind.str("level2"), table.get(k - 1).str("level2"));
                if (newGroup) {
                    groupStart = r;
                    c.text(row, 0, level1);
                    c.number(row, 1, groupWeights.get(level1), c.number);
                } else {
                    c.frame(row, 0, 1, c.text);
                }
                if (newLevel2) {
                    level2Start = r;
                    c.text(row, 2, ind.str("level2"));
                } else {
                    c.frame(row, 2, 2, c.text);
                }
                c.text(row, 3, ind.str("name"));
                c.text(row, 4, ind.str("target_text"));
                completed(c, row, 5, ind);
                c.text(row, 6, ind.str("reported_text"));
                c.number(row, 7, ind.dec("weight"), c.score);
                c.number(row, 8, ind.dec("score"), c.score);
                String reason = deviation(ind);
                c.text(row, 9, reason);
                // Rows as high as their wrapped text (a spreadsheet keeps the height a file gives it).
                int lines = Math.max(lines(reason, widths[9]), Math.max(lines(ind.str("name"), widths[3]), lines(ind.str("reported_text"), widths[6])));
                if (lines > 1) {
                    row.setHeightInPoints(lines * 14f);
                }
                weights = weights.add(ind.dec("weight") == null ? BigDecimal.ZERO : ind.dec("weight"));
                boolean lastOfGroup = k == table.size() - 1 || !level1.equals(Objects.toString(table.get(k + 1).str("level1"), ""));
                boolean lastOfLevel2 = lastOfGroup || !Objects.equals(ind.str("level2"), table.get(k + 1).str("level2"));
                if (lastOfGroup && r > groupStart) {
                    sheet.addMergedRegion(new CellRangeAddress(groupStart, r, 0, 0));
                    sheet.addMergedRegion(new CellRangeAddress(groupStart, r, 1, 1));
                }
                if (lastOfLevel2 && r > level2Start) {
                    sheet.addMergedRegion(new CellRangeAddress(level2Start, r, 2, 2));
                }
                r++;
            }
            org.apache.poi.ss.usermodel.Row total = FormCells.row(sheet, r);
            c.text(total, 0, "总分", c.bold);
            c.frame(total, 1, 6, c.text);
            sheet.addMergedRegion(new CellRangeAddress(r, r, 0, 6));
            c.number(total, 7, weights, c.score);
            c.number(total, 8, card == null ? null : card.dec("total_score"), c.score);
            c.frame(total, 9, 9, c.text);
            r++;
            org.apache.poi.ss.usermodel.Row grade = FormCells.row(sheet, r);
            c.text(grade, 0, "评价等级", c.bold);
            c.frame(grade, 1, 6, c.text);
            sheet.addMergedRegion(new CellRangeAddress(r, r, 0, 6));
            c.text(grade, 7, card == null ? null : card.str("grade"), c.bold);
            c.frame(grade, 8, 9, c.bold);
            sheet.addMergedRegion(new CellRangeAddress(r, r, 7, 9));
            r += 2;
            c.text(FormCells.row(sheet, r), 0, "说明：全年完成值由业务记录计算；单位自报值为单位自评报告所填；偏差原因列出失分原因及自报值与记录不一致之处。"
                    + "分值、得分为各指标权重与评分；预算执行的分值、得分计入总分。", c.plain);
            sheet.addMergedRegion(new CellRangeAddress(r, r, 0, COLUMNS - 1));
            if (card != null && card.str(DeltaWarehouse.RUN_ID) != null) {
                r++;
                c.text(FormCells.row(sheet, r), 0, "数据批次：" + card.str(DeltaWarehouse.RUN_ID), c.plain);
                sheet.addMergedRegion(new CellRangeAddress(r, r, 0, COLUMNS - 1));
            }
            c.wb.setPrintArea(0, 0, COLUMNS - 1, 0, r);
            sheet.setFitToPage(true);
            sheet.getPrintSetup().setFitWidth((short) 1);
            sheet.getPrintSetup().setFitHeight((short) 0);
            sheet.getPrintSetup().setLandscape(true);
            sheet.getPrintSetup().setPaperSize(org.apache.poi.ss.usermodel.PrintSetup.A4_PAPERSIZE);
        }

        /**
         * 全年完成值: the computed value as a number in the unit the target is written in (actual values are held
         * in the metric's unit: 1,740,000 m² is shown as 174.00(万平方米) beside a target of =174.00(万平方米)), a
         * percentage as a percent cell, a qualitative grade as its label, else why there is none.
         */
        static void completed(FormCells c, org.apache.poi.ss.usermodel.Row row, int column, Rec ind) {
            BigDecimal actual = ind.dec("actual_value");
            String unit = ind.str("target_unit");
            if (actual != null) {
                if ("%".equals(unit) || "percent".equalsIgnoreCase(unit)) {
                    c.percentOf(row, column, new BigDecimal(Measures.show(actual)));
                    return;
                }
                String written = writtenUnit(ind.str("target_text"));
                MeasureUnit metric = metricUnit(unit);
                if (metric != null && written != null && UnitConversion.compatible(written, metric)) {
                    BigDecimal perWritten = UnitConversion.convert(BigDecimal.ONE, written, metric);
                    c.measure(row, column, actual.divide(perWritten, MathContext.DECIMAL64), c.numberWith(written));
                } else {
                    c.measure(row, column, actual, c.numberWith(written != null ? written : unit));
                }
            } else if (ind.str("grade") != null) {
                c.text(row, column, Labels.label(Labels.GRADE, ind.str("grade")));
            } else {
                c.text(row, column, Labels.label(Labels.STATUS, ind.str("status")));
            }
        }

        private static final java.util.regex.Pattern WRITTEN_UNIT = java.util.regex.Pattern.compile("[(（]([^()（）]+)[)）]\\s*$");

        /** The unit a target is written in: 万平方米 of {@code =174.00(万平方米)}, or null. */
        static String writtenUnit(String targetText) {
            if (targetText == null) {
                return null;
            }
            java.util.regex.Matcher m = WRITTEN_UNIT.matcher(targetText);
            return m.find() ? m.group(1).trim() : null;
        }

        private static MeasureUnit metricUnit(String code) {
            try {
                return code == null ? null : MeasureUnit.parse(code);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        /** 偏差原因: the scoring note where points were lost, and the audit's note where the self-report differs from the records. */
        static String deviation(Rec ind) {
            List<String> reasons = new ArrayList<>();
            BigDecimal weight = ind.dec("weight");
            BigDecimal score = ind.dec("score");
            if (weight != null && score != null && score.compareTo(weight) < 0) {
                String note = ind.str("note");
                reasons.add(note != null && !note.isBlank() ? note : "失分（" + Labels.label(Labels.STATUS, ind.str("status")) + "）");
            }
            if ("mismatch".equals(ind.str("flag"))) {
                String note = ind.str("audit_note");
                reasons.add("自报值与记录不一致" + (note == null || note.isBlank() ? "" : "：" + note));
            }
            return reasons.isEmpty() ? null : String.join("；", reasons);
        }

        private static int lines(String text, int columnChars) {
            return text == null ? 1 : Math.max(1, (ResultFormat.displayWidth(text) + columnChars - 3) / (columnChars - 2));
        }

        private static BigDecimal add(BigDecimal a, BigDecimal b) {
            return b == null ? a : a == null ? b : a.add(b);
        }
    }
}
