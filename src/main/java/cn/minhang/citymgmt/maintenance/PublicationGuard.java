package cn.minhang.citymgmt.maintenance;

import cn.minhang.citymgmt.tables.Publication;
import cn.minhang.citymgmt.tables.PublishedReader;
import cn.minhang.citymgmt.tables.YearFiles;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Tells, per table, whether the files every year's current publication reads are still live,
 * that is, listed by the table's latest version. VACUUM deletes only files that are <em>not</em>
 * live (removed by a commit, or never committed) and older than the retention, so a table whose
 * current publications are all live can be vacuumed without touching them, however old they are.
 *
 * <p>A current publication's files stop being live when a later commit of that year removed them
 * without publishing: a run of the year that wrote the table and then failed, stopped on too many
 * rejects (exit 3), was killed, or is still running. Readers still read that publication, so its
 * files must stay: such a table is <em>held</em> (not vacuumed) until a run of the year publishes
 * again. (Once a file is removed, VACUUM would only delete it after the retention; holding at once
 * keeps the rule simple and the hold visible while it is harmless.)
 *
 * <p>The append-only logs ({@code job_runs}, {@code publications}) are read at their latest
 * version, never by time travel, and are not guarded.
 */
public final class PublicationGuard {
    private PublicationGuard() {
    }

    /** A year of a table whose current publication's files are not all live. */
    public record Hold(String table, int year, String publishedRun, long publishedVersion, long latestVersion, String detail) {
        /** One line for the report. */
        public String describe() {
            return table + ": fiscal year " + year + " is published at version " + publishedVersion + " (run " + publishedRun
                    + "), but " + detail + "; VACUUM would delete the published files once their removal is older than the retention."
                    + " A run of " + year + " that publishes (or finishes) releases the hold";
        }
    }

    /**
     * The holds of {@code tables} (names of table folders under {@code root}) against the current
     * publications {@code current}: table → its holds, only tables with at least one.
     */
    public static Map<String, List<Hold>> check(SparkSession spark, String root, Map<Integer, Publication> current, Collection<String> tables) {
        Map<String, List<Hold>> holds = new TreeMap<>();
        for (String table : tables) {
            List<Hold> h = check(spark, root, current, table);
            if (!h.isEmpty()) {
                holds.put(table, h);
            }
        }
        return holds;
    }

    /** The holds of one table. */
    public static List<Hold> check(SparkSession spark, String root, Map<Integer, Publication> current, String table) {
        List<Hold> holds = new ArrayList<>();
        if (PublishedReader.LOGS.contains(table)) {
            return holds;
        }
        String path = root + "/" + table;
        YearFiles.Version latest = YearFiles.latest(spark, path);
        Map<Long, Map<Integer, Set<String>>> atVersion = new HashMap<>();
        for (Publication p : current.values()) {
            Long version = p.tableVersions().get(table);
            if (version == null) {
                continue; // the table is not part of that year's publication: readers do not read it for the year
            }
            Map<Integer, Set<String>> published;
            try {
                published = atVersion.computeIfAbsent(version, v -> YearFiles.at(spark, path, v));
            } catch (RuntimeException e) {
                holds.add(new Hold(table, p.fiscalYear(), p.runId(), version, latest.version(),
                        "that version cannot be read from the table's log (" + firstLine(e.getMessage()) + ")"));
                continue;
            }
            Set<String> files = published.getOrDefault(p.fiscalYear(), Set.of());
            Set<String> live = latest.of(p.fiscalYear());
            if (!live.equals(files)) {
                long gone = files.stream().filter(f -> !live.contains(f)).count();
                long other = live.stream().filter(f -> !files.contains(f)).count();
                holds.add(new Hold(table, p.fiscalYear(), p.runId(), version, latest.version(),
                        "a later write left it unpublished: the latest version " + latest.version() + " no longer lists " + gone + " of its "
                                + files.size() + " files and lists " + other + " others (a run of " + p.fiscalYear()
                                + " that failed, was stopped or killed, or is still running)"));
            }
        }
        return holds;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        return message.strip().lines().findFirst().orElse(message);
    }
}
