package cn.minhang.citymgmt.ingest;

import cn.minhang.citymgmt.app.ExitCode;
import cn.minhang.citymgmt.failures.RunStopped;
import cn.minhang.citymgmt.sources.RejectReason;
import cn.minhang.citymgmt.support.Deliveries;
import cn.minhang.citymgmt.support.SparkTestSession;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import scala.collection.JavaConverters;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static cn.minhang.citymgmt.support.Deliveries.LEDGER_HEADER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The job over the committed bad-delivery fixture (src/test/resources/bad-delivery, see its
 * README.md): every kind of bad row is quarantined with the right reason, re-deliveries are
 * dropped and counted, every row read is accounted for, and odd files (nested, .csv.gz, BOM)
 * are read. One job run, shared with the other fixture tests.
 */
class BadDeliveryTest extends SparkTestSession {
    private static final String HOTLINE_1 = "hotline_cases/2023-10/part-001.csv";
    private static final String HOTLINE_3 = "hotline_cases/2023-11/part-003.csv";
    private static final String WASTE_GZ = "waste_collections/2023/trips-pj.csv.gz";
    private static final String REPAIRS = "repair_orders/orders.csv";
    private static final String REPAIRS_RESENT = "repair_orders/resent/orders-again.csv";
    private static final String INSPECTIONS_BOM = "inspections/inspections-bom.csv";

    /** One quarantined line and every reason it must carry (each a prefix of one reason). */
    record Quarantined(String source, String file, long line, List<String> reasons) {
        @Override
        public String toString() {
            return file + ":" + line + " " + reasons;
        }
    }

    private static Quarantined q(String file, long line, String... reasons) {
        return new Quarantined(file.substring(0, file.indexOf('/')), file, line, List.of(reasons));
    }

