package cn.minhang.citymgmt.job;

import cn.minhang.citymgmt.app.EvaluateCommand;
import cn.minhang.citymgmt.failures.RunStopped;
import cn.minhang.citymgmt.app.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Year;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

class JobOptionsTest {
    @Test
    void onlyTheYearIsRequired() {
        JobOptions o = EvaluateCommand.parse("--year", "2023");
        assertEquals(2023, o.year());
        assertEquals(null, o.input());
    }

    @Test
    void optionsTakeSeparateOrInlineValues() {
        JobOptions o = EvaluateCommand.parse("--year=2022", "--input", "in", "--warehouse=wh", "--set", "a.b=c", "--set=d.e=f=g");
        assertEquals(2022, o.year());
        assertEquals("in", o.input());
        assertEquals("wh", o.warehouse());
        assertEquals(Map.of("a.b", "c", "d.e", "f=g"), o.overrides());
    }

    @Test
    void unknownOptionMissingYearAndBadYearAreBadInput() {
        assertBad(() -> EvaluateCommand.parse("--year", "2023", "--colour", "red"), "Unknown options: '--colour'");
        assertBad(() -> EvaluateCommand.parse("--input", "x"), "Missing required option: '--year=YYYY'");
        assertBad(() -> EvaluateCommand.parse("--year", "twenty"), "--year must be a year");
        assertBad(() -> EvaluateCommand.parse("--year", "1999"), "--year 1999 is out of range");
        assertBad(() -> EvaluateCommand.parse("--year", String.valueOf(Year.now().getValue() + 1)), "is out of range");
        assertBad(() -> EvaluateCommand.parse("--year"), "Missing required parameter for option '--year' (YYYY)");
    }

    @Test
    void asOfIsADayOfTheFiscalYear() {
        JobOptions o = EvaluateCommand.parse("--year", "2023", "--as-of", "2023-07-31");
        assertEquals(java.time.LocalDate.of(2023, 7, 31), o.asOf());
        assertThat(o.monitoring()).isTrue();
        assertThat(EvaluateCommand.parse("--year", "2023").monitoring()).isFalse();
        assertEquals(java.time.LocalDate.of(2023, 1, 1), EvaluateCommand.parse("--as-of=2023-01-01", "--year", "2023").asOf());
        assertEquals(java.time.LocalDate.of(2023, 12, 31), EvaluateCommand.parse("--year", "2023", "--as-of", "2023-12-31").asOf());
    }

    @Test
    void asOfOutsideTheYearOrUnreadableIsBadInputNamingIt() {
        assertBad(() -> EvaluateCommand.parse("--year", "2023", "--as-of", "2024-01-01"), "--as-of 2024-01-01 is outside fiscal year 2023");
        assertBad(() -> EvaluateCommand.parse("--year", "2023", "--as-of", "2022-12-31"), "--as-of 2022-12-31 is outside fiscal year 2023");
        assertBad(() -> EvaluateCommand.parse("--year", "2023", "--as-of", "2023-02-30"), "--as-of must be a date written yyyy-MM-dd");
        assertBad(() -> EvaluateCommand.parse("--year", "2023", "--as-of", "31/07/2023"), "got '31/07/2023'");
        assertBad(() -> EvaluateCommand.parse("--year", "2023", "--as-of"), "Missing required parameter for option '--as-of' (YYYY-MM-DD)");
    }

    @Test
    void configurationFileIsReadAndCommandLineWins(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("job.properties");
        Files.writeString(conf, "input=from-file\nquarantine.max_rejected_percent=2\nsource.hotline_cases.encoding=GBK\n");
        JobConfig c = JobConfig.load(EvaluateCommand.parse("--year", "2023", "--conf", conf.toString(), "--warehouse", "/w",
                "--set", "quarantine.max_rejected_percent=7"), dir, Map.of());
        assertEquals(dir.resolve("from-file").toString(), c.get(JobConfig.INPUT));
        assertEquals("/w", c.get(JobConfig.WAREHOUSE));
        assertEquals(7.0, c.number(JobConfig.MAX_REJECTED_PERCENT));
        assertEquals("GBK", c.encodingOf("hotline_cases"));
        assertEquals("UTF-8", c.encodingOf("units"));
    }

    @Test
    void secretFromTheEnvironmentWinsAndIsNotTheSampleKey(@TempDir Path dir) {
        JobConfig c = JobConfig.load(EvaluateCommand.parse("--year", "2023"), dir, Map.of(JobConfig.HMAC_KEY_ENV, "a-real-secret-0123456789"));
        assertEquals("a-real-secret-0123456789", c.get(JobConfig.HMAC_KEY));
        assertThat(c.usesSampleKey()).isFalse();
        assertThat(JobConfig.load(EvaluateCommand.parse("--year", "2023"), dir, Map.of()).usesSampleKey()).isTrue();
    }

    @Test
    void badConfigurationNamesTheFileAndTheProblem(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("bad.properties");
        Files.writeString(conf, "quarantine.max_rejectd_percent=3\n");
        assertBad(() -> JobConfig.load(EvaluateCommand.parse("--year", "2023", "--conf", conf.toString()), dir, Map.of()),
                "bad.properties: unknown key 'quarantine.max_rejectd_percent'");
        Files.writeString(conf, "source.units.encoding=KLINGON\n");
        assertBad(() -> JobConfig.load(EvaluateCommand.parse("--year", "2023", "--conf", conf.toString()), dir, Map.of()),
                "unknown encoding 'KLINGON'");
        Files.writeString(conf, "quarantine.max_rejected_percent=lots\n");
        assertBad(() -> JobConfig.load(EvaluateCommand.parse("--year", "2023", "--conf", conf.toString()), dir, Map.of()),
                "must be a number");
        Files.writeString(conf, "report.write=sometimes\n");
        assertBad(() -> JobConfig.load(EvaluateCommand.parse("--year", "2023", "--conf", conf.toString()), dir, Map.of()),
                "report.write must be true or false");
        assertBad(() -> JobConfig.load(EvaluateCommand.parse("--year", "2023", "--conf", dir.resolve("nope.properties").toString()), dir, Map.of()),
                "nope.properties does not exist");
    }

