package cn.minhang.citymgmt.report;

import cn.minhang.citymgmt.scoring.Measures;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Renders collected rows for a terminal (an aligned table in which CJK characters take two
 * columns) or as RFC 4180 CSV. Pure Java, so it is tested without Spark.
 *
 * <p>CSV is opened in spreadsheets, which run a cell starting with {@code = + - @}, a tab or a
 * carriage return as a formula ({@code =HYPERLINK(…)} in a delivered text would become a live
 * link). Text values (and column names) starting so are written as OWASP advises: a single quote
 * before them, and the field quoted. Numbers are numbers and stay as they are ({@code -5.00}).
 */
public final class ResultFormat {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final String CRLF = "\r\n";

    private ResultFormat() {
    }

    /** A value as text: decimals in plain notation, timestamps to the second, arrays and maps readable; null → null. */
    public static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal d) {
            // A measure (DECIMAL(24,6)) is printed as the number it is, 12 rather than 12.000000; money and rates keep their cents.
            return (d.scale() == Measures.SCALE ? d.stripTrailingZeros() : d).toPlainString();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return String.valueOf(d);
            }
            BigDecimal b = new BigDecimal(Double.toString(d));
            String plain = b.stripTrailingZeros().toPlainString();
            return plain.equals("-0") ? "0" : plain;
        }
        if (value instanceof Timestamp t) {
            LocalDateTime time = t.toLocalDateTime();
            return time.getNano() == 0 ? SECONDS.format(time) : time.toString().replace('T', ' ');
        }
        if (value instanceof Row r) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < r.length(); i++) {
                parts.add(r.schema() == null ? nullSafe(text(r.get(i))) : r.schema().fields()[i].name() + ": " + nullSafe(text(r.get(i))));
            }
            return "{" + String.join(", ", parts) + "}";
        }
        if (value instanceof scala.collection.Map<?, ?> m) {
            List<String> parts = new ArrayList<>();
            scala.collection.Iterator<? extends scala.Tuple2<?, ?>> it = m.iterator();
            while (it.hasNext()) {
                scala.Tuple2<?, ?> e = it.next();
                parts.add(nullSafe(text(e._1())) + ": " + nullSafe(text(e._2())));
            }
            return "{" + String.join(", ", parts) + "}";
        }
        if (value instanceof scala.collection.Iterable<?> seq) {
            List<String> parts = new ArrayList<>();
            scala.collection.Iterator<?> it = seq.iterator();
            while (it.hasNext()) {
                parts.add(nullSafe(text(it.next())));
            }
            return "[" + String.join(", ", parts) + "]";
        }
        if (value instanceof byte[] bytes) {
            return "<" + bytes.length + " bytes>";
        }
        return value.toString();
    }

    private static String nullSafe(String s) {
        return s == null ? "NULL" : s;
    }

    /** RFC 4180: a header line, then one line per row, CRLF line ends; fields quoted when they must be. */
    public static String csv(StructType schema, List<Row> rows) {
        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>();
        for (StructField f : schema.fields()) {
            header.add(textField(f.name()));
        }
        out.append(String.join(",", header)).append(CRLF);
        for (Row row : rows) {
            List<String> fields = new ArrayList<>();
            for (int i = 0; i < row.length(); i++) {
                Object value = row.get(i);
                String s = text(value);
                fields.add(s == null ? "" : value instanceof String ? textField(s) : csvField(s));
            }
            out.append(String.join(",", fields)).append(CRLF);
        }
        return out.toString();
    }

    /** A text value as a CSV field that no spreadsheet runs as a formula. */
    static String textField(String s) {
        return formulaLike(s) ? '"' + ("'" + s).replace("\"", "\"\"") + '"' : csvField(s);
    }

    /**
     * Whether a spreadsheet would take the text for a formula (OWASP's list: = + - @, tab, carriage
     * return). The one rule of the project: the CSV export quotes such text, the Excel forms write
     * it as a quote-prefixed text cell ({@code report.FormCells}).
     */
    public static boolean formulaLike(String s) {
        return !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0;
    }

    static String csvField(String s) {
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0
                || (!s.isEmpty() && (Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))))) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /**
     * An aligned table in the style of psql: header, a rule, the rows; numbers right-aligned,
     * text left-aligned, NULL shown as such, line breaks and tabs inside values shown as spaces.
     */
    public static String table(StructType schema, List<Row> rows) {
        int n = schema.fields().length;
        boolean[] numeric = new boolean[n];
        String[] header = new String[n];
        int[] width = new int[n];
        for (int i = 0; i < n; i++) {
            StructField f = schema.fields()[i];
            DataType type = f.dataType();
            numeric[i] = type instanceof NumericType;
            header[i] = oneLine(f.name());
            width[i] = displayWidth(header[i]);
        }
        List<String[]> cells = new ArrayList<>();
        for (Row row : rows) {
            String[] line = new String[n];
            for (int i = 0; i < n; i++) {
                String s = text(row.get(i));
                line[i] = s == null ? "NULL" : oneLine(s);
                width[i] = Math.max(width[i], displayWidth(line[i]));
            }
            cells.add(line);
        }
        StringBuilder out = new StringBuilder();
        appendLine(out, header, width, new boolean[n]);
        for (int i = 0; i < n; i++) {
            out.append(i == 0 ? "-" : "+-").append("-".repeat(width[i])).append('-');
        }
        out.append('\n');
        for (String[] line : cells) {
            appendLine(out, line, width, numeric);
        }
        return out.toString();
    }

    private static void appendLine(StringBuilder out, String[] values, int[] width, boolean[] right) {
        for (int i = 0; i < values.length; i++) {
            out.append(i == 0 ? " " : "| ");
            String pad = " ".repeat(width[i] - displayWidth(values[i]));
            out.append(right[i] ? pad + values[i] : values[i] + pad).append(' ');
        }
        out.append('\n');
    }

    private static String oneLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        return b.toString();
    }

    /** Columns a string takes in a terminal: East Asian wide and fullwidth characters count two. */
    public static int displayWidth(String s) {
        int width = 0;
        for (Iterator<Integer> it = s.codePoints().iterator(); it.hasNext(); ) {
            width += wide(it.next()) ? 2 : 1;
        }
        return width;
    }

    static boolean wide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F)      // Hangul Jamo
                || (cp >= 0x2E80 && cp <= 0x303E)  // CJK radicals, Kangxi, CJK symbols and punctuation
                || (cp >= 0x3041 && cp <= 0x33FF)  // Hiragana … CJK compatibility
                || (cp >= 0x3400 && cp <= 0x4DBF)  // CJK extension A
                || (cp >= 0x4E00 && cp <= 0x9FFF)  // CJK unified ideographs
                || (cp >= 0xA000 && cp <= 0xA4CF)  // Yi
                || (cp >= 0xAC00 && cp <= 0xD7A3)  // Hangul syllables
                || (cp >= 0xF900 && cp <= 0xFAFF)  // CJK compatibility ideographs
                || (cp >= 0xFE30 && cp <= 0xFE4F)  // CJK compatibility forms
                || (cp >= 0xFF00 && cp <= 0xFF60)  // fullwidth forms
                || (cp >= 0xFFE0 && cp <= 0xFFE6)
                || (cp >= 0x1F300 && cp <= 0x1F64F) // emoji
                || (cp >= 0x20000 && cp <= 0x3FFFD); // CJK extensions B and later
    }
}
