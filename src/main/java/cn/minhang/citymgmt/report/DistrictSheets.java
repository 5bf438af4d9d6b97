package cn.minhang.citymgmt.report;

import org.apache.poi.ss.usermodel.Sheet;
import org.apache.spark.sql.Row;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The sheets of the district workbook: 区内排名 (league table), 指标得分 (one row per unit, one column
 * per indicator), 预算执行 (unit × account, in 万元) and 自评核对不符 (self-reports that disagree with
 * the records). Rows are added as they come, so the sheets can be written by POI's streaming
 * workbook; a sheet that would pass a spreadsheet's row limit ends with a line saying so.
 */
final class DistrictSheets {
    private final FormCells c;
    private final List<Rec> indicators;
    private final Sheet scores;
    private int scoreRow;

    DistrictSheets(FormCells cells, int year, List<Rec> indicators) {
        this.c = cells;
        this.indicators = indicators;
        Sheet league = cells.wb.createSheet(OfficialForms.LEAGUE_SHEET);
        league.setColumnWidth(1, 30 * 256);
        scores = cells.wb.createSheet(OfficialForms.SCORES_SHEET);
        cells.wb.createSheet(OfficialForms.BUDGET_SHEET);
        cells.wb.createSheet(OfficialForms.MISMATCH_SHEET);
        cells.wb.createSheet(OfficialForms.BUDGET_LINES_SHEET);
        // 指标得分: two header rows, the level-1 group over the indicator name (with its weight).
        org.apache.poi.ss.usermodel.Row groups = FormCells.row(scores, 0);
        org.apache.poi.ss.usermodel.Row names = FormCells.row(scores, 1);
        c.text(groups, 0, "单位编号", c.header);
        c.text(groups, 1, "单位", c.header);
        c.text(names, 0, year + " 年度", c.header);
        c.text(names, 1, "", c.header);
        for (int i = 0; i < indicators.size(); i++) {
            Rec ind = indicators.get(i);
            c.text(groups, 2 + i, ind.str("level1"), c.header);
            BigDecimal weight = ind.dec("weight");
            c.text(names, 2 + i, ind.str("name") + (weight == null ? "" : "（" + weight.stripTrailingZeros().toPlainString() + "）"), c.header);
        }
        c.text(groups, 2 + indicators.size(), "总计", c.header);
        c.text(names, 2 + indicators.size(), "", c.header);
        scoreRow = 2;
    }

    void league(List<Rec> cards, List<String> groups, Map<String, Rec> units) {
        Sheet sheet = c.wb.getSheet(OfficialForms.LEAGUE_SHEET);
        List<String> titles = new java.util.ArrayList<>(List.of("排名", "单位", "单位编号", "类型", "总分", "等级"));
        groups.forEach(g -> titles.add(Labels.groupName(g)));
        titles.add("百分位");
        titles.add("较上年");
        c.headerRow(sheet, 0, titles);
        int r = 1;
        for (Rec card : cards) {
            org.apache.poi.ss.usermodel.Row row = FormCells.row(sheet, r++);
            String unit = card.str("unit_id");
            Rec u = units.get(unit);
            int col = 0;
            c.number(row, col++, (Number) card.get("district_rank"), c.integer);
            c.text(row, col++, u != null && u.str("short_name") != null ? u.str("short_name") : card.str("short_name"));
            c.text(row, col++, unit);
            c.text(row, col++, Labels.label(Labels.UNIT_TYPE, u != null && u.str("unit_type") != null ? u.str("unit_type") : card.str("unit_type")));
            c.number(row, col++, card.dec("total_score"), c.score);
            c.text(row, col++, card.str("grade"));
            for (String g : groups) {
                c.number(row, col++, card.dec("score_" + g), c.score);
            }
            // percentile is stored as a percentage (50.0 means 50 %)
            c.percentOf(row, col++, card.dec("percentile"));
            BigDecimal change = card.dec("total_change") != null ? card.dec("total_change") : card.dec("comparable_change");
            c.number(row, col, change, c.score);
        }
    }