    @Test
    void rejectLimitsArePerSourceWhereSetElseGlobal(@TempDir Path dir) {
        JobConfig c = JobConfig.load(EvaluateCommand.parse("--year", "2023", "--set", "source.surveys.max_rejected_percent=15",
                "--set", "source.hotline_cases.min_rejected_rows=100", "--set", "quarantine.min_rejected_rows=3"), dir, Map.of());
        assertEquals(new cn.minhang.citymgmt.checks.RejectLimit(15, 3), c.rejectLimit("surveys"));
        assertEquals(new cn.minhang.citymgmt.checks.RejectLimit(5, 100), c.rejectLimit("hotline_cases"));
        assertEquals(new cn.minhang.citymgmt.checks.RejectLimit(5, 3), c.rejectLimit("units"));
        assertEquals(new cn.minhang.citymgmt.checks.RejectLimit(5, 20), JobConfig.load(EvaluateCommand.parse("--year", "2023"), dir, Map.of())
                .rejectLimit("units"));
        assertBad(() -> JobConfig.load(EvaluateCommand.parse("--year", "2023", "--set", "source.surveys.max_rejected_percent=150"), dir, Map.of()),
                "source.surveys.max_rejected_percent must be between 0 and 100, got 150");
        assertBad(() -> JobConfig.load(EvaluateCommand.parse("--year", "2023", "--set", "source.nosuch.min_rejected_rows=1"), dir, Map.of()),
                "unknown key 'source.nosuch.min_rejected_rows'");
        assertBad(() -> JobConfig.load(EvaluateCommand.parse("--year", "2023", "--set", "quarantine.min_rejected_rows=-1"), dir, Map.of()),
                "quarantine.min_rejected_rows must be 0 or more");
        assertBad(() -> JobConfig.load(EvaluateCommand.parse("--year", "2023", "--set", "maintenance.retention_days=3"), dir, Map.of()),
                "maintenance.retention_days must be at least 7");
    }

    @Test
    void theStopMessageNamesEachSourceItsFiguresAndTheKeysThatLetItPass() {
        String m = EvaluationJob.overLimitMessage(java.util.List.of(
                new cn.minhang.citymgmt.checks.RejectLimit(5, 20).judge("hotline_cases", 300, 2000),
                new cn.minhang.citymgmt.checks.RejectLimit(2.5, 0).judge("surveys", 2, 15)));
        assertThat(m).contains("hotline_cases: 300 of 2000 rows rejected (15.00 %), above 5 % and more than 20 rows")
                .contains("--set source.hotline_cases.max_rejected_percent=15 (or --set source.hotline_cases.min_rejected_rows=300)")
                .contains("surveys: 2 of 15 rows rejected (13.33 %), above 2.5 % and more than 0 rows")
                .contains("--set source.surveys.max_rejected_percent=14");
    }

    @Test
    void allowSampleKeyIsAFlag() {
        assertThat(EvaluateCommand.parse("--year", "2023").allowSampleKey()).isFalse();
        assertThat(EvaluateCommand.parse("--year", "2023", "--allow-sample-key", "--input", "x").allowSampleKey()).isTrue();
    }

    @Test
    void stagesSideBySideAreHalfTheTaskSlotsUnlessSet(@TempDir Path dir) {
        assertEquals(4, JobConfig.load(EvaluateCommand.parse("--year", "2023"), dir, Map.of()).parallelStages(2));
        JobConfig auto = JobConfig.load(EvaluateCommand.parse("--year", "2023", "--set", "run.parallel_stages=auto"), dir, Map.of());
        assertEquals(1, auto.parallelStages(2));
        assertEquals(1, auto.parallelStages(1));
        assertEquals(3, auto.parallelStages(6));
        assertEquals(4, auto.parallelStages(64));
        JobConfig three = JobConfig.load(EvaluateCommand.parse("--year", "2023", "--set", "run.parallel_stages=3"), dir, Map.of());
        assertEquals(3, three.parallelStages(2));
        for (String bad : new String[] {"0", "65", "many", "-1"}) {
            assertBad(() -> JobConfig.load(EvaluateCommand.parse("--year", "2023", "--set", "run.parallel_stages=" + bad), dir, Map.of()),
                    "run.parallel_stages must be auto or a number between 1 and 64, got " + bad);
        }
    }

    @Test
    void fingerprintFollowsTheSettingsButNotThePaths(@TempDir Path dir) {
        String a = JobConfig.load(EvaluateCommand.parse("--year", "2023", "--input", "x"), dir, Map.of()).fingerprint();
        String b = JobConfig.load(EvaluateCommand.parse("--year", "2023", "--input", "y"), dir, Map.of()).fingerprint();
        String c = JobConfig.load(EvaluateCommand.parse("--year", "2023", "--set", "quarantine.max_rejected_percent=1"), dir, Map.of()).fingerprint();
        assertEquals(a, b);
        assertThat(c).isNotEqualTo(a);
    }

    private static void assertBad(Runnable r, String message) {
        assertThatThrownBy(r::run).isInstanceOf(RunStopped.class).hasMessageContaining(message)
                .satisfies(e -> assertEquals(ExitCode.BAD_INPUT, ExitCode.of((RunStopped) e)));
    }
}
