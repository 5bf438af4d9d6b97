package cn.minhang.citymgmt.ingest;

import cn.minhang.citymgmt.app.ExitCode;
import cn.minhang.citymgmt.failures.RunStopped;
import cn.minhang.citymgmt.app.QueryCommand;
import cn.minhang.citymgmt.support.Deliveries;
import cn.minhang.citymgmt.support.SparkTestSession;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The corpus of malformed deliveries, each with its exact outcome. Two job runs: one over an
 * input whose every malformed file must be read (its bad lines quarantined with every reason,
 * file and line; its good lines accepted; every row accounted for), and one over an input holding
 * every file that must stop the run (exit 2, each file named with its problem, nothing written).
 */
class MalformedDeliveryTest extends SparkTestSession {
    static final Charset GBK = Charset.forName("GBK");
    static final String HOTLINE_HEADER =
            "case_id,unit_id,channel,origin,category,received_at,due_at,closed_at,satisfaction,caller_name,caller_phone,address";
    /** Ten MiB of text in one field: ten times the line limit. */
    static final int HUGE = 10 << 20;

    // Files read, and what they hold.
    static final String LONG = "hotline_cases/long-field.csv";
    static final String FORMULAS = "hotline_cases/formulas.csv";
    static final String MAC = "repair_orders/classic-mac.csv";
    static final String HEADER_ONLY = "incidents/header-only.csv";
    static final String GBK_WITH_UTF8 = "works_projects/gbk-with-a-utf8-line.csv";
    static final String SELF_REPORT = "self_reports/formula.csv";

    // Files that stop the run.
    static final String TRUNCATED_GZ = "waste_collections/cut-in-half.csv.gz";
    static final String GARBAGE = "inspections/image.csv";
    static final String UTF16 = "surveys/unicode-text-export.csv";
    static final String SAME_COLUMN_TWICE = "assessments/unit-twice.csv";
    static final String ALIAS_AND_NAME = "targets/two-spellings.csv";
    static final String UTF8_WITH_GBK = "hotline_cases/utf8-with-a-gbk-line.csv";
    static final String GBK_UNDECODABLE = "elevator_projects/gbk-with-undecodable-utf8.csv";
    static final String EMPTY = "budget_ledger/empty.csv";

    static final String HYPERLINK = "=HYPERLINK(\"http://x\",\"y\")";

    private static FixtureRuns.Run run;
    private static Map<String, Row> quarantine;
    private static RunStopped stop;
    private static Path stopWarehouse;

    @BeforeAll
    static void runBoth() throws IOException {
        Path dir = FixtureRuns.newTempDir("malformed");
        Path input = readableCorpus(dir.resolve("read"));
        Path warehouse = dir.resolve("read-warehouse");
        run = new FixtureRuns.Run(input, warehouse, FixtureRuns.run(spark(), input, dir, warehouse,
                "--set", "quarantine.max_rejected_percent=100", "--set", "source.works_projects.encoding=GBK",
                // this run's report is read below: formula-like text must reach it escaped
                "--set", cn.minhang.citymgmt.job.JobConfig.REPORT_WRITE + "=true"));
        quarantine = new TreeMap<>();
        for (Row r : run.table(spark(), "quarantine").collectAsList()) {
            quarantine.put(r.getAs("file") + ":" + r.getAs("line_number"), r);
        }

        Path stopInput = stoppingCorpus(dir.resolve("stop"));
        stopWarehouse = dir.resolve("stop-warehouse");
        try {
            FixtureRuns.run(spark(), stopInput, dir, stopWarehouse, "--set", "quarantine.max_rejected_percent=100",
                    "--set", "source.elevator_projects.encoding=GBK");
        } catch (RunStopped e) {
            stop = e;
        }
    }

    private static String hotline(String id, String category) {
        return id + ",MH-PJ,hotline_12345,passive," + category + ",2023-03-01 09:00:00,2023-03-08 09:00:00,,,,,";
    }

