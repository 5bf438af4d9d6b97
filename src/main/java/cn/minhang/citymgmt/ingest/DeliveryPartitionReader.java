package cn.minhang.citymgmt.ingest;

import cn.minhang.citymgmt.sources.SourceDefinition;
import cn.minhang.citymgmt.sources.YearMembership;
import com.univocity.parsers.common.TextParsingException;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import static cn.minhang.citymgmt.ingest.DeliveryReader.FILE_ERROR;
import static cn.minhang.citymgmt.ingest.DeliveryReader.SPLIT_END;

/**
 * Streams the splits of one task, line by line: a file is never held in memory, whatever its
 * size. Each data line becomes one internal row (the record's typed values and its lineage);
 * rows of other years are only counted; each split closes with one marker row carrying its
 * {@link SplitStats}, and a split that cannot be read yields one {@link DeliveryReader#FILE_ERROR}
 * row naming the problem instead.
 */
final class DeliveryPartitionReader implements PartitionReader<InternalRow> {
    private static final GenericArrayData NO_REASONS = new GenericArrayData(new Object[0]);

    private final DeliveryReader.ReadSpec spec;
    private final SourceDefinition source;
    private final StructType cleaned;
    private final ZoneId zone;
    private final Configuration hadoop;
    private final Iterator<DeliverySplit> splits;
    private OpenSplit open;
    private InternalRow current;

    DeliveryPartitionReader(DeliveryReader.ReadSpec spec, Configuration hadoop, List<DeliverySplit> splits) {
        this.spec = spec;
        this.source = spec.source();
        this.cleaned = source.cleanedSchema();
        this.zone = ZoneId.of(spec.timeZone());
        this.hadoop = hadoop;
        this.splits = splits.iterator();
    }

    @Override
    public boolean next() {
        while (true) {
            if (open == null) {
                if (!splits.hasNext()) {
                    return false;
                }
                DeliverySplit split = splits.next();
                try {
                    open = new OpenSplit(split);
                } catch (IOException | UncheckedIOException | TextParsingException | IllegalStateException e) {
                    current = fileError(split, problemOf(split, e));
                    return true;
                }
                if (open.headerProblem != null) {
                    // Every split sees the header; the first one reports it, once.
                    String problem = open.headerProblem;
                    open.closeQuietly();
                    open = null;
                    if (split.index() == 0) {
                        current = fileError(split, problem);
                        return true;
                    }
                    continue;
                }
            }
            try {
                InternalRow row = open.next();
                if (row == null) {
                    row = open.finish();
                    open.closeQuietly();
                    open = null;
                }
                current = row;
                return true;
            } catch (IOException | UncheckedIOException | TextParsingException | IllegalStateException e) {
                current = fileError(open.split, problemOf(open.split, e));
                open.closeQuietly();
                open = null;
                return true;
            }
        }
    }

    @Override
    public InternalRow get() {
        return current;
    }

    @Override
    public void close() {
        if (open != null) {
            open.closeQuietly();
        }
    }

