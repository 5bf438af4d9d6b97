package cn.minhang.citymgmt.ingest;

import cn.minhang.citymgmt.sources.Column;
import cn.minhang.citymgmt.sources.RejectReason;
import cn.minhang.citymgmt.sources.RowRule;
import cn.minhang.citymgmt.sources.SourceDefinition;
import cn.minhang.citymgmt.sources.TypedRecord;
import cn.minhang.citymgmt.sources.YearMembership;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

import static cn.minhang.citymgmt.sources.RejectReason.IMPLAUSIBLE_DATE;
import static cn.minhang.citymgmt.sources.RejectReason.INVALID_FORMAT;
import static cn.minhang.citymgmt.sources.RejectReason.MALFORMED_LINE;
import static cn.minhang.citymgmt.sources.RejectReason.MISSING_REQUIRED;
import static cn.minhang.citymgmt.sources.RejectReason.OUT_OF_RANGE;
import static cn.minhang.citymgmt.sources.RejectReason.UNKNOWN_ENUM;
import static cn.minhang.citymgmt.sources.RejectReason.UNPARSABLE_BOOLEAN;
import static cn.minhang.citymgmt.sources.RejectReason.UNPARSABLE_DATE;
import static cn.minhang.citymgmt.sources.RejectReason.UNPARSABLE_NUMBER;
import static cn.minhang.citymgmt.sources.RejectReason.UNPARSABLE_TIMESTAMP;

/**
 * Turns the fields of one CSV line of a source into typed values and the list of every reason
 * it breaks the contract. Plain Java with no Spark in it: the ingest path calls it on the
 * executors, the tests call it directly.
 */
public final class RecordParser {
    /** Years outside this range are typing errors (2203 for 2023), not records. */
    static final int FIRST_PLAUSIBLE_YEAR = 2000;
    static final int LAST_PLAUSIBLE_YEAR = 2100;

    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm[:ss]").withResolverStyle(ResolverStyle.STRICT);
    private static final Map<String, Boolean> BOOLEANS = Map.ofEntries(
            Map.entry("true", true), Map.entry("false", false), Map.entry("1", true), Map.entry("0", false),
            Map.entry("yes", true), Map.entry("no", false), Map.entry("y", true), Map.entry("n", false),
            Map.entry("是", true), Map.entry("否", false));

    private final SourceDefinition source;
    private final String[] header;
    private final int[] positions; // definition column -> field index in this file, -1 when absent
    private final int fiscalYear;
    private final PersonalData.Hasher hasher;
    private final Map<String, Integer> columnIndex = new HashMap<>();
    private final int[] keyColumns;
    private final int pseudonymColumn;
    private final boolean[] maskFreeText; // cleaned column i may hide a phone number in free text
    private final boolean[] personalField; // field i of this file's header is a personal column
    private final int firstPersonalField;
    // One per parser, and a parser lives in one task: reusing it saves an allocation per line.
    private final MessageDigest digest;
    private java.nio.charset.Charset declared; // set when lines may hide text of another encoding (see declaredEncoding)

