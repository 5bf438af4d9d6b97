package cn.minhang.citymgmt.job;

/** Stops the job with one clear line for the operator and the exit code scripts act on. */
public final class JobFailure extends RuntimeException {
    /** A bad argument, configuration or input file: nothing was written. */
    public static final int BAD_INPUT = 2;
    /** Too many rejected rows: cleaned tables and quarantine written, no scored table. */
    public static final int TOO_MANY_REJECTS = 3;
    /** Another run of the same fiscal year holds the warehouse: nothing was written. */
    public static final int YEAR_IN_PROGRESS = 4;

    private final int exitCode;

    public JobFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public static JobFailure badInput(String message) {
        return new JobFailure(BAD_INPUT, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
