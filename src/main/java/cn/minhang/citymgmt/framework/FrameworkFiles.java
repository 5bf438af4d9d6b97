package cn.minhang.citymgmt.framework;

import cn.minhang.citymgmt.failures.RunStopped;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which framework file governs a fiscal year. Frameworks are effective-dated: {@code 2023.csv}
 * applies from 2023 until a later file replaces it, so a new year needs no copy of an unchanged
 * framework; {@code 2019-2021.csv} applies to those years only. Two files covering one year, or
 * years left uncovered between a closed range and the next file, make the folder ambiguous and
 * stop the job naming the files.
 */
public final class FrameworkFiles {
    private static final Pattern NAME = Pattern.compile("(\\d{4})(?:-(\\d{4}))?\\.csv");

    /** One file and the years it covers; {@code last} is null for "until replaced". */
    public record Span(Path file, int first, Integer last) {
        boolean covers(int year) {
            return year >= first && (last == null || year <= last);
        }
    }

    private FrameworkFiles() {
    }

    /** The file governing {@code year} in {@code dir}, after checking the folder has no overlap or gap. */
    public static Path forYear(Path dir, int year) {
        if (!Files.isDirectory(dir)) {
            throw RunStopped.badInput("no indicator framework for " + year + ": the framework folder " + dir + " does not exist");
        }
        List<Span> spans = spans(dir);
        if (spans.isEmpty() || year < spans.get(0).first()) {
            throw RunStopped.badInput("no indicator framework for " + year + ": " + dir.resolve(year + ".csv") + " does not exist"
                    + (spans.isEmpty() ? "" : " (the earliest framework is " + spans.get(0).file().getFileName()
                    + "; add " + year + ".csv, or a range such as " + year + "-" + (spans.get(0).first() - 1) + ".csv)"));
        }
        for (int i = 0; i < spans.size(); i++) {
            Span s = spans.get(i);
            Span next = i + 1 < spans.size() ? spans.get(i + 1) : null;
            if (s.last() != null && s.last() < s.first()) {
                throw RunStopped.badInput("framework " + s.file() + " names a range that ends before it starts");
            }
            if (next != null) {
                int end = s.last() != null ? s.last() : next.first() - 1;
                if (next.first() <= end || s.last() == null && next.first() == s.first()) {
                    throw RunStopped.badInput("frameworks " + s.file().getFileName() + " and " + next.file().getFileName() + " in " + dir
                            + " overlap: both would apply to " + next.first());
                }
                if (s.last() != null && next.first() > s.last() + 1) {
                    throw RunStopped.badInput("frameworks in " + dir + " leave a gap: no file covers " + (s.last() + 1)
                            + (next.first() - 1 > s.last() + 1 ? "-" + (next.first() - 1) : "") + " between "
                            + s.file().getFileName() + " and " + next.file().getFileName());
                }
            }
        }
        return spans.stream().filter(s -> s.covers(year)).reduce((a, b) -> b).map(Span::file)
                .orElseThrow(() -> RunStopped.badInput("no indicator framework for " + year + " in " + dir
                        + ": the last framework is a closed range (" + spans.get(spans.size() - 1).file().getFileName()
                        + "); add " + year + ".csv"));
    }

    /** The framework files of {@code dir}, by first year. */
    static List<Span> spans(Path dir) {
        List<Span> spans = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (m.matches()) {
                    spans.add(new Span(f, Integer.parseInt(m.group(1)), m.group(2) == null ? null : Integer.parseInt(m.group(2))));
                }
            });
        } catch (IOException e) {
            throw RunStopped.badInput("framework folder " + dir + " cannot be listed: " + e.getMessage());
        }
        spans.sort(Comparator.comparingInt(Span::first).thenComparing(s -> s.last() == null ? Integer.MAX_VALUE : s.last()));
        return spans;
    }
}
