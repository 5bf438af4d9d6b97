package cn.minhang.citymgmt.report;

import cn.minhang.citymgmt.scoring.Measures;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.usermodel.Workbook;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * Typed cells of one workbook: numbers are numeric cells, percentages numeric cells formatted as
 * percentages, money in 万元 with two decimals shown, text is text. Text from the data is never a
 * formula: POI writes a string as a string, and a string that a spreadsheet would run once edited
 * or saved as CSV (the rule of {@link ResultFormat#formulaLike}: {@code = + - @}, tab, carriage
 * return) gets a quote-prefixed style, Excel's own way of keeping a cell text ({@code '=12.00(个)}).
 * The workbook writes no formula at all.
 */
final class FormCells {
    private static final String FONT = "宋体";

    final Workbook wb;
    final CellStyle title;
    final CellStyle subtitle;
    final CellStyle header;
    final CellStyle section;
    final CellStyle text;
    final CellStyle textQuoted;
    final CellStyle bold;
    final CellStyle money;
    final CellStyle score;
    final CellStyle percent;
    final CellStyle number;
    /** Measures, with the 2 decimals the forms print ({@code 12.00}). */
    final CellStyle measure;
    final CellStyle plain;
    final CellStyle integer;
    private final Map<String, CellStyle> withUnit = new HashMap<>();

    FormCells(Workbook wb) {
        this.wb = wb;
        Font normal = font(11, false);
        Font strong = font(11, true);
        title = style(font(16, true), false);
        title.setAlignment(HorizontalAlignment.CENTER);
        subtitle = style(normal, false);
        subtitle.setAlignment(HorizontalAlignment.CENTER);
        section = style(strong, false);
        header = style(strong, true);
        header.setAlignment(HorizontalAlignment.CENTER);
        header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
        header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        text = style(normal, true);
        textQuoted = style(normal, true);
        textQuoted.setQuotePrefixed(true);
        bold = style(strong, true);
        money = numeric(normal, "#,##0.00");
        score = numeric(normal, "0.00");
        percent = numeric(normal, "0.00%");
        number = numeric(normal, "#,##0.##");
        measure = numeric(normal, "#,##0.00");
        plain = style(normal, false);
        integer = numeric(normal, "0");
    }

    private Font font(int points, boolean isBold) {
        Font f = wb.createFont();
        f.setFontName(FONT);
        f.setFontHeightInPoints((short) points);
        f.setBold(isBold);
        return f;
    }

    private CellStyle style(Font font, boolean bordered) {
        CellStyle s = wb.createCellStyle();
        s.setFont(font);
        s.setVerticalAlignment(VerticalAlignment.CENTER);
        s.setWrapText(bordered);
        if (bordered) {
            s.setBorderTop(BorderStyle.THIN);
            s.setBorderBottom(BorderStyle.THIN);
            s.setBorderLeft(BorderStyle.THIN);
            s.setBorderRight(BorderStyle.THIN);
        }
        return s;
    }

    private CellStyle numeric(Font font, String format) {
        CellStyle s = style(font, true);
        s.setDataFormat(wb.createDataFormat().getFormat(format));
        s.setAlignment(HorizontalAlignment.RIGHT);
        return s;
    }

    /** A number shown with its measure unit, e.g. {@code 12.00(个)}: the value stays a number. */
    CellStyle numberWith(String unit) {
        if (unit == null || unit.isBlank()) {
            return measure;
        }
        // Only the unit's letters reach the format string; quotes and backslashes would end the literal.
        String literal = unit.replaceAll("[\"\\\\]", "");
        return withUnit.computeIfAbsent(literal, u -> numeric(wb.getFontAt(text.getFontIndex()), "#,##0.00\"(" + u + ")\""));
    }

    /** Row {@code index} of {@code sheet} as a header: the titles from column 0 on, in the header style. Returns the row. */
    Row headerRow(Sheet sheet, int index, java.util.List<String> titles) {
        Row head = row(sheet, index);
        for (int i = 0; i < titles.size(); i++) {
            text(head, i, titles.get(i), header);
        }
        return head;
    }

    static Row row(Sheet sheet, int index) {
        Row r = sheet.getRow(index);
        return r == null ? sheet.createRow(index) : r;
    }

    /** Text from anywhere (the data included): a string cell, quote-prefixed when a spreadsheet would read it as a formula; null → an empty bordered cell. */
    Cell text(Row row, int column, String value) {
        return text(row, column, value, text);
    }

    Cell text(Row row, int column, String value, CellStyle style) {
        Cell cell = row.createCell(column);
        if (value == null) {
            cell.setCellStyle(style);
            return cell;
        }
        cell.setCellValue(value);
        cell.setCellStyle(ResultFormat.formulaLike(value) ? quoted(style) : style);
        return cell;
    }

    private CellStyle quoted(CellStyle style) {
        if (style == text) {
            return textQuoted;
        }
        CellStyle q = wb.createCellStyle();
        q.cloneStyleFrom(style);
        q.setQuotePrefixed(true);
        return q;
    }

    /** A numeric cell; null → an empty bordered cell of the same style. */
    Cell number(Row row, int column, BigDecimal value, CellStyle style) {
        Cell cell = row.createCell(column);
        cell.setCellStyle(style);
        if (value != null) {
            cell.setCellValue(value.doubleValue());
        }
        return cell;
    }

    /**
     * A measure: the cell holds the value as {@link Measures#show} rounds it (half-up, §7), not the
     * binary double a spreadsheet would round for display on its own; {@code style} shows its 2 decimals.
     */
    Cell measure(Row row, int column, BigDecimal value, CellStyle style) {
        return number(row, column, value == null ? null : new BigDecimal(Measures.show(value)), style);
    }

    Cell number(Row row, int column, Number value, CellStyle style) {
        return number(row, column, value == null ? null : value instanceof BigDecimal d ? d : new BigDecimal(value.toString()), style);
    }

    /** A rate stored as a percentage (97.23 means 97.23 %) as a percent cell (0.9723 shown as 97.23%). */
    Cell percentOf(Row row, int column, BigDecimal percentage) {
        return number(row, column, percentage == null ? null : percentage.movePointLeft(2), percent);
    }

    /** Yuan as 万元, exactly (the cell shows two decimals, as the form does). */
    Cell wanYuan(Row row, int column, BigDecimal yuan) {
        return number(row, column, yuan == null ? null : yuan.movePointLeft(4), money);
    }

    /** Bordered empty cells from {@code from} to {@code to}, so merged regions show their frame. */
    void frame(Row row, int from, int to, CellStyle style) {
        for (int c = from; c <= to; c++) {
            if (row.getCell(c) == null) {
                row.createCell(c).setCellStyle(style);
            }
        }
    }
}
