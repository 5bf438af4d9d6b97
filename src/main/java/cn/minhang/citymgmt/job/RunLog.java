package cn.minhang.citymgmt.job;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.function.Supplier;

/** One log line per stage, with what it produced and how long it took: the run's progress story. */
public final class RunLog {
    private static final Logger LOG = LoggerFactory.getLogger("evaluate");

    private final String runId;

    public RunLog(String runId) {
        this.runId = runId;
    }

    public void info(String format, Object... args) {
        LOG.info("[{}] {}", runId, String.format(Locale.ROOT, format, args));
    }

    public void warn(String format, Object... args) {
        LOG.warn("[{}] {}", runId, String.format(Locale.ROOT, format, args));
    }

    /** Runs a stage and logs its name, the summary it returns and its duration. */
    public <T> T stage(String name, Supplier<T> work, java.util.function.Function<T, String> summary) {
        long start = System.nanoTime();
        T result = work.get();
        info("%-34s %s (%.1f s)", name, summary.apply(result), (System.nanoTime() - start) / 1e9);
        return result;
    }

    /** Summary of a write stage: how many rows the commit wrote. */
    public static String rows(Long count) {
        return count + " rows written";
    }
}
