package cn.minhang.citymgmt.ingest;

import cn.minhang.citymgmt.job.JobConfig;
import cn.minhang.citymgmt.sources.Column;
import cn.minhang.citymgmt.sources.SourceDefinition;
import cn.minhang.citymgmt.sources.Sources;
import cn.minhang.citymgmt.support.SparkTestSession;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * No caller name, phone number or address of the bad-delivery fixture reaches the warehouse in
 * clear text: not in any row of any Delta table (quarantine included), not in the Delta logs'
 * column statistics. The personal values are read from the fixture CSVs themselves, so a row
 * added to the fixture extends the check.
 */
class PersonalDataLeakTest extends SparkTestSession {
    /** Mainland mobiles and landlines with an area code, as they may stand in any field. */
    private static final Pattern PHONE = Pattern.compile("(?<!\\d)(?:1[3-9]\\d{9}|0\\d{2,3}-?\\d{7,8})(?!\\d)");

    private static FixtureRuns.Run run;
    private static Set<String> personal;

    @BeforeAll
    static void runAndCollect() throws IOException {
        run = FixtureRuns.badDelivery(spark());
        personal = personalValues(run.input());
    }

    @Test
    void theFixtureHoldsThePersonalDataThisTestLooksFor() {
        // the collection must find well-formed, shifted and re-delivered personal values alike
        assertThat(personal).contains("13912345678", "王建国", "浦锦路123弄4号301室", // well-formed
                "021-64301234", "02164301234", "孙丽娟",                            // landline, conflicting duplicate
                "张伟", "13712345670", "浦星公路1969号",                            // shifted right
                "陈静", "13612345671", "浦锦路500弄9号",                            // shifted left
                "周晓梅", "15022223333", "新虹路66号",                              // the GBK twin's rows
                "钱大勇", "18612345674");                                          // other year, nested folder
        // and the byte scan finds them where they are in clear text: the input itself
        assertThat(leaksInFiles(run.input())).isNotEmpty();
    }

    @Test
    void noRowOfAnyTableButTheQuarantineHoldsPersonalDataInClearText() throws IOException {
        List<Path> tables = deltaTables(run.warehouse());
        assertThat(tables.stream().map(p -> p.getFileName().toString()))
                .contains("hotline_cases", "quarantine", "reconciliation", "job_runs", "budget_execution")
                .hasSizeGreaterThanOrEqualTo(Sources.ALL.size() + 5);
        List<Path> others = tables.stream().filter(t -> !t.getFileName().toString().equals("quarantine")).toList();
        assertThat(scanRows(others, 50)).isEmpty();
    }

    @Test
    void noQuarantineRowHoldsPersonalDataInClearText() {
        assertThat(scanRows(List.of(run.warehouse().resolve("quarantine")), 50)).isEmpty();
    }

    /** Every row of every table as text, searched for every personal value; the leaks found. */
    private static List<String> scanRows(List<Path> tables, long atLeastRows) {
        List<String> leaks = new ArrayList<>();
        long rows = 0;
        for (Path table : tables) {
            for (Row row : spark().read().format("delta").load(table.toString()).collectAsList()) {
                rows++;
                String text = row.toString();
                for (String value : personal) {
                    if (text.contains(value)) {
                        leaks.add(table.getFileName() + ": '" + value + "' in " + text);
                    }
                }
            }
        }
        assertThat(rows).as("rows scanned").isGreaterThanOrEqualTo(atLeastRows);
        return leaks;
    }

    @Test
    void noFileOutsideTheParquetDataHoldsPersonalData() throws IOException {
        assertThat(leaksInFiles(run.warehouse())).isEmpty();
    }

    @Test
    void hotlineCasesKeepOnlyAKeyedHashOfThePhone() {
        org.apache.spark.sql.Dataset<Row> cases = run.table(spark(), "hotline_cases");
        assertThat(cases.columns()).contains("caller_key").doesNotContain("caller_name", "caller_phone", "address");
        List<Row> withPhone = cases.where("case_id IN ('HL-001', 'HL-013', 'HL-G01', 'HL-G03')").collectAsList();
        assertEquals(4, withPhone.size());
        assertThat(withPhone).allSatisfy(r -> assertThat((String) r.getAs("caller_key")).matches("[0-9a-f]{64}"));
        assertEquals(PersonalData.keyedPhoneHash(JobConfig.SAMPLE_HMAC_KEY, "13912345678"),
                cases.where("case_id = 'HL-001'").first().getAs("caller_key"));
        assertEquals(0, cases.where("case_id IN ('HL-002', 'HL-G02') AND caller_key IS NOT NULL").count());
    }

