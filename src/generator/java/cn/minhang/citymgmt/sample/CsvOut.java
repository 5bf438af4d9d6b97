package cn.minhang.citymgmt.sample;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes CSV deliveries: UTF-8 without BOM, header row, comma separated, RFC 4180 quoting,
 * {@code \n} line ends; a name ending in {@code .gz} is gzip-compressed (Java writes no mtime).
 * Keeps per-source file and row counts for the summary.
 */
final class CsvOut {
    private final Path root;
    private final Map<String, long[]> stats = new TreeMap<>();

    CsvOut(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    int write(String source, String relative, String[] header, List<String[]> rows) throws IOException {
        return write(source, relative, header, rows, header);
    }

    /** Writes the rows (aligned on {@code header}) with the columns in the order {@code order}. */
    int write(String source, String relative, String[] header, List<String[]> rows, String[] order) throws IOException {
        int[] idx = new int[order.length];
        List<String> names = Arrays.asList(header);
        for (int i = 0; i < order.length; i++) {
            idx[i] = names.indexOf(order[i]);
            if (idx[i] < 0) {
                throw new IllegalArgumentException("unknown column " + order[i]);
            }
        }
        Path file = root.resolve(source).resolve(relative);
        Files.createDirectories(file.getParent());
        OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        if (relative.endsWith(".gz")) {
            os = new GZIPOutputStream(os, 1 << 16) {
                {
                    def.setLevel(Deflater.BEST_COMPRESSION);
                }
            };
        }
        StringBuilder sb = new StringBuilder(256);
        try (Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16)) {
            for (int i = 0; i < order.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                quote(sb, order[i]);
            }
            sb.append('\n');
            w.write(sb.toString());
            for (String[] row : rows) {
                if (row.length != header.length) {
                    throw new IllegalStateException(source + ": row of " + row.length + " values for " + header.length + " columns");
                }
                sb.setLength(0);
                for (int i = 0; i < idx.length; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    quote(sb, row[idx[i]]);
                }
                sb.append('\n');
                w.write(sb.toString());
            }
        }
        long[] s = stats.computeIfAbsent(source, k -> new long[2]);
        s[0]++;
        s[1] += rows.size();
        return rows.size();
    }

    static void quote(StringBuilder sb, String v) {
        if (v == null || v.isEmpty()) {
            return;
        }
        boolean needs = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                needs = true;
                break;
            }
        }
        if (!needs) {
            sb.append(v);
            return;
        }
        sb.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"') {
                sb.append('"');
            }
            sb.append(c);
        }
        sb.append('"');
    }

    /** source → {files, rows}, sorted by source name. */
    Map<String, long[]> stats() {
        return stats;
    }
}
