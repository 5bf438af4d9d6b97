package cn.minhang.citymgmt.ingest;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cutting a file into splits anywhere loses no line and reads none twice, whatever ends the
 * lines, and the splits' line counts and digests add up to the file's.
 */
class SplitRegionTest {
    static Stream<Arguments> filesAndCuts() {
        List<Arguments> cases = new ArrayList<>();
        for (String end : List.of("\n", "\r\n", "\r")) {
            StringBuilder b = new StringBuilder("id,name" + end);
            for (int i = 1; i <= 40; i++) {
                b.append(i).append(",name ").append("x".repeat(i % 7)).append(end);
                if (i % 9 == 0) {
                    b.append(end); // an empty line is a line too
                }
            }
            String unterminated = b + "41,last";
            for (String text : List.of(b.toString(), unterminated)) {
                for (int split : new int[]{1, 2, 3, 5, 8, 13, 64, 1000}) {
                    cases.add(Arguments.of(escape(end), text, split));
                }
            }
        }
        return cases.stream();
    }

    private static String escape(String end) {
        return end.replace("\r", "CR").replace("\n", "LF");
    }

    @ParameterizedTest(name = "{0} ends, splits of {2} bytes")
    @MethodSource("filesAndCuts")
    void everyLineIsReadByExactlyOneSplit(String ends, String text, int splitBytes) throws Exception {
        byte[] file = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        long lines = 0;
        MessageDigest whole = MessageDigest.getInstance("SHA-256");
        List<byte[]> splitDigests = new ArrayList<>();
        for (long start = 0; start < file.length; start += splitBytes) {
            long end = Math.min(file.length, start + splitBytes);
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            ByteArrayInputStream in = new ByteArrayInputStream(file);
            in.skip(start);
            SplitRegion region = new SplitRegion(in, start, end, start > 0, digest);
            joined.write(region.readAllBytes());
            region.drainSplit();
            lines += region.lines();
            splitDigests.add(digest.digest());
        }
        assertThat(joined.toString(StandardCharsets.UTF_8)).isEqualTo(text);
        assertThat(lines).isEqualTo(physicalLines(text));

        // The splits digested exactly their own bytes: hashing them again gives each split's digest.
        int i = 0;
        for (long start = 0; start < file.length; start += splitBytes, i++) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(file, (int) start, (int) (Math.min(file.length, start + splitBytes) - start));
            assertThat(HexFormat.of().formatHex(splitDigests.get(i))).isEqualTo(HexFormat.of().formatHex(d.digest()));
        }
        whole.update(file);
        if (splitDigests.size() == 1) {
            assertThat(splitDigests.get(0)).isEqualTo(whole.digest());
        }
    }

    private static long physicalLines(String text) {
        long n = 0;
        boolean inLine = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!inLine) {
                n++;
                inLine = true;
            }
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                inLine = false;
            }
        }
        return n;
    }

    @ParameterizedTest(name = "a split starting on the LF of a CRLF, {0}")
    @MethodSource("cutsInsideCrlf")
    void aCutBetweenCrAndLfLosesNothing(int cut) throws Exception {
        byte[] file = "h\r\na\r\nb\r\n".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (long[] range : new long[][]{{0, cut}, {cut, file.length}}) {
            ByteArrayInputStream in = new ByteArrayInputStream(file);
            in.skip(range[0]);
            joined.write(new SplitRegion(in, range[0], range[1], range[0] > 0, MessageDigest.getInstance("SHA-256")).readAllBytes());
        }
        assertThat(joined.toString(StandardCharsets.US_ASCII)).isEqualTo("h\r\na\r\nb\r\n");
    }

    static Stream<Integer> cutsInsideCrlf() {
        return Stream.of(1, 2, 3, 4, 5, 6, 7, 8);
    }
}
