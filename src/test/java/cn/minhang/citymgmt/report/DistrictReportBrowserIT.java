package cn.minhang.citymgmt.report;

import cn.minhang.citymgmt.support.Processes;
import cn.minhang.citymgmt.support.SparkTestSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The district report in a real browser: headless Chromium loads the file with the network
 * effectively off, every chart must be drawn without a script error, and a screenshot is kept in
 * target/report-screenshot.png for a human to look at. Skipped when Chromium is not installed.
 */
class DistrictReportBrowserIT extends SparkTestSession {
    static final Path SCREENSHOT = Processes.PROJECT.resolve("target/report-screenshot.png");
    static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    @Test
    void everyChartRendersWithoutScriptErrors() throws Exception {
        Path chromium = chromium();
        Assumptions.assumeTrue(chromium != null,
                "Chromium not found (/usr/bin/chromium or chromium on PATH): install it, e.g. apt-get install -y chromium, to run this test");

        Path warehouse = FixtureWarehouse.create(spark(), dir.resolve("warehouse"));
        Path report = DistrictReport.write(spark(), warehouse.toString(), FixtureWarehouse.YEAR);
        Files.copy(report, Processes.PROJECT.resolve("target/report-fixture.html"), StandardCopyOption.REPLACE_EXISTING);
        String html = Files.readString(report, StandardCharsets.UTF_8);
        int charts = DistrictReportTest.count(html, "data-chart=\"");
        assertEquals(4, charts);

        String dom = browse(chromium, "--dump-dom", report.toUri().toString());
        Matcher rendered = Pattern.compile("data-charts-rendered=\"(\\d+)\"").matcher(dom);
        assertTrue(rendered.find(), "the page script set no data-charts-rendered:\n" + head(dom));
        assertEquals(charts, Integer.parseInt(rendered.group(1)), "charts drawn; script errors: " + scriptErrors(dom));
        assertThat(dom).as("script errors").doesNotContain("data-script-errors");
        assertThat(dom.contains("<canvas") || dom.contains("<svg")).as("a chart canvas in the DOM").isTrue();

        Files.deleteIfExists(SCREENSHOT);
        browse(chromium, "--screenshot=" + SCREENSHOT, "--window-size=1400,2600", report.toUri().toString());
        assertTrue(Files.isRegularFile(SCREENSHOT), "no screenshot written");
        byte[] png = Files.readAllBytes(SCREENSHOT);
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, 8), "a PNG file");
        assertThat(png.length).as("screenshot size").isGreaterThan(50_000);
    }

    /** Runs headless Chromium with a fresh profile; returns what it printed on stdout. */
    private String browse(Path chromium, String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Path stdout = dir.resolve("chromium-" + System.nanoTime() + ".out");
        Path stderr = dir.resolve("chromium-" + System.nanoTime() + ".err");
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 180 s: " + String.join(" ", command)
                    + "\n" + Files.readString(stderr, StandardCharsets.UTF_8));
        }
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "chromium failed: " + String.join(" ", command) + "\n" + Files.readString(stderr, StandardCharsets.UTF_8));
        return out;
    }

    static Path chromium() {
        Path usual = Path.of("/usr/bin/chromium");
        if (Files.isExecutable(usual)) {
            return usual;
        }
        String path = System.getenv("PATH");
        for (String entry : path == null ? new String[0] : path.split(File.pathSeparator)) {
            Path candidate = Path.of(entry, "chromium");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static String scriptErrors(String dom) {
        Matcher m = Pattern.compile("data-script-errors=\"([^\"]*)\"").matcher(dom);
        return m.find() ? m.group(1) : "none";
    }

    private static String head(String dom) {
        int body = dom.indexOf("<body");
        return body < 0 ? dom.substring(0, Math.min(dom.length(), 2000)) : dom.substring(body, Math.min(dom.length(), body + 2000));
    }
}
