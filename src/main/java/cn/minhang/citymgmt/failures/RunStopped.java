package cn.minhang.citymgmt.failures;

/**
 * A run stopped on purpose, with one clear line for the operator: what was wrong and what to do.
 * Every layer raises it; only the application layer turns its reason into a process's exit code,
 * so that nothing below the entry points knows about processes.
 */
public final class RunStopped extends RuntimeException {
    public enum Reason {
        /** A bad argument, configuration or input file: nothing was written. */
        BAD_INPUT,
        /** Too many rejected rows: cleaned tables and quarantine written, no scored table. */
        TOO_MANY_REJECTS,
        /** Another run of the same fiscal year holds the warehouse: nothing was written. */
        YEAR_IN_PROGRESS
    }

    private final Reason reason;

    private RunStopped(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public static RunStopped badInput(String message) {
        return new RunStopped(Reason.BAD_INPUT, message);
    }

    public static RunStopped tooManyRejects(String message) {
        return new RunStopped(Reason.TOO_MANY_REJECTS, message);
    }

    public static RunStopped yearInProgress(String message) {
        return new RunStopped(Reason.YEAR_IN_PROGRESS, message);
    }

    public Reason reason() {
        return reason;
    }
}
