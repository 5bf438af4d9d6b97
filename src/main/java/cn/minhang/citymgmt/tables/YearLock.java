package cn.minhang.citymgmt.tables;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One run per fiscal year at a time: a lock file {@code <warehouse>/_locks/fiscal_year=<Y>.lock}
 * that a run creates before it writes anything and removes when it is done. Runs of different
 * years take different files and run side by side; a second run of a year that is in progress
 * fails at once with {@link HeldException}, which names the holder.
 *
 * <h2>Why a lock file and not Delta's optimistic concurrency</h2>
 * A run replaces year Y of some twenty tables, one Delta commit per table. Delta only fails a
 * writer whose <em>commit</em> conflicts with one committed since it read the table, and only for
 * that one table: two runs of the same year would each replace the year table after table, the
 * second overwriting the first wherever its commit came later (a {@code replaceWhere} is a
 * blind overwrite and often does not conflict at all), so the warehouse would end up with
 * {@code unit_metrics} of one run beside {@code indicator_scores} of the other — tables that
 * no longer agree, each of them a valid commit. Runs of different years, on the other hand,
 * write disjoint partitions, and Delta lets {@code replaceWhere} commits on disjoint partitions
 * through without a conflict, which is what lets them run at once. So the unit of exclusion is
 * the whole run of one year, before its first table, and only a lock of its own can say that.
 *
 * <h2>Creation is atomic</h2>
 * On the local file system the lock is created with {@link Files#createFile} (O_CREAT|O_EXCL);
 * on any other file system with Hadoop's {@code FileSystem.create(path, false)}, which fails if
 * the file exists (atomic on HDFS, and on object stores with conditional create). Which is which
 * is decided by the file system the warehouse path resolves to, so a path without a scheme goes
 * where Delta writes it: the local disk by default, HDFS when {@code fs.defaultFS} says so.
 *
 * <h2>A holder that died</h2>
 * The file holds a few {@code key=value} lines: the holder's run id, host name, pid and start
 * time. A run killed with {@code kill -9} leaves its lock behind. When the lock names this host
 * and no live process has that pid (or the process that has it now started after the lock was
 * taken: the pid was reused, as after a container restart), the lock is stale and is taken over:
 * deleted, and creation tried once more. The caller asks {@link #tookOverStaleLock()} and
 * {@link #staleHolder()} to log it. A lock that names another host is never taken over: this
 * host cannot see that host's processes, and the message says how to remove the file by hand
 * once the holder is known to be gone.
 *
 * <p>Several runs may find the same stale lock at once, and "read it, see it is stale, delete
 * it" is not atomic: a run that read the stale lock could delete the fresh lock another run has
 * just put in its place, and both would go on. So a takeover is itself exclusive: the run that
 * creates {@code fiscal_year=<Y>.lock.takeover} (O_EXCL again) reads the lock once more, deletes
 * it only if it is still byte for byte the stale one, and removes the guard; the others wait for
 * the guard to go and then try once more, so exactly one run gets the year. Only a run killed in
 * the instant between creating and removing the guard leaves it behind; the next run then says
 * which file to remove by hand.
 */
public final class YearLock implements AutoCloseable {
    /** The folder of the lock files, under the warehouse root (not a table: it has no _delta_log). */
    public static final String LOCKS_DIR = "_locks";
    /** How long a reader waits for a file that was just created to get its content, or for a takeover to finish. */
    private static final Duration CONTENT_WAIT = Duration.ofSeconds(2);
    /** ProcessHandle's start time comes from the boot time in whole seconds: allow for that. */
    private static final Duration START_TIME_SLACK = Duration.ofSeconds(5);

    private final Folder folder;
    private final String name;
    private final int year;
    private final Holder holder;
    private final byte[] content;
    private final Holder staleHolder;
    private boolean released;

    private YearLock(Folder folder, String name, int year, Holder holder, byte[] content, Holder staleHolder) {
        this.folder = folder;
        this.name = name;
        this.year = year;
        this.holder = holder;
        this.content = content;
        this.staleHolder = staleHolder;
    }

    /**
     * Takes the lock of {@code year} in {@code warehouseRoot} for the run {@code runId}.
     *
     * @throws HeldException when another run holds it (a live process, or a holder on another host)
     * @throws UncheckedIOException when the lock folder or file cannot be read or written
     */
    public static YearLock acquire(Configuration conf, String warehouseRoot, int year, String runId) {
        Folder folder = Folder.of(conf, warehouseRoot);
        String name = "fiscal_year=" + year + ".lock";
        String guard = name + ".takeover";
        Holder me = new Holder(runId, hostName(), ProcessHandle.current().pid(), Instant.now());
        byte[] content = me.format(year).getBytes(StandardCharsets.UTF_8);
        try {
            folder.create();
            if (folder.create(name, content)) {
                return new YearLock(folder, name, year, me, content, null);
            }
            byte[] found = folder.readSettled(name);
            if (found == null) {
                // Released between our attempt and the read: one more attempt.
                return retry(folder, name, year, me, content, null);
            }
            Holder holder = Holder.parse(found);
            if (!holder.isStaleOn(me.host())) {
                throw HeldException.held(folder.show(name), year, holder, me.host());
            }
            if (!folder.create(guard, content)) {
                // Another run is taking the stale lock over: once it is done, the lock names whoever won.
                if (!folder.awaitGone(guard)) {
                    throw HeldException.takeoverLeftBehind(folder.show(name), folder.show(guard), year, holder,
                            Holder.parse(Objects.requireNonNullElse(folder.read(guard), new byte[0])));
                }
                return retry(folder, name, year, me, content, null);
            }
            boolean removed = false;
            try {
                if (Arrays.equals(folder.read(name), found)) {
                    folder.delete(name);
                    removed = true;
                }
            } finally {
                folder.delete(guard);
            }
            // Not removed: the lock changed while we looked (released, or taken over by a run that held the guard before us).
            return retry(folder, name, year, me, content, removed ? holder : null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the lock " + folder.show(name) + " of fiscal year " + year + ": "
                    + e.getMessage(), e);
        }
    }

    /** The one more attempt after a lock went away: whoever created it in between holds it. */
    private static YearLock retry(Folder folder, String name, int year, Holder me, byte[] content, Holder stale) throws IOException {
        if (folder.create(name, content)) {
            return new YearLock(folder, name, year, me, content, stale);
        }
        byte[] found = folder.readSettled(name);
        throw HeldException.held(folder.show(name), year, found == null ? Holder.UNKNOWN : Holder.parse(found), me.host());
    }

    /** True when this lock was taken over from a holder on this host whose process is gone. */
    public boolean tookOverStaleLock() {
        return staleHolder != null;
    }

    /** The dead holder whose lock this one replaced, for the caller to log. */
    public Optional<Holder> staleHolder() {
        return Optional.ofNullable(staleHolder);
    }

    /** The lock file: its local path on the local disk, else its qualified Hadoop path ({@code hdfs://…}). */
    public String lockFile() {
        return folder.show(name);
    }

    public int year() {
        return year;
    }

    /** What this lock's file says: this run, host, pid and the time it was taken. */
    public Holder holder() {
        return holder;
    }

    /**
     * Releases the lock: deletes the file if it is still this run's (a lock removed by hand and
     * taken by another run is left to that run). Calling it again does nothing.
     */
    @Override
    public synchronized void close() {
        if (released) {
            return;
        }
        released = true;
        try {
            if (Arrays.equals(folder.read(name), content)) {
                folder.delete(name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the lock " + lockFile() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "YearLock[" + lockFile() + ", " + holder + "]";
    }

    /** This host's name as locks record it; "unknown-host" when the system cannot tell. */
    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "unknown-host" : env;
        }
    }

    /** Who holds a lock, as its file says; fields it does not say are null, pid -1. */
    public record Holder(String runId, String host, long pid, Instant startedAt) {
        static final Holder UNKNOWN = new Holder(null, null, -1, null);

        String format(int year) {
            return "# lock of one evaluation run of a fiscal year; see YearLock\n"
                    + "fiscal_year=" + year + "\n"
                    + "run_id=" + runId + "\n"
                    + "host=" + host + "\n"
                    + "pid=" + pid + "\n"
                    + "started_at=" + startedAt + "\n";
        }

        static Holder parse(byte[] content) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String line : new String(content, StandardCharsets.UTF_8).split("\\R")) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
            long pid = -1;
            try {
                pid = Long.parseLong(values.getOrDefault("pid", "-1"));
            } catch (NumberFormatException e) {
                // A damaged file: the pid stays unknown, and an unknown holder is never taken over.
            }
            Instant started = null;
            try {
                started = values.containsKey("started_at") ? Instant.parse(values.get("started_at")) : null;
            } catch (DateTimeParseException e) {
                // As above.
            }
            return new Holder(values.get("run_id"), values.get("host"), pid, started);
        }

        /** Complete: every field there, as a holder writes them in one go. */
        boolean complete() {
            return runId != null && host != null && pid > 0 && startedAt != null;
        }

        /**
         * Stale: a holder on {@code thisHost} with no live process of its pid, or whose pid now
         * belongs to a process that started after the lock was taken. Anything else, including a
         * holder on another host or a file that does not say, is taken to be alive.
         */
        boolean isStaleOn(String thisHost) {
            if (!complete() || !host.equalsIgnoreCase(thisHost)) {
                return false;
            }
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            if (process.isEmpty() || !process.get().isAlive()) {
                return true;
            }
            Optional<Instant> processStart = process.get().info().startInstant();
            return processStart.isPresent() && processStart.get().isAfter(startedAt.plus(START_TIME_SLACK));
        }

        String describe() {
            return "run " + orUnknown(runId) + " on host " + orUnknown(host) + ", pid " + (pid > 0 ? pid : "unknown")
                    + ", started " + (startedAt == null ? "at an unknown time" : startedAt);
        }

        private static String orUnknown(String s) {
            return s == null ? "unknown" : s;
        }
    }

    /** Another run holds the year: nothing may be written. Names the lock file and its holder. */
    public static final class HeldException extends RuntimeException {
        private final String lockFile;
        private final int year;
        private final Holder holder;

        private HeldException(String lockFile, int year, Holder holder, String message) {
            super(message);
            this.lockFile = lockFile;
            this.year = year;
            this.holder = holder;
        }

        /** A takeover guard that did not go away: its run was killed while taking a stale lock over. */
        static HeldException takeoverLeftBehind(String lockFile, String guard, int year, Holder stale, Holder taker) {
            return new HeldException(lockFile, year, stale, "fiscal year " + year + ": the lock " + lockFile + " of "
                    + stale.describe() + " is stale, but a takeover of it did not finish: " + guard + " names "
                    + taker.describe() + ". If no run of " + year + " is in progress, remove " + guard + " and "
                    + lockFile + " by hand and run again.");
        }

        /** The lock is held by {@code holder}, alive or on another host. */
        static HeldException held(String lockFile, int year, Holder holder, String thisHost) {
            return new HeldException(lockFile, year, holder, message(lockFile, year, holder, thisHost));
        }

        private static String message(String lockFile, int year, Holder holder, String thisHost) {
            String held = "fiscal year " + year + " is already being evaluated in this warehouse: the lock " + lockFile
                    + " is held by " + holder.describe() + ". ";
            if (!holder.complete()) {
                return held + "The lock file is incomplete (a run may be creating it right now). If no run of " + year
                        + " is in progress, remove " + lockFile + " by hand and run again.";
            }
            if (holder.host().equalsIgnoreCase(thisHost)) {
                return held + "That process is still alive on this host: wait for it to finish (or stop it), then run again.";
            }
            return held + "A lock of another host is never taken over automatically. Wait for that run to finish; "
                    + "if it is gone (on " + holder.host() + ", no process " + holder.pid() + " of that run, e.g. `ps -p "
                    + holder.pid() + "` shows nothing), remove " + lockFile + " by hand (`hadoop fs -rm` or `rm`) and run again.";
        }

        public String lockFile() {
            return lockFile;
        }

        public int year() {
            return year;
        }

        /** The holder as the lock file names it (fields it does not name are null, pid -1). */
        public Holder holder() {
            return holder;
        }
    }

    /**
     * The {@code _locks} folder on its file system: local files through java.nio, others through
     * Hadoop. Every change is a create that fails if the file exists, or a delete.
     */
    private abstract static class Folder {
        static Folder of(Configuration conf, String warehouseRoot) {
            Path path = new Path(warehouseRoot, LOCKS_DIR);
            try {
                FileSystem fs = path.getFileSystem(conf);
                Path qualified = fs.makeQualified(path);
                if ("file".equalsIgnoreCase(fs.getScheme())) {
                    return new Local(java.nio.file.Path.of(qualified.toUri().getPath()));
                }
                return new Hadoop(fs, qualified);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot reach the file system of " + path + ": " + e.getMessage(), e);
            }
        }

        abstract void create() throws IOException;

        /** Creates the file {@code name} with {@code content} unless it exists: false when it does. */
        abstract boolean create(String name, byte[] content) throws IOException;

        /** The file's content, or null when there is no such file. */
        abstract byte[] read(String name) throws IOException;

        abstract void delete(String name) throws IOException;

        /** The file as messages name it: a local path on the local disk, else a qualified Hadoop path. */
        abstract String show(String name);

        /** The content once its creator has written it: a file read right after its creation may still be empty. */
        byte[] readSettled(String name) throws IOException {
            long deadline = System.nanoTime() + CONTENT_WAIT.toNanos();
            byte[] found = read(name);
            while (found != null && !Holder.parse(found).complete() && System.nanoTime() < deadline) {
                pause();
                found = read(name);
            }
            return found;
        }

        /** Waits for the file to go away: true when it did within {@link #CONTENT_WAIT}. */
        boolean awaitGone(String name) throws IOException {
            long deadline = System.nanoTime() + CONTENT_WAIT.toNanos();
            while (read(name) != null) {
                if (System.nanoTime() >= deadline) {
                    return false;
                }
                pause();
            }
            return true;
        }

        private static void pause() {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a lock file", e);
            }
        }
    }

    private static final class Local extends Folder {
        private final java.nio.file.Path dir;

        Local(java.nio.file.Path dir) {
            this.dir = dir;
        }

        @Override
        void create() throws IOException {
            Files.createDirectories(dir);
        }

        @Override
        boolean create(String name, byte[] content) throws IOException {
            java.nio.file.Path file = dir.resolve(name);
            try {
                Files.createFile(file); // O_CREAT | O_EXCL: of several creators exactly one succeeds
            } catch (FileAlreadyExistsException e) {
                return false;
            }
            Files.write(file, content, StandardOpenOption.WRITE);
            return true;
        }

        @Override
        byte[] read(String name) throws IOException {
            try {
                return Files.readAllBytes(dir.resolve(name));
            } catch (NoSuchFileException e) {
                return null;
            }
        }

        @Override
        void delete(String name) throws IOException {
            Files.deleteIfExists(dir.resolve(name));
        }

        @Override
        String show(String name) {
            return dir.resolve(name).toString(); // what rm takes
        }
    }

    private static final class Hadoop extends Folder {
        private final FileSystem fs;
        private final Path dir;

        Hadoop(FileSystem fs, Path dir) {
            this.fs = fs;
            this.dir = dir;
        }

        @Override
        void create() throws IOException {
            fs.mkdirs(dir);
        }

        @Override
        boolean create(String name, byte[] content) throws IOException {
            Path file = new Path(dir, name);
            FSDataOutputStream out;
            try {
                out = fs.create(file, false); // fails if the file exists: atomic on HDFS
            } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
                return false;
            } catch (IOException e) {
                // HDFS reports a file another client is creating right now as a remote exception of its own.
                if (fs.exists(file)) {
                    return false;
                }
                throw e;
            }
            try (out) {
                out.write(content);
            }
            return true;
        }

        @Override
        byte[] read(String name) throws IOException {
            try (FSDataInputStream in = fs.open(new Path(dir, name))) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                in.transferTo(bytes);
                return bytes.toByteArray();
            } catch (FileNotFoundException e) {
                return null;
            }
        }

        @Override
        void delete(String name) throws IOException {
            fs.delete(new Path(dir, name), false);
        }

        @Override
        String show(String name) {
            return new Path(dir, name).toString();
        }
    }
}
