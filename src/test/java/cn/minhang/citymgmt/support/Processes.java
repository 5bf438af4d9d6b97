package cn.minhang.citymgmt.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the project's scripts as an operator would, capturing exit code and output. */
public final class Processes {
    public record Result(int exitCode, String output) {
    }

    /** The project folder: where Maven runs the tests. */
    public static final Path PROJECT = Path.of(System.getProperty("user.dir")).toAbsolutePath();

    private Processes() {
    }

    public static Result run(Map<String, String> env, long timeoutSeconds, String... command) {
        try {
            Path log = Files.createTempFile("process", ".log");
            return await(start(env, log, command), log, timeoutSeconds);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Starts a script in the background, its output (stdout and stderr) going to {@code log} as it comes. */
    public static Process start(Map<String, String> env, Path log, String... command) {
        ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(PROJECT.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().remove("SPARK_HOME");
        if (env.containsKey("SPARK_HOME")) {
            pb.environment().put("SPARK_HOME", env.get("SPARK_HOME"));
        }
        try {
            return pb.start();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits for a process {@link #start started}, and returns its exit code and output. */
    public static Result await(Process p, Path log, long timeoutSeconds) {
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(p.info().commandLine().orElse("process " + p.pid()) + " did not finish in "
                        + timeoutSeconds + " s:\n" + Files.readString(log));
            }
            return new Result(p.exitValue(), Files.readString(log));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A background JVM on the Spark classpath the build wrote (target/spark-classpath.txt). */
    public static Process startSparkDaemon(Path logFile, Map<String, String> env, String mainClass, String... args) throws IOException {
        String classpath = Files.readString(PROJECT.resolve("target/spark-classpath.txt")).trim();
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-cp", classpath, mainClass));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(PROJECT.toFile())
                .redirectErrorStream(true).redirectOutput(logFile.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static String pathSeparator() {
        return File.pathSeparator;
    }
}
