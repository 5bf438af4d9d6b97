package cn.minhang.citymgmt.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** jobs/report.sh's mistakes: one line, exit 2, and no Spark started for them. (DistrictReportTest renders the page.) */
class ReportCommandTest {
    @TempDir
    Path dir;

    record Output(int code, String out, String err) {
    }

    static Output reportWithoutSpark(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ReportCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), config -> {
                    throw new AssertionError("Spark started for " + String.join(" ", args));
                });
        return new Output(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void operatorMistakesAreOneLineAndExitTwoBeforeSparkStarts() {
        Output year = reportWithoutSpark("--year", "1999", "--warehouse", dir.toString());
        assertEquals(ExitCode.BAD_INPUT, year.code());
        assertThat(year.err()).startsWith("report: error: --year must be a fiscal year from 2000").hasLineCount(1);

        Output missing = reportWithoutSpark("--warehouse", dir.resolve("none").toString());
        assertEquals(ExitCode.BAD_INPUT, missing.code());
        assertThat(missing.err()).isEqualTo("report: error: warehouse " + dir.resolve("none")
                + " does not exist (run jobs/evaluate.sh first, or give --warehouse)\n");

        Output unknown = reportWithoutSpark("--colour", "red");
        assertEquals(ExitCode.BAD_INPUT, unknown.code());
        assertThat(unknown.err()).startsWith("report: error: Unknown option").hasLineCount(1);

        Output help = reportWithoutSpark("--help");
        assertEquals(0, help.code());
        assertThat(help.out()).contains("--year=YYYY", "--warehouse=DIR", "Exit codes");
    }
}
