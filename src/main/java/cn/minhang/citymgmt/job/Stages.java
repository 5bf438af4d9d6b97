package cn.minhang.citymgmt.job;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs the stages of a run that do not depend on each other side by side: the reads of the
 * sources and the writes of the tables. Each is a Spark job of its own (its tasks share the
 * executors) followed by a Delta commit on the driver, so overlapping them keeps the cores busy
 * while a commit waits on the file system. Every stage has its own fair-scheduler pool, so a
 * small table is not queued behind the tasks of a large one. Each logs its own line when done.
 */
final class Stages implements AutoCloseable {
    /** A stage's result; {@link #join} rethrows what the stage threw. */
    static final class Stage<T> {
        private final CompletableFuture<T> future;

        private Stage(CompletableFuture<T> future) {
            this.future = future;
        }

        T join() {
            try {
                return future.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw e;
            }
        }
    }

    private final ExecutorService pool;
    private final RunLog log;
    private final org.apache.spark.SparkContext sc;
    private final List<Stage<Long>> writes = new ArrayList<>();

    Stages(int threads, RunLog log, org.apache.spark.SparkContext sc) {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "evaluation-stage-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.log = log;
        this.sc = sc;
    }

    <T> Stage<T> submit(String pool, Supplier<T> work) {
        return new Stage<>(CompletableFuture.supplyAsync(() -> {
            sc.setLocalProperty("spark.scheduler.pool", pool);
            sc.setJobDescription(pool); // the stage's name on its Spark jobs, in the UI and the event log
            try {
                return work.get();
            } finally {
                sc.setLocalProperty("spark.scheduler.pool", null);
                sc.setJobDescription(null);
            }
        }, this.pool));
    }

    /** Writes one table beside the other stages; the line logged says how many rows it wrote. */
    Stage<Long> write(String name, Supplier<Long> write) {
        Stage<Long> stage = submit(name, () -> log.stage(name, write, RunLog::rows));
        synchronized (writes) {
            writes.add(stage);
        }
        return stage;
    }

    /** Waits for every write submitted so far, and fails with the first that failed. */
    void awaitWrites() {
        List<Stage<Long>> pending;
        synchronized (writes) {
            pending = List.copyOf(writes);
        }
        RuntimeException first = null;
        for (Stage<Long> w : pending) {
            try {
                w.join();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Lets running stages finish (a half-written commit is worse than a late one), then stops the threads. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(30, TimeUnit.MINUTES)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