    /** The problem a file's reading stopped on, in words an operator can act on (never the file's content). */
    private String problemOf(DeliverySplit split, Exception e) {
        // The CSV parser wraps what the reader threw, however deep; the innermost known cause says what happened.
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DeliveryText.UndecodableText u) {
                String where = split.index() == 0 ? "line " + u.line
                        : "the " + ordinal(u.line) + " line after byte " + split.start();
                return u.binary
                        ? "holds binary data, not CSV text (a NUL byte on " + where + ")"
                        : "is not valid " + spec.encoding() + " text (bytes on " + where + " are not " + spec.encoding()
                        + ": binary data, or text in another encoding; declare the source's encoding, e.g. "
                        + "source." + source.name() + ".encoding=GBK, in the configuration)";
            }
            if (t instanceof CharacterCodingException) {
                return "is not valid " + spec.encoding() + " text (declare its encoding, e.g. GBK, in the configuration)";
            }
            if (split.file().gzipped() && t instanceof java.io.EOFException) {
                return "is a truncated gzip file (" + firstLine(t.getMessage())
                        + "): it ends before its compressed data does; deliver the whole file again";
            }
            if (split.file().gzipped() && t instanceof java.util.zip.ZipException) {
                return "is not a readable gzip file (" + firstLine(t.getMessage()) + "); deliver it again";
            }
        }
        if (e instanceof TextParsingException p) {
            // Lines are at most DeliveryText.MAX_LINE_CHARS long; what is left is a quoted field running over many lines.
            return "cannot be read as CSV at line " + (p.getLineIndex() + 1) + (split.index() == 0 ? "" : " after byte " + split.start())
                    + ": " + firstLine(p.getMessage()) + " (a quote that is never closed?)";
        }
        return "cannot be read: " + firstLine(e.getMessage());
    }

    private static String ordinal(long n) {
        long mod100 = n % 100;
        String suffix = mod100 >= 11 && mod100 <= 13 ? "th" : switch ((int) (n % 10)) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }

    private static String firstLine(String message) {
        return message == null ? "unknown error" : message.lines().findFirst().orElse(message);
    }

    private InternalRow fileError(DeliverySplit split, String problem) {
        Object[] values = lineage(split.file().path(), null, null, InternalValues.strings(List.of(problem)), FILE_ERROR, split.index());
        return new GenericInternalRow(values);
    }

    /** A row of the parsed schema with the cleaned columns empty and the lineage columns set. */
    private Object[] lineage(String file, Long line, String raw, Object reasons, String membership, int split) {
        int w = cleaned.size();
        Object[] values = new Object[w + DeliveryReader.INTERNAL_COLUMNS];
        values[w] = UTF8String.fromString(file);
        values[w + 1] = line;
        values[w + 2] = InternalValues.string(raw);
        values[w + 3] = reasons;
        values[w + 4] = UTF8String.fromString(membership);
        values[w + 7] = split;
        return values;
    }

    /** One split being read: its streams, its parser and the figures its marker will carry. */
    private final class OpenSplit {
        final DeliverySplit split;
        final InputStream raw;
        final MessageDigest digest = sha256();
        final SplitRegion region; // plain files
        final DigestInputStream compressed; // gzip files
        final CsvParser csv;
        DeliveryText text;
        String headerProblem;
        RecordParser parser;
        long rows;
        long otherYear;
        long unreadable;
        Integer firstYear;
        Integer lastYear;
        boolean openStart;
        boolean openEnd;
        final TreeMap<Integer, Long> rowsByYear = new TreeMap<>();

        OpenSplit(DeliverySplit split) throws IOException {
            this.split = split;
            Path path = new Path(split.uri());
            FileSystem fs = path.getFileSystem(hadoop);
            FSDataInputStream in = fs.open(path);
            this.raw = in;
            InputStream data;
            if (split.file().gzipped()) {
                region = null;
                compressed = new DigestInputStream(new BufferedInputStream(in, 1 << 16), digest);
                data = new BufferedInputStream(new GZIPInputStream(compressed, 1 << 16), 1 << 16);
            } else {
                compressed = null;
                if (split.start() > 0) {
                    in.seek(split.start());
                }
                region = new SplitRegion(in, split.start(), split.end(), split.start() > 0, digest);
                data = new BufferedInputStream(region, 1 << 16);
            }
            csv = new CsvParser(settings());
            String[] header;
            if (split.index() == 0) {
                text = new DeliveryText(data, spec.encoding(), true);
                csv.beginParsing(text);
                header = csv.parseNext();
            } else {
                header = readHeader(fs, path);
                text = new DeliveryText(data, spec.encoding(), false);
                csv.beginParsing(text);
            }
            List<String> problems = RecordParser.headerProblems(source, header);
            if (!problems.isEmpty()) {
                headerProblem = String.join("; ", problems);
                return;
            }
            parser = new RecordParser(source, header, spec.fiscalYear(), spec.hmacSecret()).declaredEncoding(spec.encoding());
        }

        private String[] readHeader(FileSystem fs, Path path) throws IOException {
            CsvParser headerParser = new CsvParser(settings());
            try (InputStream in = new BufferedInputStream(fs.open(path), 1 << 14)) {
                headerParser.beginParsing(new DeliveryText(in, spec.encoding(), true));
                return headerParser.parseNext();
            } finally {
                headerParser.stopParsing();
            }
        }

        /** The next row to hand Spark, or null at the end of the split. */
        InternalRow next() {
            String[] fields;
            while ((fields = csv.parseNext()) != null) {
                long line = csv.getContext().currentLine();
                DeliveryText.LongLine tooLong = tooLong(fields);
                ParsedRecord record = tooLong == null ? parser.parse(fields)
                        : parser.tooLong(startFields(tooLong.start()), tooLong.chars(), split.file().path() + "#" + split.index() + ":" + line);
                rows++;
                count(record.span());
                if (record.membership() == YearMembership.Verdict.OTHER_YEAR) {
                    otherYear++;
                    continue;
                }
                if (record.membership() == YearMembership.Verdict.UNREADABLE) {
                    unreadable++;
                }
                return row(record, line);
            }
            return null;
        }

        /** The too-long line a record stands for, when the text reader put one in its place. */
        private DeliveryText.LongLine tooLong(String[] fields) {
            DeliveryText.LongLine first = null;
            for (String f : fields) {
                // One field when the line started a record; inside a quoted field when a line of it was too long.
                for (int at = f == null ? -1 : f.indexOf(DeliveryText.TOO_LONG); at >= 0; at = f.indexOf(DeliveryText.TOO_LONG, at + 1)) {
                    DeliveryText.LongLine l = text.nextLongLine();
                    first = first == null ? l : first;
                }
            }
            return first;
        }

        private void count(YearMembership.Span span) {
            if (span == null) {
                return;
            }
            if (span.first() == YearMembership.OPEN_START) {
                openStart = true;
            } else {
                firstYear = firstYear == null ? span.first() : Math.min(firstYear, span.first());
                rowsByYear.merge(span.first(), 1L, Long::sum);
            }
            if (span.last() == YearMembership.OPEN) {
                openEnd = true;
            } else {
                lastYear = lastYear == null ? span.last() : Math.max(lastYear, span.last());
            }
        }

        private InternalRow row(ParsedRecord record, long line) {
            Object[] typed = record.values();
            Object[] values = lineage(split.file().path(), line, record.maskedRaw(),
                    record.reasons().isEmpty() ? NO_REASONS : InternalValues.strings(record.reasons()),
                    record.membership().name(), split.index());
            for (int i = 0; i < typed.length; i++) {
                values[i] = InternalValues.of(typed[i], cleaned.fields()[i].dataType(), zone);
            }
            int w = cleaned.size();
            values[w + 5] = InternalValues.string(record.fingerprint());
            values[w + 6] = InternalValues.string(record.key());
            return new GenericInternalRow(values);
        }

        /** The split's marker row, once every line is read and every byte of the split digested. */
        InternalRow finish() throws IOException {
            long lines;
            if (compressed != null) {
                compressed.transferTo(java.io.OutputStream.nullOutputStream()); // trailing bytes belong to the file's digest too
                lines = csv.getContext().currentLine();
            } else {
                region.drainSplit();
                lines = region.lines();
            }
            Object[] stats = {rows, otherYear, unreadable, lines, UTF8String.fromString(HexFormat.of().formatHex(digest.digest())),
                    firstYear, lastYear, openStart, openEnd, InternalValues.intToLong(rowsByYear)};
            Object[] values = lineage(split.file().path(), null, null, NO_REASONS, SPLIT_END, split.index());
            values[cleaned.size() + 8] = new GenericInternalRow(stats);
            return new GenericInternalRow(values);
        }

        void closeQuietly() {
            try {
                csv.stopParsing();
            } catch (RuntimeException ignored) {
                // the stream may already be broken; closing it below is what matters
            }
            try {
                raw.close();
            } catch (IOException ignored) {
                // nothing left to read from it
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fields of the kept start of a too-long line, for its masked raw record. */
    static String[] startFields(String start) {
        CsvParser p = new CsvParser(settings());
        String[] fields = p.parseLine(start);
        return fields == null ? new String[0] : fields;
    }

    static CsvParserSettings settings() {
        CsvParserSettings s = new CsvParserSettings();
        s.setHeaderExtractionEnabled(false);
        s.setLineSeparatorDetectionEnabled(true);
        s.setSkipEmptyLines(true);
        s.setMaxColumns(1024);
        // A field is at most a line (DeliveryText keeps lines to MAX_LINE_CHARS), unless a quoted field spans lines.
        s.setMaxCharsPerColumn(DeliveryText.MAX_LINE_CHARS + 1);
        s.setNullValue(null);
        s.setEmptyValue(null);
        s.setReadInputOnSeparateThread(false);
        s.setAutoClosingEnabled(false); // the split still digests its trailing bytes after the last line
        return s;
    }
}
