package cn.minhang.citymgmt.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * The lines of one split of a plain file, as a stream: it starts after the first line end at or
 * after the split's start (that line belongs to the split before, unless the split starts the
 * file) and ends after the last line that starts at or before the split's end. {@code \n},
 * {@code \r\n} and a lone {@code \r} all end a line, as in Hadoop's LineRecordReader, so every
 * line of a file is read by exactly one split, whatever the cut points.
 *
 * <p>It counts the lines it passes (the next split numbers its lines after them) and digests
 * exactly the split's own bytes, so the splits' digests together fingerprint the file.
 */
final class SplitRegion extends InputStream {
    private final InputStream in;
    private final long end;
    private final MessageDigest digest;
    private final byte[] buf = new byte[64 * 1024];
    private int bufPos;
    private int bufLen;
    private long bufStart; // absolute position of buf[0]
    private boolean atLineStart = true;
    private boolean afterCr;
    private boolean finished;
    private long lines;

    /**
     * @param in    the raw file, positioned at {@code start}
     * @param skipFirstLine whether the split starts inside the file (not at byte 0)
     */
    SplitRegion(InputStream in, long start, long end, boolean skipFirstLine, MessageDigest digest) throws IOException {
        this.in = in;
        this.end = end;
        this.digest = digest;
        this.bufStart = start;
        if (skipFirstLine) {
            skipLine();
        }
    }

    /** Lines this split holds, counting an unterminated last line. */
    long lines() {
        return lines;
    }

    /** Reads (and digests) whatever of the split's own bytes the lines did not reach. */
    void drainSplit() throws IOException {
        while (bufStart + bufLen < end && fill()) {
            bufPos = bufLen;
        }
    }

    private boolean fill() throws IOException {
        bufStart += bufLen;
        bufPos = 0;
        bufLen = 0;
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        bufLen = n;
        if (bufStart < end) {
            digest.update(buf, 0, (int) Math.min(n, end - bufStart));
        }
        return true;
    }

    private void skipLine() throws IOException {
        while (true) {
            if (bufPos == bufLen && !fill()) {
                finished = true;
                return;
            }
            byte b = buf[bufPos];
            if (afterCr) {
                afterCr = false;
                if (b == '\n') {
                    bufPos++;
                }
                return;
            }
            bufPos++;
            if (b == '\n') {
                return;
            }
            if (b == '\r') {
                afterCr = true;
            }
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] out, int off, int len) throws IOException {
        if (finished) {
            return -1;
        }
        int n = 0;
        while (n < len) {
            if (bufPos == bufLen && !fill()) {
                finished = true;
                break;
            }
            byte b = buf[bufPos];
            if (afterCr) {
                afterCr = false;
                if (b == '\n') {
                    out[off + n++] = b;
                    bufPos++;
                    continue;
                }
            }
            if (atLineStart) {
                if (bufStart + bufPos > end) {
                    finished = true;
                    break;
                }
                atLineStart = false;
                lines++;
            }
            out[off + n++] = b;
            bufPos++;
            if (b == '\n') {
                atLineStart = true;
            } else if (b == '\r') {
                atLineStart = true;
                afterCr = true;
            }
        }
        return n == 0 && finished ? -1 : n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