    /** One unit's scores, in the columns of the header (an indicator the unit lacks stays empty). */
    void scoresRow(String unit, String name, List<Rec> rows) {
        if (scoreRow >= OfficialForms.MAX_SHEET_ROWS - 1) {
            if (scoreRow == OfficialForms.MAX_SHEET_ROWS - 1) {
                c.text(FormCells.row(scores, scoreRow++), 0, "（行数超过表格上限，其余单位见各单位自评表）", c.plain);
            }
            return;
        }
        org.apache.poi.ss.usermodel.Row row = FormCells.row(scores, scoreRow++);
        c.text(row, 0, unit);
        c.text(row, 1, name);
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < indicators.size(); i++) {
            String id = indicators.get(i).str("indicator_id");
            Rec found = rows.stream().filter(r -> id.equals(r.str("indicator_id"))).findFirst().orElse(null);
            BigDecimal score = found == null ? null : found.dec("score");
            c.number(row, 2 + i, score, c.score);
            total = score == null ? total : total.add(score);
        }
        c.number(row, 2 + indicators.size(), total, c.score);
    }

    void budget(Map<String, List<Rec>> budget, Map<String, Rec> units) {
        Sheet sheet = c.wb.getSheet(OfficialForms.BUDGET_SHEET);
        c.headerRow(sheet, 0, List.of("单位编号", "单位", "科目", "年初预算（万元）", "调整后预算（万元）", "执行数（万元）", "执行率", "调整率", "状态"));
        int r = 1;
        for (Map.Entry<String, List<Rec>> e : budget.entrySet()) {
            for (String account : OfficialForms.ACCOUNTS) {
                Rec line = e.getValue().stream().filter(b -> account.equals(b.str("account"))).findFirst().orElse(null);
                if (line == null) {
                    continue;
                }
                if (r >= OfficialForms.MAX_SHEET_ROWS) {
                    return;
                }
                org.apache.poi.ss.usermodel.Row row = FormCells.row(sheet, r++);
                Rec u = units.get(e.getKey());
                c.text(row, 0, e.getKey());
                c.text(row, 1, u == null ? null : u.str("short_name"));
                c.text(row, 2, Labels.label(Labels.ACCOUNT, account));
                c.wanYuan(row, 3, line.dec("initial_yuan"));
                c.wanYuan(row, 4, line.dec("adjusted_yuan"));
                c.wanYuan(row, 5, line.dec("executed_yuan"));
                c.percentOf(row, 6, line.dec("execution_rate"));
                c.percentOf(row, 7, line.dec("adjustment_rate"));
                c.text(row, 8, Labels.label(Labels.STATUS, line.str("status")));
            }
        }
    }

    void mismatches(Iterator<Row> rows) {
        Sheet sheet = c.wb.getSheet(OfficialForms.MISMATCH_SHEET);
        c.headerRow(sheet, 0, List.of("单位编号", "指标编号", "指标", "单位自报值", "自报数值", "计算值", "差异", "计量单位", "说明"));
        int r = 1;
        while (rows.hasNext()) {
            Rec m = Rec.of(rows.next());
            if (r == OfficialForms.MAX_SHEET_ROWS - 1) {
                c.text(FormCells.row(sheet, r), 0, "（行数超过表格上限，其余见 self_report_audit 表）", c.plain);
                return;
            }
            org.apache.poi.ss.usermodel.Row row = FormCells.row(sheet, r++);
            c.text(row, 0, m.str("unit_id"));
            c.text(row, 1, m.str("indicator_id"));
            c.text(row, 2, m.str("name"));
            c.text(row, 3, m.str("reported_text"));
            c.measure(row, 4, m.dec("reported_value"), c.measure);
            c.measure(row, 5, m.dec("computed_value"), c.measure);
            c.measure(row, 6, m.dec("difference"), c.measure);
            c.text(row, 7, m.str("measure_unit"));
            c.text(row, 8, m.str("note"));
        }
    }

    /** 预算数核对: the budget lines units printed that fail budget_line_audit's rules (BL-LEDGER, BL-SUM, BL-RATE, BL-READ). */
    void budgetLines(Map<String, List<Rec>> findings) {
        Sheet sheet = c.wb.getSheet(OfficialForms.BUDGET_LINES_SHEET);
        c.headerRow(sheet, 0, List.of("单位编号", "规则", "自报项目", "自报值", "应为", "说明"));
        int r = 1;
        for (List<Rec> unit : findings.values()) {
            for (Rec f : unit) {
                if (r >= OfficialForms.MAX_SHEET_ROWS) {
                    return;
                }
                org.apache.poi.ss.usermodel.Row row = FormCells.row(sheet, r++);
                c.text(row, 0, f.str("unit_id"));
                c.text(row, 1, f.str("rule_id"));
                c.text(row, 2, f.str("line_id"));
                c.number(row, 3, f.dec("printed"), c.money);
                c.number(row, 4, f.dec("expected"), c.money);
                c.text(row, 5, f.str("note"));
            }
        }
    }
}