    /** Every line of the fixture that must end in the quarantine, and nothing else. */
    static final List<Quarantined> QUARANTINED = List.of(
            q(HOTLINE_1, 4, "dates_out_of_order: closed_at 2023-10-11T08:00 is before received_at 2023-10-11T22:30"),
            q(HOTLINE_1, 5, "malformed_line: 13 fields where the header has 12"),
            q(HOTLINE_1, 6, "malformed_line: 10 fields where the header has 12"),
            q(HOTLINE_1, 7, "unknown_unit: MH-ZZ"),
            q(HOTLINE_1, 8, "unknown_enum: channel 'wechat'"),
            q(HOTLINE_1, 9, "unparsable_timestamp: received_at '2023/10/17 10:00'"),
            q(HOTLINE_1, 10, "missing_required: category"),
            q(HOTLINE_1, 11, "implausible_date: received_at 2203-10-18 10:00:00", "implausible_date: due_at 2203-10-25 10:00:00"),
            q(HOTLINE_1, 12, "unknown_enum: channel 'fax'", "unknown_enum: origin 'unknown'", "unknown_enum: satisfaction 'maybe'",
                    "dates_out_of_order: due_at 2023-10-19T10:00 is before received_at 2023-10-20T10:00", "unknown_unit: MH-QQ"),
            q(HOTLINE_1, 13, "conflicting_duplicate: case_id=HL-012 has 2 different records"),
            q(HOTLINE_3, 4, "conflicting_duplicate: case_id=HL-012 has 2 different records"),
            q(FixtureRuns.TWIN, 5, "unknown_enum: channel '微信'"),
            q(WASTE_GZ, 4, "out_of_range: tonnes 55 is not >= 0 and <= 40"),
            q(WASTE_GZ, 5, "unparsable_boolean: refused 'perhaps'"),
            q(WASTE_GZ, 6, "unknown_enum: waste_type 'glass'"),
            q(WASTE_GZ, 7, "unparsable_number: tonnes 'abc'"),
            q(WASTE_GZ, 8, "out_of_range: tonnes 2.000 must be 0 when refused is true"),
            q(REPAIRS, 3, "dates_out_of_order: completed_on 2023-05-01 is before reported_on 2023-05-10"),
            q(REPAIRS, 5, "unparsable_date: reported_on '2023-13-05'"),
            q(REPAIRS, 6, "unknown_enum: defect_grade 'F'"),
            q(REPAIRS, 7, "conflicting_duplicate: order_id=RO-006 has 2 different records"),
            q(REPAIRS, 8, "conflicting_duplicate: order_id=RO-006 has 2 different records"),
            q(REPAIRS, 9, "malformed_line: 6 fields where the header has 12"),
            q("elevator_projects/lifts.csv", 3, "dates_out_of_order: in_service_on 2023-04-01 is before signed_on 2023-05-10"),
            q("elevator_projects/lifts.csv", 4, "unparsable_number: households 'many'"),
            q("elevator_projects/lifts.csv", 5, "missing_required: no readable date places the record in a fiscal year"),
            q("budget_ledger/2023/ledger.csv", 7, "missing_required: project_code (required when account = project)"),
            q("budget_ledger/2023/ledger.csv", 8, "out_of_range: entry_date 2022-12-30 is outside fiscal_year 2023"),
            q("budget_ledger/2023/ledger.csv", 9, "out_of_range: amount_yuan -50.00 must be > 0 for payment"),
            q("budget_ledger/2023/ledger.csv", 10, "unparsable_number: fiscal_year '二〇二三'"),
            q("budget_ledger/2023/ledger.csv", 11, "unparsable_number: amount_yuan '12.345'"),
            q("asset_inventory/assets.csv", 4, "out_of_range: quantity 0 is not > 0"),
            q("asset_inventory/assets.csv", 5, "unknown_enum: asset_type 'fountain'"),
            q("asset_inventory/assets.csv", 6, "dates_out_of_order: maintained_to 2023-01-01 is before maintained_from 2023-06-01"),
            q(INSPECTIONS_BOM, 4, "out_of_range: score 120 is not >= 0 and <= 100"),
            q(INSPECTIONS_BOM, 5, "unparsable_date: inspected_on '2023-02-30'"),
            q(INSPECTIONS_BOM, 6, "unparsable_boolean: passed 'maybe'"),
            q("works_projects/projects.csv", 3, "dates_out_of_order: planned_finish 2023-02-01 is before planned_start 2023-03-01"),
            q("works_projects/projects.csv", 4, "out_of_range: budget_yuan -5.00 is not >= 0"),
            q("works_projects/projects.csv", 5, "missing_required: name"),
            q("incidents/incidents.csv", 3, "unknown_enum: severity 'catastrophic'"),
            q("incidents/incidents.csv", 4, "missing_required: occurred_on"),
            q("incidents/incidents.csv", 5, "unknown_unit: MH-XX"),
            q("surveys/surveys.csv", 4, "out_of_range: satisfied 120 exceeds respondents 100"),
            q("surveys/surveys.csv", 5, "out_of_range: respondents 0 is not > 0"),
            q("surveys/surveys.csv", 6, "unparsable_number: respondents '100.5'"),
            q("assessments/assessments-2023.csv", 3, "out_of_range: fraction 1.5 is not >= 0 and <= 1"),
            q("assessments/assessments-2023.csv", 4, "invalid_format: indicator_id 'Mgmt-Business'",
                    "unknown_indicator: Mgmt-Business is not in the 2023 framework"),
            q("assessments/assessments-2023.csv", 5, "unknown_enum: grade 'excellent'"),
            q("targets/targets-2023.csv", 4,
                    "conflicting_duplicate: unit_id=MH-PJ|fiscal_year=2023|indicator_id=output.elevators has 2 different records"),
            q("targets/targets-2023.csv", 5,
                    "conflicting_duplicate: unit_id=MH-PJ|fiscal_year=2023|indicator_id=output.elevators has 2 different records"),
            q("targets/targets-2023.csv", 6, "missing_required: target"),
            q("targets/targets-2023.csv", 7, "unknown_indicator: output.fountains is not in the 2023 framework"),
            q("self_reports/self-reports-2023.csv", 3, "malformed_line: 5 fields where the header has 4"),
            q("self_reports/self-reports-2023.csv", 4, "unknown_unit: mh-pj"),
            q("self_reports/self-reports-2023.csv", 5, "malformed_line: 3 fields where the header has 4"));

