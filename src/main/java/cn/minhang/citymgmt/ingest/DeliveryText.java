package cn.minhang.citymgmt.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The text of a delivery as the CSV parser reads it: decoded strictly in the declared encoding
 * (a UTF-8 byte order mark at the file's start skipped), one physical line at a time, and never
 * more than {@link #MAX_LINE_CHARS} characters of a line held. A longer line is not handed on:
 * its characters are counted and dropped, and the parser gets {@link #TOO_LONG} in its place, a
 * record of one field the ingest quarantines with the line's length (see {@link #nextLongLine}).
 * {@code \n}, {@code \r\n} and a lone {@code \r} all end a line, as in {@link SplitRegion}.
 *
 * <p>Bytes that are not valid in the encoding, or a NUL character (binary data, never CSV text),
 * stop the reading with an {@link UndecodableText} naming the line they are on.
 */
final class DeliveryText extends Reader {
    /** The longest line handed to the parser, in characters: 1 Mi, far beyond any record of the contract. */
    static final int MAX_LINE_CHARS = 1 << 20;
    /** What the parser reads instead of a line longer than the limit (private-use characters, no quote or delimiter). */
    static final String TOO_LONG = "\uE000line-too-long\uE000";
    /** Characters of a too-long line kept for the quarantine's raw record. */
    static final int KEPT_START = 200;

    /** A line that was too long: its number (1 for the first line this reader read), its length and its start. */
    record LongLine(long line, long chars, String start) {
    }

    /** Text that cannot be decoded, or binary data, at a line of this reader. */
    static final class UndecodableText extends IOException {
        final long line;
        final boolean binary;

        UndecodableText(long line, boolean binary, String encoding) {
            super(binary ? "a NUL byte on line " + line + ": binary data, not CSV text"
                    : "bytes on line " + line + " are not valid " + encoding);
            this.line = line;
            this.binary = binary;
        }
    }

    private final InputStream in;
    private final CharsetDecoder decoder;
    private final String encoding;
    private final int limit;
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
    private final CharBuffer chars = CharBuffer.allocate(1 << 14);
    private final Deque<LongLine> longLines = new ArrayDeque<>();
    private boolean inputDone;
    private boolean decodeDone;
    private boolean malformedPending;

    private char[] line = new char[1024];
    private int lineLen; // characters of the current line held, its terminator included once complete
    private long lineChars; // characters of the current line, terminator excluded
    private long lineNo = 1;
    private boolean afterCr;
    private String skippedStart; // non-null while dropping the rest of a too-long line

    private static final char[] NEWLINE = {'\n'};

    private char[] out = new char[0];
    private int outPos;
    private int outLen;

    DeliveryText(InputStream in, String encoding, boolean fileStart) throws IOException {
        this(in, encoding, fileStart, MAX_LINE_CHARS);
    }

    DeliveryText(InputStream in, String encoding, boolean fileStart, int limit) throws IOException {
        this.in = in;
        this.encoding = encoding;
        this.limit = limit;
        this.decoder = Charset.forName(encoding).newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        bytes.flip();
        if (fileStart) {
            readBytes(3);
            if (bytes.remaining() >= 3 && (bytes.get(0) & 0xFF) == 0xEF && (bytes.get(1) & 0xFF) == 0xBB
                    && (bytes.get(2) & 0xFF) == 0xBF) {
                bytes.position(3);
            }
        }
        chars.flip();
    }

    /** The next line that was too long, in the order the parser meets their {@link #TOO_LONG}; null when none. */
    LongLine nextLongLine() {
        return longLines.poll();
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (outPos == outLen) {
            if (!produce()) {
                return -1;
            }
        }
        int n = Math.min(len, outLen - outPos);
        System.arraycopy(out, outPos, cbuf, off, n);
        outPos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Makes the next complete line (or the last, unterminated one) the output; false at the end of the text. */
    private boolean produce() throws IOException {
        while (true) {
            if (!chars.hasRemaining() && !decodeMore()) {
                if (lineLen > 0 || skippedStart != null) {
                    completeLine();
                    return true;
                }
                return false;
            }
            char[] a = chars.array();
            int i = chars.position();
            int end = chars.limit();
            if (afterCr) {
                afterCr = false;
                if (a[i] == '\n') {
                    // The \n of a \r\n: the line was handed on at its \r.
                    chars.position(i + 1);
                    emit(NEWLINE, 1);
                    return true;
                }
            }
            int start = i;
            while (i < end && a[i] != '\n' && a[i] != '\r' && a[i] != 0) {
                i++;
            }
            take(a, start, i - start);
            if (i == end) {
                chars.position(i);
                continue;
            }
            if (a[i] == 0) {
                chars.position(i);
                throw new UndecodableText(lineNo, true, encoding);
            }
            afterCr = a[i] == '\r';
            chars.position(i + 1);
            append(a, i, 1);
            completeLine();
            return true;
        }
    }

    /** Adds characters of the current line, or counts them once it is too long. */
    private void take(char[] a, int from, int n) {
        lineChars += n;
        if (skippedStart != null) {
            return;
        }
        if (lineChars > limit) {
            int keep = Math.min(KEPT_START, lineLen);
            StringBuilder start = new StringBuilder(KEPT_START).append(line, 0, keep);
            if (keep < KEPT_START) {
                start.append(a, from, Math.min(n, KEPT_START - keep));
            }
            skippedStart = start.toString();
            lineLen = 0;
            line = new char[1024]; // the large buffer goes: memory is held only while a line needs it
            return;
        }
        append(a, from, n);
    }

    private void append(char[] a, int from, int n) {
        if (lineLen + n > line.length) {
            char[] bigger = new char[Math.max(line.length * 2, lineLen + n)];
            System.arraycopy(line, 0, bigger, 0, lineLen);
            line = bigger;
        }
        System.arraycopy(a, from, line, lineLen, n);
        lineLen += n;
    }

    private void completeLine() {
        if (skippedStart != null) {
            longLines.add(new LongLine(lineNo, lineChars, skippedStart));
            String terminator = new String(line, 0, lineLen); // the terminator only, if any
            char[] replacement = (TOO_LONG + terminator).toCharArray();
            emit(replacement, replacement.length);
            skippedStart = null;
        } else {
            // Handed on as is: the next line is gathered only once the parser has taken all of this one.
            emit(line, lineLen);
            if (line.length > 1 << 16) {
                line = new char[1024];
            }
        }
        lineLen = 0;
        lineChars = 0;
        lineNo++;
    }

    private void emit(char[] text, int n) {
        out = text;
        outPos = 0;
        outLen = n;
    }

    /** Decodes more characters into {@link #chars}; false when the input is used up. */
    private boolean decodeMore() throws IOException {
        if (malformedPending) {
            throw new UndecodableText(lineNo, false, encoding);
        }
        if (decodeDone) {
            return false;
        }
        chars.clear();
        while (true) {
            CoderResult r = decoder.decode(bytes, chars, inputDone);
            if (r.isError()) {
                // Hand on what was decoded before the bad bytes first, so the error names their line.
                if (chars.position() == 0) {
                    throw new UndecodableText(lineNo, false, encoding);
                }
                malformedPending = true;
                break;
            }
            if (r.isOverflow()) {
                break;
            }
            if (inputDone) {
                decoder.flush(chars);
                decodeDone = true;
                break;
            }
            if (chars.position() > 0) {
                break;
            }
            readBytes(bytes.capacity());
        }
        chars.flip();
        return chars.hasRemaining();
    }

    /** Reads more bytes (up to {@code want} in all) after those not yet decoded. */
    private void readBytes(int want) throws IOException {
        bytes.compact();
        while (bytes.position() < Math.min(want, bytes.capacity())) {
            int n = in.read(bytes.array(), bytes.position(), Math.min(want, bytes.capacity()) - bytes.position());
            if (n < 0) {
                inputDone = true;
                break;
            }
            bytes.position(bytes.position() + n);
            if (want == bytes.capacity()) {
                break; // one read is enough to decode on
            }
        }
        bytes.flip();
    }
}