    /** Every file here is read: bad lines quarantined, good ones accepted. */
    static Path readableCorpus(Path root) throws IOException {
        Deliveries d = Deliveries.in(root);
        // A 10 MiB field: one line, ten times the limit, between two good ones; streamed, never held.
        Path longFile = root.resolve(LONG);
        try (OutputStream out = Files.newOutputStream(longFile)) {
            out.write((HOTLINE_HEADER + "\n" + hotline("HL-L1", "物业管理") + "\n" + "HL-L2,MH-PJ,hotline_12345,passive,")
                    .getBytes(StandardCharsets.UTF_8));
            byte[] block = "x".repeat(1 << 16).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < HUGE / block.length; i++) {
                out.write(block);
            }
            out.write((",2023-03-01 09:00:00,2023-03-08 09:00:00,,,,,\n" + hotline("HL-L3", "市容环境") + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        // Formula-like text in free-text fields: data, kept as delivered.
        d.file(FORMULAS, HOTLINE_HEADER,
                hotline("HL-F1", "\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
                hotline("HL-F2", "+1+1"),
                hotline("HL-F3", "-2+3"),
                hotline("HL-F4", "@SUM(A1)"));
        d.file(SELF_REPORT, "unit_id,fiscal_year,indicator_id,reported", "MH-PJ,2023,output.parks,\"" + HYPERLINK.replace("\"", "\"\"") + "\"");
        // Classic Mac OS line ends: a lone CR ends every line.
        d.write(MAC, String.join("\r", "order_id,unit_id,facility,reported_on,due_on,quantity",
                "RO-M1,MH-PJ,sidewalk,2023-04-01,2023-04-08,2",
                "RO-M2,MH-XH,curb,2023-04-02,2023-04-09,3",
                "RO-M3,MH-PJ,fountain,2023-04-03,2023-04-10,1",
                "RO-M4,MH-XH,asphalt,2023-04-04,2023-04-11,5") + "\r", "UTF-8", false);
        // A header and nothing else: a delivery of no records.
        d.file(HEADER_ONLY, "incident_id,unit_id,occurred_on,severity,description");
        // A GBK file (the source declared GBK) with one line written in UTF-8, whose bytes happen to be valid GBK.
        String utf8Line = "WP-2,MH-XH,城运平台,2023-05-01,2023-08-31";
        assertThat(decodes(utf8Line.getBytes(StandardCharsets.UTF_8), GBK)).as("premise: the UTF-8 line is valid GBK").isTrue();
        Path gbk = root.resolve(GBK_WITH_UTF8);
        Files.createDirectories(gbk.getParent());
        try (OutputStream out = Files.newOutputStream(gbk)) {
            out.write("project_code,unit_id,name,planned_start,planned_finish\nWP-1,MH-PJ,道路大修,2023-03-01,2023-06-30\n".getBytes(GBK));
            out.write((utf8Line + "\n").getBytes(StandardCharsets.UTF_8));
            out.write("WP-3,MH-PJ,绿化补种,2023-04-01,2023-09-30\n".getBytes(GBK));
        }
        return root;
    }

    /** Every file here stops the run: a bad file is never half read. */
    static Path stoppingCorpus(Path root) throws IOException {
        Deliveries d = Deliveries.in(root);
        // A gzip export cut in half (a copy that did not finish).
        StringBuilder trips = new StringBuilder("trip_id,unit_id,site_id,collected_at,waste_type,tonnes,refused\n");
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            trips.append("WC-").append(i).append(",MH-PJ,S-").append(random.nextInt(90)).append(",2023-0").append(1 + random.nextInt(9))
                    .append("-1").append(random.nextInt(9)).append(" 0").append(random.nextInt(9)).append(":00:00,dry,")
                    .append(random.nextInt(30)).append('.').append(random.nextInt(999)).append(",false\n");
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write(trips.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] whole = gz.toByteArray();
        write(root.resolve(TRUNCATED_GZ), Arrays.copyOf(whole, whole.length / 2));
        // Binary garbage: an image renamed .csv.
        byte[] image = new byte[4096];
        random.nextBytes(image);
        System.arraycopy(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, 0, image, 0, 8);
        write(root.resolve(GARBAGE), image);
        // Excel's "Unicode text": UTF-16, every other byte NUL.
        write(root.resolve(UTF16), "survey_id,unit_id,surveyed_on,topic,respondents\nSV-1,MH-PJ,2023-05-01,cityscape,100\n"
                .getBytes(StandardCharsets.UTF_16LE));
        // The same column twice, and a column under its name and another spelling of it.
        d.file(SAME_COLUMN_TWICE, "unit_id,fiscal_year,indicator_id,grade,evaluator,unit_id",
                "MH-PJ,2023,mgmt.decision,achieved,区评审组,MH-XH");
        d.file(ALIAS_AND_NAME, "unit_id,fiscal_year,indicator_id,target, Indicator_ID",
                "MH-PJ,2023,output.parks,12,output.roads");
        // A UTF-8 file with one line of GBK bytes.
        Path mixed = root.resolve(UTF8_WITH_GBK);
        try (OutputStream out = Files.newOutputStream(mixed)) {
            out.write((HOTLINE_HEADER + "\n" + hotline("HL-M1", "物业管理") + "\n").getBytes(StandardCharsets.UTF_8));
            out.write((hotline("HL-M2", "市容环境") + "\n").getBytes(GBK));
            out.write((hotline("HL-M3", "噪音扰民") + "\n").getBytes(StandardCharsets.UTF_8));
        }
        // A GBK file (the source declared GBK) with a UTF-8 line that is not valid GBK.
        String utf8Line = "EP-2,MH-XH,丰顺苑,5号楼,2023-05-10";
        assertThat(decodes(utf8Line.getBytes(StandardCharsets.UTF_8), GBK)).as("premise: the UTF-8 line is not valid GBK").isFalse();
        Path lifts = root.resolve(GBK_UNDECODABLE);
        Files.createDirectories(lifts.getParent());
        try (OutputStream out = Files.newOutputStream(lifts)) {
            out.write("project_id,unit_id,community,building,signed_on\nEP-1,MH-PJ,江月小区,3号楼,2023-04-10\n".getBytes(GBK));
            out.write((utf8Line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        // A file of no bytes at all: not even a header.
        write(root.resolve(EMPTY), new byte[0]);
        return root;
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    private static boolean decodes(byte[] bytes, Charset charset) {
        try {
            charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- the files that are read

    record Quarantined(String file, long line, List<String> reasons) {
        @Override
        public String toString() {
            return file + ":" + line;
        }
    }

    static Stream<Quarantined> quarantinedLines() {
        return Stream.of(
                new Quarantined(LONG, 3, List.of("malformed_line: the line has 10,485,839 characters, more than the limit of 1,048,576; not parsed")),
                new Quarantined(MAC, 4, List.of("unknown_enum: facility 'fountain'")),
                new Quarantined(GBK_WITH_UTF8, 3, List.of("malformed_line: name is UTF-8 text, not GBK: the line is in another encoding than its file")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("quarantinedLines")
    void badLineIsQuarantinedWithItsFileLineAndEveryReason(Quarantined expected) {
        Row row = quarantine.get(expected.file() + ":" + expected.line());
        assertThat(row).as("quarantine row for %s (quarantine holds %s)", expected, quarantine.keySet()).isNotNull();
        assertEquals(expected.reasons(), row.getList(row.fieldIndex("reasons")));
    }

    @Test
    void quarantineHoldsExactlyThoseLines() {
        assertThat(quarantine.keySet()).containsExactlyInAnyOrderElementsOf(
                quarantinedLines().map(Quarantined::toString).toList());
    }

    @Test
    void aTooLongLineIsQuarantinedWithItsMaskedStartOnlyAndTheLinesAroundItAreRead() {
        Row row = quarantine.get(LONG + ":3");
        String raw = row.getAs("raw_record");
        // The start of the line, cut short; the fields from where personal data may stand on are masked.
        assertThat(raw).startsWith("HL-L2,MH-PJ,").endsWith("…").hasSizeLessThan(DeliveryText.KEPT_START + 50);
        List<Row> cases = run.table(spark(), "hotline_cases").where("source_file = '" + LONG + "'").orderBy("source_line").collectAsList();
        assertThat(cases).extracting(r -> r.getAs("case_id") + "@" + r.getAs("source_line")).containsExactly("HL-L1@2", "HL-L3@4");
    }

    @Test
    void classicMacLineEndsAreLines() {
        List<Row> orders = run.table(spark(), "repair_orders").orderBy("source_line").collectAsList();
        assertThat(orders).extracting(r -> r.getAs("order_id") + "@" + r.getAs("source_line"))
                .containsExactly("RO-M1@2", "RO-M2@3", "RO-M4@5");
        assertThat(orders).extracting(r -> r.getAs("facility")).containsExactly("sidewalk", "curb", "asphalt");
    }

    @Test
    void aHeaderOnlyFileIsADeliveryOfNoRecords() {
        Row d = run.table(spark(), "deliveries").where("path = '" + HEADER_ONLY + "'").first();
        assertEquals("read", d.getAs("status"));
        assertEquals(0L, (long) d.getAs("rows"));
        assertEquals(0, run.table(spark(), "incidents").count());
        assertThat(quarantine.keySet()).noneMatch(k -> k.startsWith(HEADER_ONLY));
    }

    @Test
    void aUtf8LineInAGbkFileIsQuarantinedAndTheGbkLinesAreReadAsChinese() {
        List<Row> projects = run.table(spark(), "works_projects").orderBy("project_code").collectAsList();
        assertThat(projects).extracting(r -> r.getAs("project_code") + " " + r.getAs("name")).containsExactly("WP-1 道路大修", "WP-3 绿化补种");
    }

    @Test
    void everyRowReadIsAccountedFor() {
        List<Row> checks = run.table(spark(), "reconciliation").where("fiscal_year = 2023").collectAsList();
        assertThat(checks).isNotEmpty().allSatisfy(r -> assertThat((String) r.getAs("status"))
                .as("%s %s %s", r.getAs("check_name"), r.getAs("source"), r.getAs("detail")).isEqualTo("ok"));
        Map<String, String> details = new TreeMap<>();
        checks.stream().filter(r -> "rows_read_accounted_for".equals(r.getAs("check_name")))
                .forEach(r -> details.put(r.getAs("source"), r.getAs("detail")));
        assertEquals("read 7 = accepted 6 + quarantined 1 + exact duplicates 0 + other years 0 (from 2 files)", details.get("hotline_cases"));
        assertEquals("read 4 = accepted 3 + quarantined 1 + exact duplicates 0 + other years 0 (from 1 files)", details.get("repair_orders"));
        assertEquals("read 3 = accepted 2 + quarantined 1 + exact duplicates 0 + other years 0 (from 1 files)", details.get("works_projects"));
        assertEquals("read 0 = accepted 0 + quarantined 0 + exact duplicates 0 + other years 0 (from 1 files)", details.get("incidents"));
        assertEquals("succeeded", run.table(spark(), "job_runs").first().getAs("status"));
    }

    // ---------------------------------------------------------------- formula-like text

    @Test
    void formulaLikeTextIsStoredAsDelivered() {
        Map<String, String> categories = new TreeMap<>();
        run.table(spark(), "hotline_cases").where("case_id LIKE 'HL-F%'").collectAsList()
                .forEach(r -> categories.put(r.getAs("case_id"), r.getAs("category")));
        assertEquals(Map.of("HL-F1", HYPERLINK, "HL-F2", "+1+1", "HL-F3", "-2+3", "HL-F4", "@SUM(A1)"), categories);
        assertEquals(HYPERLINK, run.table(spark(), "self_reports").first().getAs("reported"));
    }

    @Test
    void theCsvExportNeutralisesFormulaLikeTextButNotNumbers() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = QueryCommand.run(new String[]{"--warehouse", run.warehouse().toString(), "--csv",
                        "SELECT case_id, category, -1.5 AS change FROM hotline_cases WHERE case_id LIKE 'HL-F%' ORDER BY case_id"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), c -> spark());
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("case_id,category,change",
                "HL-F1,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-1.5",
                "HL-F2,\"'+1+1\",-1.5",
                "HL-F3,\"'-2+3\",-1.5",
                "HL-F4,\"'@SUM(A1)\",-1.5"), List.of(out.toString(StandardCharsets.UTF_8).split("\r\n")));
    }

    @Test
    void theReportEscapesFormulaLikeText() throws IOException {
        String html = Files.readString(run.warehouse().resolve("reports/district-report-2023.html"));
        assertThat(html).contains("=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)").doesNotContain(HYPERLINK);
    }

    // ---------------------------------------------------------------- the files that stop the run

    static Stream<List<String>> stoppingFiles() {
        return Stream.of(
                List.of(TRUNCATED_GZ, "is a truncated gzip file (Unexpected end of ZLIB input stream): it ends before its compressed data does"),
                List.of(GARBAGE, "is not valid UTF-8 text (bytes on line 1 are not UTF-8: binary data, or text in another encoding"),
                List.of(UTF16, "holds binary data, not CSV text (a NUL byte on line 1)"),
                List.of(SAME_COLUMN_TWICE, "column unit_id appears twice in the header (column 1 and column 6)"),
                List.of(ALIAS_AND_NAME, "column indicator_id appears twice in the header (column 3 'indicator_id' and column 5 'Indicator_ID')"),
                List.of(UTF8_WITH_GBK, "is not valid UTF-8 text (bytes on line 3 are not UTF-8"),
                List.of(GBK_UNDECODABLE, "is not valid GBK text (bytes on line 3 are not GBK"),
                List.of(EMPTY, "the file is empty: no header row"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stoppingFiles")
    void aBadFileStopsTheRunNamingTheFileAndTheProblem(List<String> expected) {
        assertThat(stop).as("the run over the stopping corpus must stop with exit 2").isNotNull();
        assertEquals(ExitCode.BAD_INPUT, ExitCode.of(stop));
        assertThat(stop.getMessage()).contains("\n  " + expected.get(0) + ": " + expected.get(1));
    }

    @Test
    void theStoppedRunWroteNothing() {
        assertThat(stop).isNotNull();
        assertThat(stop.getMessage()).startsWith("bad deliveries, nothing written:")
                .hasLineCount(1 + (int) stoppingFiles().count());
        assertThat(Files.exists(stopWarehouse)).isFalse();
    }

    // ---------------------------------------------------------------- the text reader itself

    @Test
    void theTextReaderNeverHoldsMoreThanItsLimitOfALine() throws IOException {
        // Lines of 5, 30 and 4 characters with a limit of 10: the middle one is counted, not held.
        String text = "12345\n" + "a".repeat(30) + "\r\n" + "abcd";
        DeliveryText reader = new DeliveryText(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "UTF-8", true, 10);
        assertEquals("12345\n" + DeliveryText.TOO_LONG + "\r\nabcd", readAll(reader));
        DeliveryText.LongLine l = reader.nextLongLine();
        assertEquals(new DeliveryText.LongLine(2, 30, "a".repeat(30)), l);
        assertThat(reader.nextLongLine()).isNull();
    }

    @Test
    void theTextReaderNamesTheLineOfUndecodableBytes() {
        byte[] bytes = ("a\r\nb\rc\n" + "x".repeat(20_000) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] withGbk = Arrays.copyOf(bytes, bytes.length + 4);
        System.arraycopy("中文".getBytes(GBK), 0, withGbk, bytes.length, 4);
        assertThatThrownBy(() -> readAll(new DeliveryText(new ByteArrayInputStream(withGbk), "UTF-8", true)))
                .isInstanceOf(DeliveryText.UndecodableText.class)
                .satisfies(e -> assertEquals(5, ((DeliveryText.UndecodableText) e).line));
    }

    @Test
    void theTextReaderPassesEveryCharacterThroughUnchanged() throws IOException {
        String text = "\uFEFFh1,h2\r\n\"a\nb\",中文\r\n\rlast";
        String read = readAll(new DeliveryText(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "UTF-8", true));
        assertEquals(text.substring(1), read); // the BOM skipped, nothing else touched
    }

    private static String readAll(Reader reader) throws IOException {
        StringBuilder b = new StringBuilder();
        char[] buf = new char[7];
        for (int n; (n = reader.read(buf, 0, buf.length)) >= 0; ) {
            b.append(buf, 0, n);
        }
        return b.toString();
    }

}