    /** source → rows read, accepted, quarantined, exact duplicates, other years, files. */
    static final Map<String, long[]> COUNTS = new LinkedHashMap<>();

    static {
        COUNTS.put("units", new long[]{2, 2, 0, 0, 0, 1});
        COUNTS.put("budget_ledger", new long[]{11, 5, 5, 0, 1, 1});
        COUNTS.put("waste_collections", new long[]{7, 2, 5, 0, 0, 1});
        COUNTS.put("hotline_cases", new long[]{21, 6, 12, 2, 1, 3});
        COUNTS.put("repair_orders", new long[]{10, 2, 6, 2, 0, 2});
        COUNTS.put("elevator_projects", new long[]{4, 1, 3, 0, 0, 1});
        COUNTS.put("asset_inventory", new long[]{5, 2, 3, 0, 0, 1});
        COUNTS.put("inspections", new long[]{5, 2, 3, 0, 0, 1});
        COUNTS.put("works_projects", new long[]{4, 1, 3, 0, 0, 1});
        COUNTS.put("incidents", new long[]{4, 1, 3, 0, 0, 1});
        COUNTS.put("surveys", new long[]{5, 2, 3, 0, 0, 1});
        COUNTS.put("assessments", new long[]{4, 1, 3, 0, 0, 1});
        COUNTS.put("targets", new long[]{6, 2, 4, 0, 0, 1});
        COUNTS.put("self_reports", new long[]{4, 1, 3, 0, 0, 1});
    }

    /** source → the key expression of its cleaned table and the keys that must be accepted. */
    static final Map<String, List<String>> ACCEPTED = new LinkedHashMap<>();

    static {
        ACCEPTED.put("units", List.of("unit_id", "MH-PJ", "MH-XH"));
        ACCEPTED.put("budget_ledger", List.of("entry_id", "BL-001", "BL-002", "BL-003", "BL-004", "BL-005"));
        ACCEPTED.put("waste_collections", List.of("trip_id", "WC-001", "WC-002"));
        ACCEPTED.put("hotline_cases", List.of("case_id", "HL-001", "HL-002", "HL-013", "HL-G01", "HL-G02", "HL-G03"));
        ACCEPTED.put("repair_orders", List.of("order_id", "RO-001", "RO-003"));
        ACCEPTED.put("elevator_projects", List.of("project_id", "EP-001"));
        ACCEPTED.put("asset_inventory", List.of("asset_id", "AI-001", "AI-002"));
        ACCEPTED.put("inspections", List.of("inspection_id", "IN-001", "IN-002"));
        ACCEPTED.put("works_projects", List.of("project_code", "WP-001"));
        ACCEPTED.put("incidents", List.of("incident_id", "IC-001"));
        ACCEPTED.put("surveys", List.of("survey_id", "SV-001", "SV-002"));
        ACCEPTED.put("assessments", List.of("concat(unit_id, '/', indicator_id)", "MH-PJ/mgmt.decision"));
        ACCEPTED.put("targets", List.of("concat(unit_id, '/', indicator_id)", "MH-PJ/output.parks", "MH-XH/output.parks"));
        ACCEPTED.put("self_reports", List.of("concat(unit_id, '/', indicator_id)", "MH-PJ/output.parks"));
    }

    private static FixtureRuns.Run run;
    private static Map<String, Row> quarantine;

