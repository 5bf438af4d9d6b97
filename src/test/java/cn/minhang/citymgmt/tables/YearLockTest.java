package cn.minhang.citymgmt.tables;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One run per fiscal year at a time, without Spark: the lock file, its holder, stale locks, races. */
class YearLockTest {
    private static final Configuration CONF = new Configuration();

    @TempDir
    Path warehouse;

    private Path lockFile(int year) {
        return warehouse.resolve("_locks/fiscal_year=" + year + ".lock");
    }

    private void writeLock(int year, String runId, String host, long pid, Instant started) throws IOException {
        Files.createDirectories(lockFile(year).getParent());
        Files.writeString(lockFile(year), new YearLock.Holder(runId, host, pid, started).format(year));
    }

    /** The pid of a process that has finished: started, waited for, gone. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertEquals(0, p.waitFor());
        long pid = p.pid();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " still alive");
        return pid;
    }

    private List<String> lockFolder() throws IOException {
        try (Stream<Path> files = Files.list(lockFile(2023).getParent())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aSecondRunOfTheSameYearFailsAndNamesTheHolder() throws IOException {
        try (YearLock first = YearLock.acquire(CONF, warehouse.toString(), 2023, "run-1")) {
            assertFalse(first.tookOverStaleLock());
            String content = Files.readString(lockFile(2023));
            assertThat(content).contains("run_id=run-1", "host=" + YearLock.hostName(),
                    "pid=" + ProcessHandle.current().pid(), "started_at=" + first.holder().startedAt());
            assertEquals(lockFile(2023).toAbsolutePath().toString(), first.lockFile(), "a path rm takes");

            assertThatThrownBy(() -> YearLock.acquire(CONF, warehouse.toString(), 2023, "run-2"))
                    .isInstanceOfSatisfying(YearLock.HeldException.class, e -> {
                        assertEquals("run-1", e.holder().runId());
                        assertEquals(2023, e.year());
                        assertEquals(first.lockFile(), e.lockFile());
                        assertThat(e.getMessage()).contains(first.lockFile(), "run-1", YearLock.hostName(),
                                "pid " + ProcessHandle.current().pid(), first.holder().startedAt().toString(), "still alive");
                    });
            // The loser changed nothing.
            assertEquals(content, Files.readString(lockFile(2023)));
        }
    }

    @Test
    void differentYearsRunAtOnce() {
        try (YearLock y2022 = YearLock.acquire(CONF, warehouse.toString(), 2022, "run-a");
             YearLock y2023 = YearLock.acquire(CONF, warehouse.toString(), 2023, "run-b")) {
            assertTrue(Files.exists(lockFile(2022)));
            assertTrue(Files.exists(lockFile(2023)));
            assertEquals(2022, y2022.year());
            assertEquals(2023, y2023.year());
        }
        assertFalse(Files.exists(lockFile(2022)));
        assertFalse(Files.exists(lockFile(2023)));
    }

    @Test
    void aReleasedYearCanBeTakenAgain() throws IOException {
        YearLock first = YearLock.acquire(CONF, warehouse.toString(), 2023, "run-1");
        first.close();
        first.close(); // idempotent
        assertFalse(Files.exists(lockFile(2023)));
        try (YearLock second = YearLock.acquire(CONF, warehouse.toString(), 2023, "run-2")) {
            assertFalse(second.tookOverStaleLock());
            assertThat(Files.readString(lockFile(2023))).contains("run_id=run-2");
            // A late close of the first run leaves the second's lock alone.
            first.close();
            assertTrue(Files.exists(lockFile(2023)));
        }
        assertThat(lockFolder()).isEmpty();
    }

    @Test
    void aWarehouseGivenAsAFileUriLocksTheSameFile() {
        try (YearLock lock = YearLock.acquire(CONF, warehouse.toUri().toString(), 2023, "run-1")) {
            assertTrue(Files.exists(lockFile(2023)));
            assertThatThrownBy(() -> YearLock.acquire(CONF, warehouse.toString(), 2023, "run-2"))
                    .isInstanceOf(YearLock.HeldException.class);
        }
    }

    @Test
    void aLockOfThisHostWhoseProcessIsGoneIsTakenOver() throws Exception {
        long pid = deadPid();
        writeLock(2023, "killed-run", YearLock.hostName(), pid, Instant.now().minusSeconds(60));
        try (YearLock lock = YearLock.acquire(CONF, warehouse.toString(), 2023, "run-2")) {
            assertTrue(lock.tookOverStaleLock());
            assertEquals("killed-run", lock.staleHolder().orElseThrow().runId());
            assertEquals(pid, lock.staleHolder().orElseThrow().pid());
            assertThat(Files.readString(lockFile(2023))).contains("run_id=run-2");
            assertThat(lockFolder()).containsExactly("fiscal_year=2023.lock");
        }
    }

    @Test
    void aLockWhosePidNowBelongsToALaterProcessIsTakenOver() throws Exception {
        // This JVM has the pid, but started long after the lock was taken: the holder was another process.
        writeLock(2023, "before-restart", YearLock.hostName(), ProcessHandle.current().pid(), Instant.parse("2020-01-01T00:00:00Z"));
        try (YearLock lock = YearLock.acquire(CONF, warehouse.toString(), 2023, "run-2")) {
            assertTrue(lock.tookOverStaleLock());
            assertEquals("before-restart", lock.staleHolder().orElseThrow().runId());
        }
    }

    @Test
    void aLockOfAnotherHostIsNeverTakenOver() throws Exception {
        long pid = deadPid();
        writeLock(2023, "remote-run", "other-host.invalid", pid, Instant.parse("2026-01-05T02:00:00Z"));
        String before = Files.readString(lockFile(2023));
        assertThatThrownBy(() -> YearLock.acquire(CONF, warehouse.toString(), 2023, "run-2"))
                .isInstanceOfSatisfying(YearLock.HeldException.class, e -> {
                    assertEquals("remote-run", e.holder().runId());
                    assertThat(e.getMessage()).contains(e.lockFile(), "remote-run", "other-host.invalid", "pid " + pid,
                            "2026-01-05T02:00:00Z", "never taken over automatically", "by hand");
                });
        assertEquals(before, Files.readString(lockFile(2023)));
    }

    @Test
    void aLockFileThatDoesNotNameItsHolderIsNeverTakenOver() throws Exception {
        Files.createDirectories(lockFile(2023).getParent());
        Files.writeString(lockFile(2023), "");
        assertThatThrownBy(() -> YearLock.acquire(CONF, warehouse.toString(), 2023, "run-2"))
                .isInstanceOf(YearLock.HeldException.class)
                .hasMessageContaining("incomplete").hasMessageContaining("by hand");
        assertEquals("", Files.readString(lockFile(2023), StandardCharsets.UTF_8));
    }

    @Test
    void ofManyRunsStartingAtOnceExactlyOneWins() throws Exception {
        for (int round = 0; round < 20; round++) {
            raceFor(2023, "fresh-" + round);
        }
    }

    @Test
    void ofManyRunsFindingTheSameStaleLockExactlyOneTakesItOver() throws Exception {
        long pid = deadPid();
        for (int round = 0; round < 20; round++) {
            writeLock(2023, "killed-" + round, YearLock.hostName(), pid, Instant.now().minusSeconds(60));
            // The winner is the one that took the stale lock over, or one that created the lock in the instant it was gone.
            raceFor(2023, "stale-" + round);
        }
    }

    /** Eight threads acquire the year at once: one lock, seven HeldExceptions naming its run; then it is released. */
    private YearLock raceFor(int year, String round) throws Exception {
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<YearLock>> attempts = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String runId = round + "-run-" + i;
                attempts.add(pool.submit(() -> {
                    start.await();
                    return YearLock.acquire(CONF, warehouse.toString(), year, runId);
                }));
            }
            List<YearLock> won = new ArrayList<>();
            List<YearLock.HeldException> lost = new ArrayList<>();
            for (Future<YearLock> attempt : attempts) {
                try {
                    won.add(attempt.get(30, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(YearLock.HeldException.class);
                    lost.add((YearLock.HeldException) e.getCause());
                }
            }
            assertEquals(1, won.size(), round + ": winners " + won);
            YearLock winner = won.get(0);
            assertThat(lost).hasSize(threads - 1)
                    .allSatisfy(e -> assertEquals(winner.holder().runId(), e.holder().runId(), round + ": " + e.getMessage()));
            assertThat(Files.readString(lockFile(year))).contains("run_id=" + winner.holder().runId());
            assertThat(lockFolder()).as(round).containsExactly("fiscal_year=" + year + ".lock");
            winner.close();
            assertFalse(Files.exists(lockFile(year)));
            return winner;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The same locks through Hadoop's FileSystem API, the path taken for any warehouse not on the
     * local disk (HDFS, object stores): a local folder behind a scheme of its own.
     */
    @Test
    void onAHadoopFileSystemTheLockWorksAlike() throws Exception {
        Configuration conf = new Configuration();
        conf.setClass("fs.lockfs.impl", OtherScheme.class, org.apache.hadoop.fs.FileSystem.class);
        conf.setBoolean("fs.lockfs.impl.disable.cache", true);
        String root = "lockfs://" + warehouse;
        try (YearLock first = YearLock.acquire(conf, root, 2023, "run-1")) {
            assertThat(first.lockFile()).startsWith("lockfs:/");
            assertThat(Files.readString(lockFile(2023))).contains("run_id=run-1");
            assertThatThrownBy(() -> YearLock.acquire(conf, root, 2023, "run-2"))
                    .isInstanceOfSatisfying(YearLock.HeldException.class, e -> assertEquals("run-1", e.holder().runId()));
            try (YearLock other = YearLock.acquire(conf, root, 2022, "run-3")) {
                assertTrue(Files.exists(lockFile(2022)));
            }
        }
        assertFalse(Files.exists(lockFile(2023)));

        writeLock(2023, "killed-run", YearLock.hostName(), deadPid(), Instant.now().minusSeconds(60));
        try (YearLock lock = YearLock.acquire(conf, root, 2023, "run-4")) {
            assertTrue(lock.tookOverStaleLock());
            assertThat(lockFolder()).containsExactly("fiscal_year=2023.lock");
        }
    }

    /** The local disk under the scheme {@code lockfs}, so that YearLock takes its Hadoop path. */
    public static final class OtherScheme extends RawLocalFileSystem {
        @Override
        public String getScheme() {
            return "lockfs";
        }

        @Override
        public URI getUri() {
            return URI.create("lockfs:///");
        }
    }
}
