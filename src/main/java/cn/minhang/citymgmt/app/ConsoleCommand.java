package cn.minhang.citymgmt.app;

import cn.minhang.citymgmt.job.JobConfig;
import org.apache.spark.sql.SparkSession;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * What the operators' commands (query, report, forms, maintain) share around their body: UTF-8 console streams
 * whatever the platform's default, a Spark session started only once the arguments are known to
 * be good and always stopped, and the body's exit code as the process's.
 */
public final class ConsoleCommand {
    /** A command without {@code System.exit}: returns its exit code, asks {@code sessions} for Spark only when it needs it. */
    @FunctionalInterface
    public interface Body {
        int run(String[] args, PrintStream out, PrintStream err, Function<JobConfig, SparkSession> sessions);
    }

    private ConsoleCommand() {
    }

    /**
     * A picocli command line writing to {@code out} and {@code err}, where a bad option or value is
     * one line, {@code <name>: error: …}, and exit code 2. The command sets its own handler of
     * failures while it runs.
     */
    public static picocli.CommandLine commandLine(String name, Object command, PrintStream out, PrintStream err) {
        picocli.CommandLine cl = new picocli.CommandLine(command);
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setParameterExceptionHandler((e, a) -> {
            err.println(name + ": error: " + e.getMessage() + " (--help lists the options)");
            return ExitCode.BAD_INPUT;
        });
        return cl;
    }

    /**
     * Runs a picocli command built by {@link #commandLine}: a failure the command did not expect is one
     * line, {@code <name>: failed: …}, and exit code 1.
     */
    public static int execute(String name, Object command, String[] args, PrintStream out, PrintStream err) {
        picocli.CommandLine cl = commandLine(name, command, out, err);
        cl.setExecutionExceptionHandler((e, c, p) -> {
            err.println(name + ": failed: " + QueryCommand.firstLine(String.valueOf(e)));
            return ExitCode.FAILED;
        });
        return cl.execute(args);
    }

    public static void main(String[] args, Body body) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        SparkSession[] started = new SparkSession[1];
        int code;
        try {
            code = body.run(args, out, err, config -> {
                started[0] = Launch.sparkSession(config);
                started[0].sparkContext().setLogLevel("ERROR");
                return started[0];
            });
        } finally {
            if (started[0] != null) {
                started[0].stop();
            }
        }
        out.flush();
        if (code != 0) {
            System.exit(code);
        }
    }
}