    // ---- the personal values of the fixture ---------------------------------------------------

    /**
     * Every personal field of every fixture line. A malformed line's fields may have shifted, so
     * from it everything from where the personal fields could start is taken, except what
     * plainly is not personal (enumeration values, dates, timestamps); plus anything shaped like
     * a phone number in any field of any source. Phones also count in their digits-only form.
     */
    static Set<String> personalValues(Path root) throws IOException {
        Set<String> values = new TreeSet<>();
        for (Path file : csvFiles(root)) {
            String folder = root.relativize(file).getName(0).toString();
            SourceDefinition source = Sources.named(folder).orElseThrow();
            List<String[]> lines = parse(file);
            String[] header = Arrays.stream(lines.get(0)).map(h -> h.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT))
                    .toArray(String[]::new);
            int firstPersonal = Integer.MAX_VALUE;
            List<Integer> personalAt = new ArrayList<>();
            for (int i = 0; i < header.length; i++) {
                if (source.hasColumn(header[i]) && source.column(header[i]).isPersonal()) {
                    personalAt.add(i);
                    firstPersonal = Math.min(firstPersonal, i);
                }
            }
            for (String[] fields : lines.subList(1, lines.size())) {
                for (String f : fields) {
                    Matcher m = PHONE.matcher(f == null ? "" : f);
                    while (m.find()) {
                        values.add(m.group());
                    }
                }
                if (personalAt.isEmpty()) {
                    continue;
                }
                if (fields.length == header.length) {
                    personalAt.forEach(i -> add(values, fields[i]));
                } else {
                    int from = Math.max(0, firstPersonal - Math.max(0, header.length - fields.length));
                    for (int i = from; i < fields.length; i++) {
                        if (!plainlyNotPersonal(source, fields[i])) {
                            add(values, fields[i]);
                        }
                    }
                }
            }
        }
        for (String v : List.copyOf(values)) {
            String digits = v.replaceAll("\\D", "");
            if (PHONE.matcher(v).matches() && !digits.equals(v)) {
                values.add(digits);
            }
        }
        return values;
    }

    private static void add(Set<String> values, String field) {
        if (field != null && !field.isBlank()) {
            values.add(field.trim());
        }
    }

    private static boolean plainlyNotPersonal(SourceDefinition source, String field) {
        if (field == null || field.isBlank()) {
            return true;
        }
        String f = field.trim();
        for (Column c : source.columns()) {
            if (c.enumAliases().containsKey(f) || c.enumAliases().containsKey(f.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        try {
            LocalDateTime.parse(f, DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
            return true;
        } catch (DateTimeParseException notATimestamp) {
            try {
                LocalDate.parse(f);
                return true;
            } catch (DateTimeParseException notADate) {
                return false;
            }
        }
    }

    private static List<Path> csvFiles(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".csv") || p.toString().endsWith(".csv.gz"))
                    .filter(p -> root.relativize(p).getNameCount() > 1)
                    .sorted().toList();
        }
    }

    /** The fixture files are UTF-8 (BOM or not), some gzipped. */
    private static List<String[]> parse(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            CsvParserSettings settings = new CsvParserSettings();
            settings.setHeaderExtractionEnabled(false);
            settings.setLineSeparatorDetectionEnabled(true);
            settings.setNullValue(null);
            settings.setEmptyValue(null);
            return new CsvParser(settings).parseAll(reader);
        }
    }

    // ---- scanning the warehouse ----------------------------------------------------------------

    private static List<Path> deltaTables(Path warehouse) throws IOException {
        try (Stream<Path> paths = Files.walk(warehouse)) {
            return paths.filter(p -> p.getFileName().toString().equals("_delta_log") && Files.isDirectory(p))
                    .map(Path::getParent).sorted().toList();
        }
    }

    /** Personal values found in the raw bytes of every file under {@code root} but Parquet data. */
    private static List<String> leaksInFiles(Path root) {
        List<String> leaks = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path file : paths.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".parquet")).toList()) {
                byte[] content = Files.readAllBytes(file);
                for (String value : personal) {
                    if (indexOf(content, value.getBytes(StandardCharsets.UTF_8)) >= 0) {
                        leaks.add(root.relativize(file) + ": '" + value + "'");
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return leaks;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
