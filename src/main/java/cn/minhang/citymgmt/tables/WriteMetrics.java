package cn.minhang.citymgmt.tables;

import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rows written per table, from the tasks' own output metrics: a write tags its jobs with the
 * table's name (a thread-local Spark property, so concurrent writes keep apart), and this
 * listener adds up what their tasks wrote. No second pass over the data, and no read of the
 * Delta log after the commit.
 */
final class WriteMetrics extends SparkListener {
    static final String TAG = "evaluation.write";

    private final Map<Integer, String> stageTags = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> rows = new ConcurrentHashMap<>();

    static WriteMetrics register(SparkContext sc) {
        WriteMetrics metrics = new WriteMetrics();
        sc.addSparkListener(metrics);
        return metrics;
    }

    @Override
    public void onJobStart(SparkListenerJobStart jobStart) {
        String tag = jobStart.properties() == null ? null : jobStart.properties().getProperty(TAG);
        if (tag != null) {
            for (Object stage : scala.collection.JavaConverters.seqAsJavaList(jobStart.stageIds())) {
                stageTags.put((Integer) stage, tag);
            }
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        String tag = stageTags.get(taskEnd.stageId());
        if (tag != null && taskEnd.taskMetrics() != null && "Success".equals(String.valueOf(taskEnd.reason()))) {
            rows.computeIfAbsent(tag, t -> new AtomicLong()).addAndGet(taskEnd.taskMetrics().outputMetrics().recordsWritten());
        }
    }

    /** Rows the jobs tagged {@code tag} wrote, once the listener has heard of all their tasks. */
    long rowsWritten(SparkContext sc, String tag) {
        try {
            // Listener events are delivered asynchronously; the write's own events are queued by now.
            sc.listenerBus().waitUntilEmpty(60_000);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Spark's listener bus did not drain within a minute", e);
        }
        AtomicLong n = rows.remove(tag);
        return n == null ? 0 : n.get();
    }
}