    public RecordParser(SourceDefinition source, String[] header, int fiscalYear, String hmacSecret) {
        this.source = source;
        this.header = header;
        this.fiscalYear = fiscalYear;
        this.hasher = new PersonalData.Hasher(hmacSecret);
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            byName.putIfAbsent(normaliseHeader(header[i]), i);
        }
        List<Column> columns = source.columns();
        positions = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            positions[i] = byName.getOrDefault(columns.get(i).name(), -1);
            columnIndex.put(columns.get(i).name(), i);
        }
        keyColumns = source.key().stream().mapToInt(columnIndex::get).toArray();
        pseudonymColumn = source.pseudonym().map(p -> columnIndex.get(p.personalColumn())).orElse(-1);
        maskFreeText = new boolean[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            // A caller's number typed into a free-text column (category, description) is still personal data.
            maskFreeText[i] = c.type() == cn.minhang.citymgmt.sources.ColumnType.STRING && c.pattern() == null
                    && !source.key().contains(c.name());
        }
        personalField = new boolean[header.length];
        int first = Integer.MAX_VALUE;
        for (int i = 0; i < header.length; i++) {
            String name = normaliseHeader(header[i]);
            if (source.hasColumn(name) && source.column(name).isPersonal()) {
                personalField[i] = true;
                first = Math.min(first, i);
            }
        }
        firstPersonalField = first;
    }

    /** What makes a file unreadable as this source: no header, a header too long, repeated names, missing required columns. */
    public static List<String> headerProblems(SourceDefinition source, String[] header) {
        List<String> problems = new ArrayList<>();
        if (header == null || header.length == 0) {
            problems.add("the file is empty: no header row");
            return problems;
        }
        for (String h : header) {
            if (h != null && h.contains(DeliveryText.TOO_LONG)) {
                problems.add(String.format(Locale.ROOT, "the header line is longer than the limit of %,d characters",
                        DeliveryText.MAX_LINE_CHARS));
                return problems;
            }
        }
        // A column given twice (or once by its name and once in another spelling of it: case, spaces, BOM) is
        // ambiguous: the job never picks one of two values.
        List<String> names = new ArrayList<>();
        for (int i = 0; i < header.length; i++) {
            String name = normaliseHeader(header[i]);
            int first = names.indexOf(name);
            if (!name.isEmpty() && first >= 0) {
                problems.add("column " + shown(name) + " appears twice in the header (column " + (first + 1)
                        + (header[first].equals(header[i]) ? "" : " '" + shown(header[first]) + "'") + " and column " + (i + 1)
                        + (header[first].equals(header[i]) ? "" : " '" + shown(header[i]) + "'") + ")");
            }
            names.add(name);
        }
        List<String> missing = source.columns().stream()
                .filter(Column::isRequired).map(Column::name).filter(n -> !names.contains(n)).toList();
        if (!missing.isEmpty()) {
            problems.add("header lacks required column(s) " + String.join(", ", missing) + " (found: " + foundNames(source, names) + ")");
        }
        return problems;
    }

    /** Column names shown in a message: any name the source knows, and others only when they look like a name. */
    private static String foundNames(SourceDefinition source, List<String> names) {
        // A file without a header has a record in its place: its names and phone numbers must not reach the log.
        List<String> shown = new ArrayList<>();
        int hidden = 0;
        for (String n : names) {
            if (source.hasColumn(n) || n.matches("[a-z][a-z0-9_ .-]{0,63}")) {
                shown.add(n);
            } else {
                hidden++;
            }
        }
        if (hidden > 0) {
            shown.add(hidden + (hidden == 1 ? " other field" : " other fields") + " not shown");
        }
        return String.join(", ", shown);
    }

    private static String shown(String name) {
        return name.length() > 64 ? name.substring(0, 64) + "…" : name;
    }

    static String normaliseHeader(String h) {
        return h == null ? "" : h.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Checks each line for text of another encoding than the file's, when that is not UTF-8: a line
     * written in UTF-8 inside a GBK file is often valid GBK byte for byte (and reads as mojibake, 鍩庤繍
     * for 城运), so the strict decoder cannot see it. Such a field, encoded back, is valid UTF-8 holding
     * Chinese; GBK text almost never is.
     */
    public RecordParser declaredEncoding(String encoding) {
        java.nio.charset.Charset charset = java.nio.charset.Charset.forName(encoding);
        this.declared = charset.equals(StandardCharsets.UTF_8) || !charset.canEncode() ? null : charset;
        return this;
    }

    /** The reason a line reads as UTF-8 text in a file of another encoding, or null. */
    private String otherEncoding(String[] fields) {
        for (int i = 0; i < fields.length; i++) {
            String f = fields[i];
            if (f == null || f.chars().allMatch(c -> c < 0x80)) {
                continue;
            }
            byte[] bytes = f.getBytes(declared);
            try {
                String asUtf8 = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
                if (asUtf8.chars().filter(c -> c >= 0x4E00 && c <= 0x9FFF).count() >= 2) {
                    String column = i < header.length ? shown(normaliseHeader(header[i])) : "field " + (i + 1);
                    return MALFORMED_LINE.because(column + " is UTF-8 text, not " + declared.name()
                            + ": the line is in another encoding than its file");
                }
            } catch (java.nio.charset.CharacterCodingException e) {
                // not UTF-8: text of the declared encoding
            }
        }
        return null;
    }

    /**
     * A line longer than {@link DeliveryText#MAX_LINE_CHARS}: not parsed, quarantined with its
     * length and the (masked) start of it. {@code where} makes it unique: it is never an exact
     * duplicate of anything, since the rest of it was never read.
     */
    public ParsedRecord tooLong(String[] startFields, long chars, String where) {
        List<String> reasons = List.of(MALFORMED_LINE.because(String.format(Locale.ROOT,
                "the line has %,d characters, more than the limit of %,d; not parsed", chars, DeliveryText.MAX_LINE_CHARS)));
        int n = source.columns().size();
        return new ParsedRecord(cleanedValues(new Object[n], new String[n]), reasons, YearMembership.Verdict.UNREADABLE, null,
                fingerprint(new String[]{"\u0002line too long", where}), null, maskedRaw(startFields, true) + "…");
    }

    public ParsedRecord parse(String[] fields) {
        List<Column> columns = source.columns();
        List<String> reasons = new ArrayList<>(0);
        boolean malformed = fields.length != header.length;
        if (malformed) {
            reasons.add(MALFORMED_LINE.because(fields.length + " fields where the header has " + header.length));
        }
        String otherEncoding = declared == null ? null : otherEncoding(fields);
        if (otherEncoding != null) {
            reasons.add(otherEncoding);
        }
        Object[] typed = new Object[columns.size()];
        String[] canonical = new String[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            String text = positions[i] >= 0 && positions[i] < fields.length ? clean(fields[positions[i]]) : null;
            canonical[i] = text;
            if (malformed) {
                continue; // fields are shifted: per-field reasons would only mislead
            }
            typed[i] = convert(column, text, reasons);
        }
        TypedRecord record = name -> {
            Integer i = columnIndex.get(name);
            return i == null ? null : typed[i];
        };
        if (!malformed) {
            for (RowRule rule : source.rules()) {
                rule.check(record).ifPresent(reasons::add);
            }
        }
        YearMembership.Span span = source.membership().span(record);
        YearMembership.Verdict membership = span == null ? YearMembership.Verdict.UNREADABLE
                : span.holds(fiscalYear) ? YearMembership.Verdict.IN_YEAR : YearMembership.Verdict.OTHER_YEAR;
        if (membership == YearMembership.Verdict.UNREADABLE && reasons.isEmpty()) {
            reasons.add(MISSING_REQUIRED.because("no readable date places the record in a fiscal year"));
        }
        if (membership == YearMembership.Verdict.OTHER_YEAR) {
            // Counted, never kept: the run of its own year reads it.
            return new ParsedRecord(null, reasons, membership, span, null, null, null);
        }
        return new ParsedRecord(cleanedValues(typed, canonical), reasons, membership, span,
                fingerprint(malformed ? fields : canonical), key(canonical), maskedRaw(fields, malformed));
    }

    private Object[] cleanedValues(Object[] typed, String[] canonical) {
        List<Column> columns = source.columns();
        List<Object> values = new ArrayList<>(columns.size() + 1);
        for (int i = 0; i < columns.size(); i++) {
            if (!columns.get(i).isPersonal()) {
                Object v = typed[i];
                values.add(maskFreeText[i] && v instanceof String text ? PersonalData.maskPhones(text) : v);
            }
        }
        if (pseudonymColumn >= 0) {
            values.add(hasher.keyedPhoneHash(canonical[pseudonymColumn]));
        }
        return values.toArray();
    }

    private static String clean(String field) {
        if (field == null) {
            return null;
        }
        String t = field.replace("\uFEFF", "").trim();
        return t.isEmpty() ? null : t;
    }

    /** The typed value of one field, or null with a reason added when it breaks the contract. */
    static Object convert(Column column, String text, List<String> reasons) {
        if (text == null) {
            if (column.isRequired()) {
                reasons.add(MISSING_REQUIRED.because(column.name()));
            }
            return null;
        }
        Object value;
        switch (column.type()) {
            case STRING -> value = text;
            case ENUM -> {
                value = column.enumAliases().get(text);
                if (value == null) {
                    value = column.enumAliases().get(text.toLowerCase(Locale.ROOT));
                }
                if (value == null) {
                    reasons.add(UNKNOWN_ENUM.because(column.name() + " '" + text + "'"));
                }
            }
            case INTEGER -> value = number(column, text, reasons, true);
            case MONEY, DECIMAL -> value = number(column, text, reasons, false);
            case BOOLEAN -> {
                value = BOOLEANS.get(text.toLowerCase(Locale.ROOT));
                if (value == null) {
                    reasons.add(UNPARSABLE_BOOLEAN.because(column.name() + " '" + text + "'"));
                }
            }
            case DATE -> value = temporal(column, text, reasons, false);
            case TIMESTAMP -> value = temporal(column, text, reasons, true);
            default -> throw new IllegalStateException("unhandled type " + column.type());
        }
        if (value != null && column.pattern() != null && !column.pattern().matcher(text).matches()) {
            reasons.add(INVALID_FORMAT.because(column.name() + " '" + text + "' does not match " + column.pattern().pattern()));
        }
        return value;
    }

    private static Object number(Column column, String text, List<String> reasons, boolean integer) {
        BigDecimal n;
        try {
            n = new BigDecimal(text);
        } catch (NumberFormatException e) {
            reasons.add(UNPARSABLE_NUMBER.because(column.name() + " '" + text + "'"));
            return null;
        }
        int scale = column.type().scale();
        if (n.stripTrailingZeros().scale() > scale || n.precision() - n.scale() > 15) {
            reasons.add(UNPARSABLE_NUMBER.because(column.name() + " '" + text + "' "
                    + (integer ? "is not a whole number" : "has more than " + scale + " decimals or too many digits")));
            return null;
        }
        if (!inRange(column, n)) {
            reasons.add(OUT_OF_RANGE.because(column.name() + " " + text + " is not " + rangeText(column)));
            return null;
        }
        return integer ? (Object) n.intValueExact() : n.setScale(scale);
    }

    private static boolean inRange(Column c, BigDecimal n) {
        boolean low = c.min() == null || (c.minExclusive() ? n.compareTo(c.min()) > 0 : n.compareTo(c.min()) >= 0);
        return low && (c.max() == null || n.compareTo(c.max()) <= 0);
    }

    private static String rangeText(Column c) {
        String low = c.min() == null ? "" : (c.minExclusive() ? "> " : ">= ") + c.min().toPlainString();
        String high = c.max() == null ? "" : "<= " + c.max().toPlainString();
        return low.isEmpty() ? high : high.isEmpty() ? low : low + " and " + high;
    }

    private static Object temporal(Column column, String text, List<String> reasons, boolean timestamp) {
        try {
            Object value = canonical(text, timestamp);
            if (value == null) {
                value = timestamp ? LocalDateTime.parse(text, TIMESTAMP) : LocalDate.parse(text, DATE);
            }
            int year = timestamp ? ((LocalDateTime) value).getYear() : ((LocalDate) value).getYear();
            if (year < FIRST_PLAUSIBLE_YEAR || year > LAST_PLAUSIBLE_YEAR) {
                reasons.add(IMPLAUSIBLE_DATE.because(column.name() + " " + text + " is outside "
                        + FIRST_PLAUSIBLE_YEAR + "–" + LAST_PLAUSIBLE_YEAR));
                return null;
            }
            return value;
        } catch (DateTimeParseException e) {
            RejectReason kind = timestamp ? UNPARSABLE_TIMESTAMP : UNPARSABLE_DATE;
            reasons.add(kind.because(column.name() + " '" + text + "' (expected "
                    + (timestamp ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd") + ")"));
            return null;
        }
    }

    /**
     * The value of a date or timestamp written exactly as {@code yyyy-MM-dd}, {@code yyyy-MM-dd HH:mm} or
     * {@code yyyy-MM-dd HH:mm:ss}, or null for anything else, which the strict formatters then judge (and word the
     * reason for). Every value the formatters accept in these shapes comes out the same here: {@code LocalDate.of}
     * and {@code LocalTime.of} refuse the same days and times as the strict resolver, and those fall through too.
     * The formatters build a map of fields per value and were a seventh of reading hotline cases.
     */
    static Object canonical(String text, boolean timestamp) {
        int n = text.length();
        if (n < 10 || text.charAt(4) != '-' || text.charAt(7) != '-' || (timestamp ? n != 16 && n != 19 : n != 10)) {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        if ((year | month | day) < 0) {
            return null;
        }
        try {
            LocalDate date = LocalDate.of(year, month, day);
            if (!timestamp) {
                return date;
            }
            if (text.charAt(10) != ' ' || text.charAt(13) != ':' || n == 19 && text.charAt(16) != ':') {
                return null;
            }
            int hour = digits(text, 11, 2);
            int minute = digits(text, 14, 2);
            int second = n == 19 ? digits(text, 17, 2) : 0;
            return (hour | minute | second) < 0 ? null : LocalDateTime.of(date, java.time.LocalTime.of(hour, minute, second));
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    /** The number written in ASCII digits at {@code text[from, from + count)}, or -1. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private String key(String[] canonical) {
        StringJoiner joiner = new StringJoiner("|");
        for (int k = 0; k < keyColumns.length; k++) {
            String value = canonical[keyColumns[k]];
            if (value == null) {
                return null;
            }
            joiner.add(source.key().get(k) + "=" + value);
        }
        return joiner.toString();
    }

    private String fingerprint(String[] values) {
        for (String v : values) {
            digest.update(v == null ? new byte[]{0} : (v + "\u0001").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The line as delivered, re-joined, with personal columns masked. When the line is malformed
     * its fields may have shifted either way, so everything from where the first personal column
     * may have moved to is masked.
     */
    private String maskedRaw(String[] fields, boolean malformed) {
        // Fields shift by as many places as the line has too few or too many.
        int shiftedStart = firstPersonalField == Integer.MAX_VALUE ? Integer.MAX_VALUE
                : Math.max(0, firstPersonalField - Math.abs(header.length - fields.length));
        StringJoiner joiner = new StringJoiner(",");
        for (int i = 0; i < fields.length; i++) {
            boolean mask = (i < personalField.length && personalField[i]) || (malformed && i >= shiftedStart);
            String f = fields[i] == null ? "" : fields[i];
            joiner.add(mask && !f.isEmpty() ? PersonalData.MASK : quote(f));
        }
        return PersonalData.maskPhones(joiner.toString());
    }

    private static String quote(String f) {
        return f.contains(",") || f.contains("\"") || f.contains("\n")
                ? "\"" + f.replace("\"", "\"\"") + "\"" : f;
    }
}
