package cn.minhang.citymgmt.job;

import java.time.LocalDate;
import java.util.Map;

/**
 * What one run is asked to do: the fiscal year, where to read and write, the configuration file and
 * its overrides, and, for mid-year monitoring, the day. The application layer parses the command
 * line into it ({@code app.EvaluateCommand}).
 */
public record JobOptions(int year, String input, String warehouse, String conf, Map<String, String> overrides, boolean help,
                         boolean allowSampleKey, LocalDate asOf) {
    public static final int FIRST_YEAR = 2000;
    /** Lets the public sample key hash personal data of inputs other than the bundled sample (tests only). */
    public static final String ALLOW_SAMPLE_KEY = "--allow-sample-key";

    public JobOptions(int year, String input, String warehouse, String conf, Map<String, String> overrides, boolean help) {
        this(year, input, warehouse, conf, overrides, help, false, null);
    }

    public JobOptions(int year, String input, String warehouse, String conf, Map<String, String> overrides, boolean help,
                      boolean allowSampleKey) {
        this(year, input, warehouse, conf, overrides, help, allowSampleKey, null);
    }

    /** A mid-year monitoring run (双监控): records governed up to {@link #asOf()}, monitoring tables only. */
    public boolean monitoring() {
        return asOf != null;
    }
}
