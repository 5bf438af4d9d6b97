package cn.minhang.citymgmt.tables;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import scala.Option;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;

/**
 * The data files of a table's fiscal years at one Delta version, from the table's log alone (no
 * data read): what a reader of year Y at that version opens. Two versions hold the same rows of Y
 * when they list the same files for Y, because Delta files are immutable. Table maintenance uses
 * it to tell whether the files of a year's publication are still live, and the restatements view
 * whether a previous publication's files still exist.
 */
public final class YearFiles {
    private YearFiles() {
    }

    /** Fiscal year → the paths (as the log records them, relative to the table) of its files at {@code version}. */
    public static Map<Integer, Set<String>> at(SparkSession spark, String tablePath, long version) {
        return byYear(DeltaLog.forTable(spark, tablePath).getSnapshotAt(version, Option.empty(), Option.empty()));
    }

    /** The table's latest version, read from its log now, with its files per fiscal year. */
    public static Version latest(SparkSession spark, String tablePath) {
        Snapshot snapshot = latestSnapshot(spark, tablePath);
        return new Version(snapshot.version(), byYear(snapshot));
    }

    /** One version of a table and its files per fiscal year. */
    public record Version(long version, Map<Integer, Set<String>> files) {
        public Set<String> of(int year) {
            return files.getOrDefault(year, Set.of());
        }
    }

    private static Snapshot latestSnapshot(SparkSession spark, String tablePath) {
        return DeltaLog.forTable(spark, tablePath).update(false, Option.empty(), Option.empty());
    }

    private static Map<Integer, Set<String>> byYear(Snapshot snapshot) {
        Map<Integer, Set<String>> files = new TreeMap<>();
        for (Row r : snapshot.allFiles().toDF()
                .select(col("partitionValues").getItem(DeltaWarehouse.FISCAL_YEAR).as("year"), col("path"))
                .collectAsList()) {
            String year = r.getString(0);
            if (year != null) {
                files.computeIfAbsent(Integer.parseInt(year), y -> new TreeSet<>()).add(r.getString(1));
            }
        }
        return files;
    }

    /** The file a log path names: absolute paths as they are, relative ones under the table (Delta's own rule). */
    public static Path resolve(String tablePath, String logPath) {
        try {
            Path p = new Path(new URI(logPath));
            return p.isAbsolute() ? p : new Path(new Path(tablePath), p);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the log of " + tablePath + " names a file that is no URI: " + logPath, e);
        }
    }

    /**
     * True when year {@code year} of the table can be read at {@code version}: its log still
     * reconstructs that version and every file it lists for the year exists.
     */
    public static boolean readable(SparkSession spark, String tablePath, long version, int year) {
        try {
            Set<String> files = at(spark, tablePath, version).getOrDefault(year, Set.of());
            FileSystem fs = new Path(tablePath).getFileSystem(spark.sparkContext().hadoopConfiguration());
            for (String f : files) {
                if (!fs.exists(resolve(tablePath, f))) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            // A version the log no longer reconstructs (Scala throws checked exceptions undeclared), or an unreachable file system.
            return false;
        }
    }
}
