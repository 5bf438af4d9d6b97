package cn.minhang.citymgmt.maintenance;

import cn.minhang.citymgmt.tables.WarehouseTables;
import cn.minhang.citymgmt.tables.DeltaWarehouse;
import cn.minhang.citymgmt.tables.Publication;
import cn.minhang.citymgmt.tables.PublishedReader;
import cn.minhang.citymgmt.tables.YearFiles;
import cn.minhang.citymgmt.tables.YearLock;
import io.delta.tables.DeltaTable;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Keeps the warehouse's Delta tables small: compacts each published year's files (OPTIMIZE) and
 * deletes files no reader needs any more (VACUUM), without ever breaking a publication.
 *
 * <h2>The invariant</h2>
 * With N = {@code maintenance.retention_days}: <b>every publication of the last N days, and the
 * latest publication of every year however old, stay readable by time travel</b> (every table at
 * the version the publication names, the year's rows exactly as they were published).
 *
 * <h2>Why it holds</h2>
 * A reader of year Y at version v opens the files the log of v lists for Y. That needs (1) the log
 * to reconstruct v and (2) those files to exist. Delta files are immutable, so (2) is all about
 * deletion, and only VACUUM deletes: it deletes a file that the latest version does not list
 * (removed by a commit, or never committed) and whose removal (or, with no record of one, its
 * modification time) is older than the retention. Files of a year are removed only by commits of
 * that year: a run's {@code replaceWhere} of Y, or OPTIMIZE of Y (runs of other years write other
 * partitions).
 * <ul>
 *   <li><b>Latest publication of every year.</b> If its files of Y are all live (listed by the latest
 *       version) VACUUM cannot delete them, whatever their age. They stop being live in two ways.
 *       (a) A later run of Y wrote the table but did not publish (failed, stopped, killed, still
 *       running): {@link PublicationGuard} compares, per table and year, the files of the version
 *       the current publication names with the latest version's, and <em>holds</em> VACUUM of the
 *       table (reported, with the year and why) while they differ. The check is made before VACUUM,
 *       and a removal after it is younger than the retention, so a run starting meanwhile cannot
 *       slip through. (b) OPTIMIZE: it is run per year only ({@code optimize().where("fiscal_year =
 *       Y")}), under the year's {@link YearLock} (a year whose lock is held by a run is skipped and
 *       reported), only when the guard finds the year's published files live in every table (so it
 *       compacts exactly the published rows, never an unpublished write), and it is followed, still
 *       under the lock, by a new publication of Y naming the compacted versions: the same rows (an
 *       OPTIMIZE commit changes no data), under a run id starting with {@code maintenance-}, which
 *       the restatements view folds into the publication before it. The year's latest publication
 *       is then the compacted one, whose files are live.</li>
 *   <li><b>Publications of the last N days.</b> VACUUM runs with {@code RETAIN N*24 HOURS}. A file of
 *       a publication P made at time t is live at t (a run publishes what it just wrote; maintenance
 *       what it just compacted, under the lock), so it can only have been removed after t, that is
 *       less than N days ago: VACUUM keeps it. For this VACUUM must know when every file was
 *       removed: it learns it from the tombstones in the log, which Delta keeps for
 *       {@code delta.deletedFileRetentionDuration}. Were that shorter than N (Delta's default is 7
 *       days), a file removed 10 days ago would have lost its tombstone and be judged by its
 *       modification time, perhaps months old, and deleted. So every table gets
 *       {@code delta.deletedFileRetentionDuration = interval N days}, and VACUUM is held on a table
 *       until it has it.</li>
 *   <li><b>The log.</b> Delta deletes log entries older than {@code delta.logRetentionDuration}
 *       (default 30 days) whenever it writes a checkpoint (every 10 commits, by any writer), and a
 *       version whose log is gone cannot be time-travelled to even if its files exist. The latest
 *       publication of a year that is not rerun names a version that grows old without bound, so no
 *       finite horizon measured from today covers it: every table gets
 *       {@code delta.logRetentionDuration = interval 36500 days} (in effect: never; at least N days,
 *       so the log of the last N days' versions is never cleaned before their files). The price is
 *       the log itself: one small JSON file per commit plus a checkpoint every ten, which lists
 *       only live files and so stays small once years are compacted.</li>
 * </ul>
 * Publications older than N days that are no longer their year's latest may become unreadable:
 * that is what VACUUM is for. The restatements view and the report then stop listing that
 * restatement instead of failing.
 *
 * <h2>What else can go wrong</h2>
 * Setting the two properties is a metadata commit, and Delta fails a concurrent write of the same
 * table after one (MetadataChangedException): the properties are only set when they differ (the
 * first maintenance, or a new retention), and not while any year's lock is held; the table's
 * VACUUM is held until they are set. OPTIMIZE of year Y does not conflict with runs of other
 * years (their commits read and write other partitions, and compaction adds no data). Retentions
 * below Delta's 7-day safety check exist only for tests ({@link #withRetention}); for them the
 * check is switched off in a session of VACUUM's own, never globally.
 */
public final class TableMaintenance {
    /** {@code maintenance.retention_days} may not go below this (Delta's own VACUUM safety check is 7 days). */
    public static final int MIN_RETENTION_DAYS = 7;
    public static final String DELETED_FILE_RETENTION = "delta.deletedFileRetentionDuration";
    public static final String LOG_RETENTION = "delta.logRetentionDuration";
    /** The log is kept in effect for ever: the latest publication of a year may be any age. */
    public static final long LOG_RETENTION_DAYS = cn.minhang.citymgmt.tables.DeltaWarehouse.LOG_RETENTION_DAYS;
    /**
     * The run logs ({@code job_runs}, {@code publications}) get one small file per run, and every
     * compaction of a year appends a publication: they are compacted from this many files of a year
     * on, so that a maintenance right after another finds nothing to do.
     */
    static final int LOG_FILES_TO_COMPACT = 10;
    private static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";
    private static final String LISTING_PARALLELISM = "spark.sql.sources.parallelPartitionDiscovery.parallelism";

    private final SparkSession spark;
    private final String root;
    private final Duration retention;
    private final String runId;

    /** Maintenance of the warehouse at {@code root} keeping every publication of the last {@code retentionDays} days. */
    public TableMaintenance(SparkSession spark, String root, int retentionDays) {
        this(spark, root, Duration.ofDays(retentionDays));
        if (retentionDays < MIN_RETENTION_DAYS) {
            throw new IllegalArgumentException("the retention must be at least " + MIN_RETENTION_DAYS + " days, got " + retentionDays);
        }
    }

    private TableMaintenance(SparkSession spark, String root, Duration retention) {
        this.spark = spark;
        this.root = root.endsWith("/") && root.length() > 1 ? root.substring(0, root.length() - 1) : root;
        this.retention = retention;
        this.runId = newRunId();
    }

    /**
     * For tests only: any retention, zero included, so that a test can watch VACUUM delete what it
     * deletes after the retention without waiting for it.
     */
    static TableMaintenance withRetention(SparkSession spark, String root, Duration retention) {
        return new TableMaintenance(spark, root, retention);
    }

    static String newRunId() {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC).format(Instant.now());
        return Publication.MAINTENANCE_RUN_PREFIX + stamp + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String runId() {
        return runId;
    }

    public Duration retention() {
        return retention;
    }

    /** What one table went through. */
    public record TableResult(String table, long filesBefore, long bytesBefore, long filesAfter, long bytesAfter,
                              List<Integer> compactedYears, String vacuum, boolean failed) {
    }

    /** What one published year went through: compacted and republished, nothing to do, or skipped and why. */
    public record YearResult(int year, String outcome) {
    }

    /** The whole run, for the report. */
    public record Result(String warehouse, String runId, Duration retention, boolean dryRun, List<TableResult> tables,
                         List<YearResult> years, List<String> holds) {
        public boolean failed() {
            return tables.stream().anyMatch(TableResult::failed);
        }

        public long filesBefore() {
            return tables.stream().mapToLong(TableResult::filesBefore).sum();
        }

        public long bytesBefore() {
            return tables.stream().mapToLong(TableResult::bytesBefore).sum();
        }

        public long filesAfter() {
            return tables.stream().mapToLong(TableResult::filesAfter).sum();
        }

        public long bytesAfter() {
            return tables.stream().mapToLong(TableResult::bytesAfter).sum();
        }
    }

    /** Compacts and vacuums every table (or, with {@code dryRun}, says what it would do and changes nothing). */
    public Result run(boolean dryRun) {
        List<String> tables = new ArrayList<>(new TreeSet<>(WarehouseTables.open(spark, root, true).tables().keySet()));
        Map<String, long[]> before = new TreeMap<>();
        tables.forEach(t -> before.put(t, fileStats(t)));
        Map<String, String> failures = new TreeMap<>();
        Map<String, String> vacuum = new TreeMap<>();

        // 1. The retention properties, without which VACUUM is not safe (see the class comment).
        Set<Integer> running = lockedYears();
        Set<String> propertiesMissing = new TreeSet<>();
        for (String t : tables) {
            try {
                if (!hasProperties(t)) {
                    if (dryRun) {
                        vacuum.put(t, "would set " + DELETED_FILE_RETENTION + " and " + LOG_RETENTION + " first");
                    } else if (!running.isEmpty()) {
                        propertiesMissing.add(t);
                    } else {
                        setProperties(t);
                    }
                }
            } catch (RuntimeException e) {
                failures.put(t, "cannot set its retention properties: " + PublicationGuard.firstLine(e.getMessage()));
            }
        }

        // 2. Compaction, year by year under the year's lock, each compacted year republished.
        Map<String, List<Integer>> compacted = new TreeMap<>();
        List<YearResult> years = new ArrayList<>();
        List<Publication> publications = Publication.all(spark, root);
        for (int year : Publication.current(publications).keySet()) {
            years.add(dryRun ? wouldCompact(year, tables) : compact(year, tables, compacted, failures));
        }

        // 3. The guard, after compaction (which republished what it compacted), then VACUUM.
        Map<Integer, Publication> current = Publication.current(Publication.all(spark, root));
        List<String> holdLines = new ArrayList<>();
        for (String t : tables) {
            if (failures.containsKey(t)) {
                vacuum.put(t, "failed: " + failures.get(t));
                continue;
            }
            if (propertiesMissing.contains(t)) {
                vacuum.put(t, "held: retention properties not set yet");
                holdLines.add(t + ": its retention properties are not set yet, and a run holds the lock of fiscal year "
                        + running.iterator().next() + " (setting them is a metadata commit, which would fail that run's write of the table);"
                        + " run maintenance again when no run is in progress");
                continue;
            }
            try {
                List<PublicationGuard.Hold> holds = PublicationGuard.check(spark, root, current, t);
                if (!holds.isEmpty()) {
                    vacuum.put(t, "held: year " + String.join(", ", holds.stream().map(h -> String.valueOf(h.year())).toList())
                            + " has an unpublished write");
                    holds.forEach(h -> holdLines.add(h.describe()));
                    continue;
                }
                String first = dryRun && vacuum.containsKey(t) ? vacuum.get(t) + ", then " : "";
                vacuum.put(t, first + vacuum(t, dryRun));
            } catch (RuntimeException e) {
                failures.put(t, PublicationGuard.firstLine(e.getMessage()));
                vacuum.put(t, "failed: " + failures.get(t));
            }
        }

        List<TableResult> results = new ArrayList<>();
        for (String t : tables) {
            long[] b = before.get(t);
            long[] a = dryRun ? afterDryRun(b, vacuum.get(t)) : fileStats(t);
            results.add(new TableResult(t, b[0], b[1], a[0], a[1], compacted.getOrDefault(t, List.of()), vacuum.get(t), failures.containsKey(t)));
        }
        return new Result(root, runId, retention, dryRun, results, years, holdLines);
    }

    // ---------------------------------------------------------------- compaction

    /** Compacts year {@code year} of every table its current publication names, and republishes it. */
    private YearResult compact(int year, List<String> tables, Map<String, List<Integer>> compacted, Map<String, String> failures) {
        YearLock lock;
        try {
            lock = YearLock.acquire(spark.sparkContext().hadoopConfiguration(), root, year, runId);
        } catch (YearLock.HeldException e) {
            YearLock.Holder h = e.holder();
            return new YearResult(year, "skipped: a run holds its lock " + e.lockFile() + " (run " + h.runId() + " on host " + h.host()
                    + ", pid " + h.pid() + "); maintain it after that run");
        }
        try (lock) {
            // Read again under the lock: a run may have published the year since.
            Publication published = Publication.current(Publication.all(spark, root)).get(year);
            List<String> named = published.tableVersions().keySet().stream().filter(tables::contains).sorted().toList();
            List<PublicationGuard.Hold> holds = new ArrayList<>();
            for (String t : named) {
                PublicationGuard.check(spark, root, Map.of(year, published), t).forEach(holds::add);
            }
            if (!holds.isEmpty()) {
                return new YearResult(year, "skipped: " + String.join(", ", holds.stream().map(PublicationGuard.Hold::table).toList())
                        + " hold an unpublished write of the year (not compacted, not vacuumed)");
            }
            Map<String, Long> versions = new TreeMap<>(published.tableVersions());
            List<String> done = new ArrayList<>();
            List<String> tablesOfYear = new ArrayList<>(named);
            PublishedReader.LOGS.stream().filter(tables::contains).sorted().forEach(tablesOfYear::add);
            for (String t : tablesOfYear) {
                try {
                    Long version = compactTable(t, year, PublishedReader.LOGS.contains(t) ? LOG_FILES_TO_COMPACT : 2);
                    if (version != null) {
                        compacted.computeIfAbsent(t, k -> new ArrayList<>()).add(year);
                        done.add(t);
                        if (versions.containsKey(t)) {
                            versions.put(t, version);
                        }
                    }
                } catch (RuntimeException e) {
                    failures.put(t, "cannot compact fiscal year " + year + ": " + PublicationGuard.firstLine(e.getMessage()));
                }
            }
            if (versions.equals(published.tableVersions())) {
                return new YearResult(year, done.isEmpty() ? "nothing to compact"
                        : "compacted " + String.join(", ", done) + " (logs, read at their latest: no republication)");
            }
            new DeltaWarehouse(root, runId).publish(spark, year, Instant.now(), versions);
            return new YearResult(year, "compacted " + done.size() + " table(s) and republished as " + runId
                    + " (the rows of run " + published.runId() + ", unchanged)");
        }
    }

    /**
     * Compacts year {@code year} of one table: the version holding the compacted files, or null when
     * the year had fewer than {@code minFiles} files (nothing to compact).
     */
    private Long compactTable(String table, int year, int minFiles) {
        String path = root + "/" + table;
        Set<String> files = YearFiles.latest(spark, path).of(year);
        if (files.size() < minFiles) {
            return null;
        }
        DeltaTable.forPath(spark, path).optimize().where(DeltaWarehouse.FISCAL_YEAR + " = " + year).executeCompaction();
        // Runs of other years may have committed since; they leave this year's files as OPTIMIZE left them,
        // and no run of this year can (we hold its lock): the latest version reads the compacted year.
        YearFiles.Version after = YearFiles.latest(spark, path);
        return after.of(year).equals(files) ? null : after.version();
    }

    private YearResult wouldCompact(int year, List<String> tables) {
        Publication published = Publication.current(Publication.all(spark, root)).get(year);
        if (lockedYears().contains(year)) {
            return new YearResult(year, "would skip: a run holds its lock");
        }
        List<String> candidates = new ArrayList<>();
        List<String> held = new ArrayList<>();
        for (String t : published.tableVersions().keySet().stream().filter(tables::contains).sorted().toList()) {
            if (!PublicationGuard.check(spark, root, Map.of(year, published), t).isEmpty()) {
                held.add(t);
            } else {
                int n = YearFiles.latest(spark, root + "/" + t).of(year).size();
                if (n >= 2) {
                    candidates.add(t + " (" + n + " files)");
                }
            }
        }
        if (!held.isEmpty()) {
            return new YearResult(year, "would skip: " + String.join(", ", held) + " hold an unpublished write of the year");
        }
        return new YearResult(year, candidates.isEmpty() ? "nothing to compact"
                : "would compact " + String.join(", ", candidates) + " and republish");
    }

    /** Years whose lock file exists: a run of that year is in progress (or was killed and not yet taken over). */
    private Set<Integer> lockedYears() {
        Set<Integer> years = new TreeSet<>();
        Path dir = new Path(root, YearLock.LOCKS_DIR);
        try {
            FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(dir)) {
                return years;
            }
            for (FileStatus f : fs.listStatus(dir)) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("fiscal_year=(\\d+)\\.lock").matcher(f.getPath().getName());
                if (m.matches()) {
                    years.add(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return years;
    }

    // ---------------------------------------------------------------- properties and VACUUM

    /** The properties this maintenance needs, as Delta writes their values. */
    Map<String, String> requiredProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(DELETED_FILE_RETENTION, interval(retention));
        p.put(LOG_RETENTION, "interval " + Math.max(LOG_RETENTION_DAYS, retention.toDays()) + " days");
        return p;
    }

    static String interval(Duration d) {
        return d.toSeconds() % 86_400 == 0 ? "interval " + d.toDays() + " days" : "interval " + d.toSeconds() + " seconds";
    }

    private boolean hasProperties(String table) {
        Map<String, String> actual = DeltaTable.forPath(spark, root + "/" + table).detail().select("properties").first().getJavaMap(0);
        return requiredProperties().entrySet().stream().allMatch(e -> e.getValue().equals(actual.get(e.getKey())));
    }

    private void setProperties(String table) {
        StringBuilder props = new StringBuilder();
        requiredProperties().forEach((k, v) -> props.append(props.length() == 0 ? "" : ", ").append('\'').append(k).append("' = '").append(v).append('\''));
        spark.sql("ALTER TABLE " + identifier(table) + " SET TBLPROPERTIES (" + props + ")");
    }

    private String identifier(String table) {
        return "delta.`" + (root + "/" + table).replace("`", "``") + "`";
    }

    /** VACUUM with the retention: what it deleted, or with {@code dryRun} what it would delete. */
    private String vacuum(String table, boolean dryRun) {
        // A session of VACUUM's own. Delta lists the table's files in as many tasks as Spark's partition discovery
        // allows, 10,000 by default; a table of this job has a folder per year, and those tasks were most of its time.
        SparkSession session = spark.newSession();
        session.conf().set(LISTING_PARALLELISM, String.valueOf(Math.max(2, spark.sparkContext().defaultParallelism())));
        if (retention.compareTo(Duration.ofDays(MIN_RETENTION_DAYS)) < 0) {
            // Tests only (withRetention): Delta's safety check refuses less than 7 days; off in this session alone.
            session.conf().set(RETENTION_CHECK, "false");
        }
        String hours = String.valueOf(retention.toHours());
        if (dryRun) {
            List<Row> paths = session.sql("VACUUM " + identifier(table) + " RETAIN " + hours + " HOURS DRY RUN").collectAsList();
            long bytes = 0;
            try {
                FileSystem fs = new Path(root).getFileSystem(spark.sparkContext().hadoopConfiguration());
                for (Row r : paths) {
                    Path p = new Path(r.getString(0));
                    if (fs.exists(p)) {
                        bytes += fs.getFileStatus(p).getLen();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return "would delete " + paths.size() + " files (" + String.format(Locale.ROOT, "%,d", bytes) + " bytes)";
        }
        long filesBefore = fileStats(table)[0];
        session.sql("VACUUM " + identifier(table) + " RETAIN " + hours + " HOURS").collectAsList();
        long deleted = filesBefore - fileStats(table)[0];
        return "done: " + deleted + (deleted == 1 ? " file" : " files") + " deleted";
    }

    private static long[] afterDryRun(long[] before, String vacuum) {
        if (vacuum == null) {
            return before;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("would delete (\\d+) files \\(([\\d,]+) bytes\\)").matcher(vacuum);
        if (!m.find()) {
            return before;
        }
        return new long[]{before[0] - Long.parseLong(m.group(1)), before[1] - Long.parseLong(m.group(2).replace(",", ""))};
    }

    /**
     * Files and bytes under the table folder, {@code _delta_log} excepted, as the file system has
     * them: unreferenced files (of failed writes, or removed and not yet vacuumed) count too. The
     * local file system's {@code .crc} checksum sidecars are left out (they go with their file).
     */
    long[] fileStats(String table) {
        Path dir = new Path(root + "/" + table);
        long files = 0;
        long bytes = 0;
        try {
            FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
            String log = fs.makeQualified(dir).toUri().getPath() + "/_delta_log/";
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
            while (it.hasNext()) {
                LocatedFileStatus f = it.next();
                String name = f.getPath().getName();
                if (f.getPath().toUri().getPath().startsWith(log) || name.startsWith(".") && name.endsWith(".crc")) {
                    continue;
                }
                files++;
                bytes += f.getLen();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return new long[]{files, bytes};
    }
}
