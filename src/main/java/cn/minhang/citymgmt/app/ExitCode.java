package cn.minhang.citymgmt.app;

import cn.minhang.citymgmt.failures.RunStopped;

/** The exit codes scripts and schedulers act on; the README's table of them is the contract. */
public final class ExitCode {
    /** Done. */
    public static final int OK = 0;
    /** Anything unexpected: a stack trace was printed. */
    public static final int FAILED = 1;
    /** A bad argument, configuration or input file: nothing was written. */
    public static final int BAD_INPUT = 2;
    /** Too many rejected rows: cleaned tables and quarantine written, no scored table. */
    public static final int TOO_MANY_REJECTS = 3;
    /** Another run of the same fiscal year holds the warehouse: nothing was written. */
    public static final int YEAR_IN_PROGRESS = 4;

    private ExitCode() {
    }

    public static int of(RunStopped stopped) {
        return switch (stopped.reason()) {
            case BAD_INPUT -> BAD_INPUT;
            case TOO_MANY_REJECTS -> TOO_MANY_REJECTS;
            case YEAR_IN_PROGRESS -> YEAR_IN_PROGRESS;
        };
    }
}