    @BeforeAll
    static void runOnce() {
        run = FixtureRuns.badDelivery(spark());
        quarantine = new TreeMap<>();
        for (Row r : table("quarantine").collectAsList()) {
            quarantine.put(r.getAs("file") + ":" + r.getAs("line_number"), r);
        }
    }

    private static org.apache.spark.sql.Dataset<Row> table(String name) {
        return run.table(spark(), name);
    }

    static Stream<Quarantined> quarantinedLines() {
        return QUARANTINED.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("quarantinedLines")
    void badLineIsQuarantinedWithEveryReason(Quarantined expected) {
        Row row = quarantine.get(expected.file() + ":" + expected.line());
        assertThat(row).as("quarantine row for %s:%d", expected.file(), expected.line()).isNotNull();
        assertEquals(expected.source(), row.getAs("source"));
        assertEquals(2023, (int) row.getAs("fiscal_year"));
        List<String> reasons = row.getList(row.fieldIndex("reasons"));
        assertThat(reasons).as("reasons of %s", expected).hasSameSizeAs(expected.reasons());
        for (String prefix : expected.reasons()) {
            assertThat(reasons).as("reasons of %s", expected).anySatisfy(r -> assertThat(r).startsWith(prefix));
        }
    }

    @Test
    void everyTableIsRowForRowWhatTheJobWroteBeforeTheStreamingIngest() {
        // golden/bad.tsv: digests of the same run made with the job as it was before the streaming
        // reader, the single-shuffle classification and the concurrent writes (issue #8).
        cn.minhang.citymgmt.support.TableDigests.assertUnchanged(spark(),
                cn.minhang.citymgmt.support.Processes.PROJECT.resolve("src/test/resources/golden/bad.tsv"), run.warehouse());
    }

    @Test
    void quarantineHoldsExactlyTheBadLines() {
        Set<String> expected = QUARANTINED.stream().map(q -> q.file() + ":" + q.line()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(quarantine.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertEquals(56, table("quarantine").where("fiscal_year = 2023").count());
    }

    @Test
    void fixtureExercisesEveryReasonKindTheIngestKnows() {
        Set<String> kinds = new TreeSet<>();
        quarantine.values().forEach(r -> r.<String>getList(r.fieldIndex("reasons"))
                .forEach(reason -> kinds.add(reason.substring(0, reason.indexOf(':')))));
        Set<String> all = Arrays.stream(RejectReason.values()).map(RejectReason::code).collect(Collectors.toCollection(TreeSet::new));
        assertThat(kinds).isEqualTo(all);
    }

    static Stream<String> sources() {
        return ACCEPTED.keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void goodLinesAreAcceptedOnceEach(String source) {
        List<String> spec = ACCEPTED.get(source);
        List<String> keys = table(source).where("fiscal_year = 2023").selectExpr(spec.get(0) + " AS k")
                .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertThat(keys).containsExactlyInAnyOrderElementsOf(spec.subList(1, spec.size()));
    }

    @Test
    void exactDuplicatesAreDroppedAndCountedNotQuarantined() {
        // part-003.csv re-delivers HL-001 and HL-002 with another column order; orders-again.csv resends RO-001 and RO-003.
        assertThat(quarantine).doesNotContainKeys(HOTLINE_3 + ":2", HOTLINE_3 + ":3", REPAIRS_RESENT + ":2", REPAIRS_RESENT + ":3");
        Row first = table("hotline_cases").where("case_id = 'HL-001'").first();
        assertEquals(HOTLINE_1, first.getAs("source_file"));
        assertEquals(2L, (long) first.getAs("source_line"));
        assertEquals(1, table("repair_orders").where("order_id = 'RO-003'").count());
        assertEquals(REPAIRS, table("repair_orders").where("order_id = 'RO-003'").first().getAs("source_file"));

        Row runRow = table("job_runs").first();
        Map<String, Long> duplicates = javaMap(runRow, "rows_duplicate");
        assertEquals(2L, duplicates.get("hotline_cases"));
        assertEquals(2L, duplicates.get("repair_orders"));
        assertEquals(4L, duplicates.values().stream().mapToLong(Long::longValue).sum());
        assertEquals("read 21 = accepted 6 + quarantined 12 + exact duplicates 2 + other years 1 (from 3 files)",
                reconciliationDetail("hotline_cases"));
        assertEquals("read 10 = accepted 2 + quarantined 6 + exact duplicates 2 + other years 0 (from 2 files)",
                reconciliationDetail("repair_orders"));
    }

    @Test
    void conflictingDuplicatesAreAllQuarantinedAndNoneAccepted() {
        assertEquals(0, table("hotline_cases").where("case_id = 'HL-012'").count());
        assertEquals(0, table("repair_orders").where("order_id = 'RO-006'").count());
        assertEquals(0, table("targets").where("unit_id = 'MH-PJ' AND indicator_id = 'output.elevators'").count());
        assertEquals(6, quarantine.values().stream().filter(r -> r.<String>getList(r.fieldIndex("reasons")).stream()
                .anyMatch(s -> s.startsWith("conflicting_duplicate: "))).count());
    }

    @Test
    void otherYearsAreCountedNeitherAcceptedNorQuarantined() {
        assertEquals(0, table("hotline_cases").where("case_id = 'HL-2022-01'").count());
        assertEquals(0, table("budget_ledger").where("entry_id = 'BL-011'").count());
        assertThat(quarantine).doesNotContainKeys(HOTLINE_1 + ":14", "budget_ledger/2023/ledger.csv:12");
        Map<String, Long> others = javaMap(table("job_runs").first(), "rows_other_year");
        assertEquals(1L, others.get("hotline_cases"));
        assertEquals(1L, others.get("budget_ledger"));
        assertEquals(2L, others.values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void everyRowReadIsAccountedForAndEveryCheckOfTheYearIsOk() {
        List<Row> checks = table("reconciliation").where("fiscal_year = 2023").collectAsList();
        assertThat(checks).isNotEmpty().allSatisfy(r ->
                assertThat((String) r.getAs("status")).as("%s %s %s", r.getAs("check_name"), r.getAs("source"), r.getAs("detail"))
                        .isEqualTo("ok"));
        Map<String, Row> rowsRead = new TreeMap<>();
        checks.stream().filter(r -> "rows_read_accounted_for".equals(r.getAs("check_name")))
                .forEach(r -> rowsRead.put(r.getAs("source"), r));
        assertThat(rowsRead.keySet()).containsExactlyInAnyOrderElementsOf(COUNTS.keySet());
        COUNTS.forEach((source, c) -> {
            Row r = rowsRead.get(source);
            assertEquals(BigDecimal.valueOf(c[0]).setScale(2), r.getAs("expected"), source);
            assertEquals(BigDecimal.valueOf(c[0]).setScale(2), r.getAs("actual"), source);
            assertEquals(String.format("read %d = accepted %d + quarantined %d + exact duplicates %d + other years %d (from %d files)",
                    c[0], c[1], c[2], c[3], c[4], c[5]), r.getAs("detail"), source);
        });
        assertThat(checks.stream().filter(r -> ((String) r.getAs("check_name")).startsWith("budget_")).count()).isGreaterThan(0);
    }

    @Test
    void jobRunRecordsEverySourcesCounts() {
        Row r = table("job_runs").first();
        assertEquals("succeeded", r.getAs("status"));
        assertEquals(run.summary().runId(), r.getAs("run_id"));
        Map<String, Long> read = javaMap(r, "rows_read");
        Map<String, Long> accepted = javaMap(r, "rows_accepted");
        Map<String, Long> rejected = javaMap(r, "rows_rejected");
        Map<String, Long> duplicate = javaMap(r, "rows_duplicate");
        assertThat(read.keySet()).containsExactlyInAnyOrderElementsOf(COUNTS.keySet());
        COUNTS.forEach((source, c) -> {
            assertEquals(c[0], read.get(source), "read " + source);
            assertEquals(c[1], accepted.get(source), "accepted " + source);
            assertEquals(c[2], rejected.get(source), "rejected " + source);
            assertEquals(c[3], duplicate.get(source), "duplicates " + source);
        });
    }

    @Test
    void nestedFoldersGzipAndBomFilesAreRead() {
        // nested: hotline_cases/2023-11/part-003.csv (another column order)
        Row nested = table("hotline_cases").where("case_id = 'HL-013'").first();
        assertEquals(HOTLINE_3, nested.getAs("source_file"));
        assertEquals(5L, (long) nested.getAs("source_line"));
        assertEquals("MH-PJ", nested.getAs("unit_id"));
        assertEquals("city_ops", nested.getAs("channel"));
        assertEquals("basically_satisfied", nested.getAs("satisfaction"));
        // gzip, with a Chinese label as enum value
        List<Row> trips = table("waste_collections").orderBy("trip_id").collectAsList();
        assertThat(trips).extracting(t -> t.getAs("source_file")).containsOnly(WASTE_GZ);
        assertEquals("dry", trips.get(0).getAs("waste_type"));
        assertEquals(new BigDecimal("3.200"), trips.get(0).getAs("tonnes"));
        assertEquals("wet", trips.get(1).getAs("waste_type"));
        assertEquals(Boolean.FALSE, trips.get(1).getAs("refused"));
        // UTF-8 with BOM: the first header column is still inspection_id
        List<Row> inspections = table("inspections").orderBy("inspection_id").collectAsList();
        assertThat(inspections).extracting(t -> t.getAs("source_file")).containsOnly(INSPECTIONS_BOM);
        assertEquals("IN-001", inspections.get(0).getAs("inspection_id"));
        assertEquals(new BigDecimal("91.500"), inspections.get(0).getAs("score"));
        assertEquals("greening", inspections.get(1).getAs("domain"));
        assertEquals(Boolean.TRUE, inspections.get(1).getAs("passed"));
    }

    @Test
    void quarantinedRawRecordsHaveThePersonalDataMasked() {
        assertEquals("HL-003,MH-PJ,hotline_12345,passive,噪音扰民,2023-10-11 22:30:00,2023-10-18 22:30:00,"
                + "2023-10-11 08:00:00,dissatisfied,***,***,***", raw(HOTLINE_1, 4));
        // an extra field after the name shifts the phone into the address column; the parser cannot
        // tell where the extra field went in, so it masks from one place earlier than the header says
        assertEquals("HL-004,MH-PJ,hotline_12345,passive,停车管理,2023-10-12 08:00:00,2023-10-19 08:00:00,"
                + "2023-10-13 09:00:00,***,***,***,***,***", raw(HOTLINE_1, 5));
        assertEquals("MH-XH,HL-012,2023-10-21 09:00:00,hotline_12345,passive,停车管理,2023-10-28 09:00:00,"
                + "2023-10-22 09:00:00,dissatisfied,***,***,***", raw(HOTLINE_3, 4));
        assertEquals("HL-G04,MH-XH,微信,被动,停车管理,2023-12-04 08:00:00,2023-12-11 08:00:00,2023-12-04 18:00:00,不满意,***,***,***",
                raw(FixtureRuns.TWIN, 5));
        // sources without personal data keep their line as delivered
        assertEquals("RO-007,MH-PJ,sidewalk,B,2023-08-01,2023-08-08", raw(REPAIRS, 9));
    }

    @Test
    void personalFieldsShiftedLeftByMissingFieldsAreMaskedToo() {
        // closed_at and satisfaction are missing: caller_name, caller_phone and address sit two columns early
        assertEquals("HL-005,MH-PJ,petition,passive,物业管理,2023-10-14 10:00:00,2023-10-21 10:00:00,***,***,***",
                raw(HOTLINE_1, 6));
    }

    private static String raw(String file, long line) {
        Row r = quarantine.get(file + ":" + line);
        assertThat(r).as("quarantine row %s:%d", file, line).isNotNull();
        return r.getAs("raw_record");
    }

    private static String reconciliationDetail(String source) {
        return table("reconciliation")
                .where("check_name = 'rows_read_accounted_for' AND source = '" + source + "' AND fiscal_year = 2023")
                .first().getAs("detail");
    }

    private static Map<String, Long> javaMap(Row row, String column) {
        scala.collection.Map<String, Object> m = row.getMap(row.fieldIndex(column));
        Map<String, Long> out = new TreeMap<>();
        JavaConverters.mapAsJavaMap(m).forEach((k, v) -> out.put(k, ((Number) v).longValue()));
        return out;
    }

    /** A source above the reject limit stops the run after the cleaned tables and quarantine: no scored table. */
    @Test
    void sourceAboveTheRejectLimitStopsBeforeAnyScoredTable(@TempDir Path dir) {
        Path warehouse = dir.resolve("warehouse");
        Deliveries input = Deliveries.in(dir.resolve("input"))
                .file("budget_ledger/ledger.csv", LEDGER_HEADER,
                        "L-1,MH-PJ,2023,2023-01-05,basic,,,initial,1000.00,",
                        "L-2,MH-PJ,2023,2023-02-05,basic,,,payment,500.00,")
                .file("hotline_cases/2023/cases.csv",
                        "case_id,unit_id,channel,origin,category,received_at,due_at,closed_at,satisfaction,caller_name,caller_phone,address",
                        "C-1,MH-PJ,hotline_12345,passive,物业管理,2023-03-01 09:00:00,2023-03-08 09:00:00,,,,,",
                        "C-2,MH-PJ,hotline_12345,passive,物业管理,2023-03-02 09:00:00,2023-03-09 09:00:00,,,,,",
                        "C-3,MH-XH,city_ops,active,市容环境,2023-03-03 09:00:00,2023-03-10 09:00:00,,,,,",
                        "C-4,MH-XH,telegram,active,市容环境,2023-03-04 09:00:00,2023-03-11 09:00:00,,,,,");
        assertThatThrownBy(() -> FixtureRuns.run(spark(), input.root(), dir, warehouse,
                "--set", "quarantine.max_rejected_percent=20", "--set", "quarantine.min_rejected_rows=0"))
                .isInstanceOf(RunStopped.class)
                .satisfies(e -> assertEquals(ExitCode.TOO_MANY_REJECTS, ExitCode.of((RunStopped) e)))
                .hasMessageContaining("hotline_cases: 1 of 4 rows rejected (25.00 %), above 20 % and more than 0 rows")
                .hasMessageNotContaining("budget_ledger");
        assertThat(Files.exists(warehouse.resolve("budget_execution"))).isFalse();
        assertThat(Files.exists(warehouse.resolve("budget_execution_monthly"))).isFalse();
        org.apache.spark.sql.Dataset<Row> cases = spark().read().format("delta").load(warehouse.resolve("hotline_cases").toString());
        assertEquals(3, cases.count());
        Row rejected = spark().read().format("delta").load(warehouse.resolve("quarantine").toString()).first();
        assertEquals("hotline_cases", rejected.getAs("source"));
        assertEquals(5L, (long) rejected.getAs("line_number"));
        Row jobRun = spark().read().format("delta").load(warehouse.resolve("job_runs").toString()).first();
        assertEquals("failed_reject_threshold", jobRun.getAs("status"));
        assertThat((String) jobRun.getAs("message")).contains("hotline_cases: 1 of 4 rows rejected (25.00 %)");
        assertThat(new ArrayList<>(jobRun.<String>getList(jobRun.fieldIndex("tables_written")))).doesNotContain("budget_execution");
    }
}
