package cn.minhang.citymgmt.ingest;

import cn.minhang.citymgmt.sources.Sources;
import cn.minhang.citymgmt.sources.YearMembership.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordParserTest {
    private static final String[] LEDGER = {"entry_id", "unit_id", "fiscal_year", "entry_date", "account", "project_code",
            "project_name", "entry_type", "amount_yuan", "funding_source"};
    private static final String[] HOTLINE = {"case_id", "unit_id", "channel", "origin", "category", "received_at", "due_at",
            "closed_at", "satisfaction", "caller_name", "caller_phone", "address"};
    private static final String SECRET = "a-test-secret-of-16+";

    private static ParsedRecord ledger(String... fields) {
        return new RecordParser(Sources.BUDGET_LEDGER, LEDGER, 2023, SECRET).parse(fields);
    }

    private static ParsedRecord hotline(String... fields) {
        return new RecordParser(Sources.HOTLINE_CASES, HOTLINE, 2023, SECRET).parse(fields);
    }

    private static String[] goodLedger() {
        return new String[]{"E1", "MH-PJ", "2023", "2023-03-01", "project", "P1", "养护", "payment", "1200.50", "镇级财政"};
    }

    @Test
    void validRecordIsTypedAndHasNoReason() {
        ParsedRecord r = ledger(goodLedger());
        assertEquals(List.of(), r.reasons());
        assertEquals(Verdict.IN_YEAR, r.membership());
        assertEquals("E1", r.values()[0]);
        assertEquals(2023, r.values()[2]);
        assertEquals(LocalDate.of(2023, 3, 1), r.values()[3]);
        assertEquals(new BigDecimal("1200.50"), r.values()[8]);
        assertEquals("entry_id=E1", r.key());
    }

    @Test
    void chineseLabelsAreAliasesOfTheCodes() {
        String[] f = goodLedger();
        f[4] = "项目支出";
        f[7] = "支出";
        ParsedRecord r = ledger(f);
        assertEquals(List.of(), r.reasons());
        assertEquals("project", r.values()[4]);
        assertEquals("payment", r.values()[7]);
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "8|abc|unparsable_number: amount_yuan 'abc'",
            "8|12.345|unparsable_number: amount_yuan '12.345'",
            "3|2023/03/01|unparsable_date: entry_date '2023/03/01'",
            "3|2023-02-30|unparsable_date: entry_date '2023-02-30'",
            "4|capital|unknown_enum: account 'capital'",
            "0||missing_required: entry_id",
            "8|-5.00|out_of_range: amount_yuan -5.00 must be > 0 for payment",
            "3|2022-12-31|out_of_range: entry_date 2022-12-31 is outside fiscal_year 2023",
            "5||missing_required: project_code (required when account = project)",
            "3|2203-03-01|implausible_date: entry_date 2203-03-01",
    })
    void eachBrokenFieldGivesItsReason(int index, String value, String reason) {
        String[] f = goodLedger();
        f[index] = value;
        assertThat(ledger(f).reasons()).anySatisfy(r -> assertThat(r).startsWith(reason));
    }

    @Test
    void everyReasonIsKeptNotOnlyTheFirst() {
        ParsedRecord r = ledger("E9", "", "2023", "yesterday", "capital", "", "", "payment", "x", "");
        assertThat(r.reasons()).hasSize(4).anySatisfy(s -> assertThat(s).startsWith("missing_required: unit_id"))
                .anySatisfy(s -> assertThat(s).startsWith("unparsable_date"))
                .anySatisfy(s -> assertThat(s).startsWith("unknown_enum"))
                .anySatisfy(s -> assertThat(s).startsWith("unparsable_number"));
    }

    @Test
    void adjustmentsCarryTheirSign() {
        String[] f = goodLedger();
        f[7] = "adjustment";
        f[8] = "-803830.00";
        assertEquals(List.of(), ledger(f).reasons());
    }

    @Test
    void wrongFieldCountIsOneMalformedLineReason() {
        ParsedRecord r = ledger("E1", "MH-PJ", "2023");
        assertEquals(List.of("malformed_line: 3 fields where the header has 10"), r.reasons());
    }

    @Test
    void recordOfAnotherYearIsOtherYearNotAnError() {
        String[] f = goodLedger();
        f[2] = "2022";
        f[3] = "2022-05-01";
        ParsedRecord r = ledger(f);
        assertEquals(Verdict.OTHER_YEAR, r.membership());
        assertEquals(List.of(), r.reasons());
    }

    @Test
    void unreadableGoverningDateStaysInTheRunYear() {
        ParsedRecord r = hotline("C1", "MH-PJ", "12345热线", "被动", "噪音扰民", "not a time", "2023-01-03 10:00:00", "", "", "", "", "");
        assertEquals(Verdict.UNREADABLE, r.membership());
        assertThat(r.reasons()).anySatisfy(s -> assertThat(s).startsWith("unparsable_timestamp: received_at"));
    }

    @Test
    void closingBeforeReceivingIsOutOfOrder() {
        ParsedRecord r = hotline("C1", "MH-PJ", "hotline_12345", "passive", "噪音扰民", "2023-01-05 10:00:00",
                "2023-01-08 10:00:00", "2023-01-04 09:00:00", "满意", "", "", "");
        assertThat(r.reasons()).containsExactly(
                "dates_out_of_order: closed_at 2023-01-04T09:00 is before received_at 2023-01-05T10:00");
    }

    @Test
    void personalDataIsHashedAndMaskedNeverKept() {
        ParsedRecord r = hotline("C1", "MH-PJ", "hotline_12345", "passive", "噪音扰民", "2023-01-05 10:00:00",
                "2023-01-08 10:00:00", "", "", "张伟", "138-0013-8000", "浦锦路1号");
        String all = String.join("|", java.util.Arrays.stream(r.values()).map(String::valueOf).toList()) + r.maskedRaw();
        assertThat(all).doesNotContain("张伟", "0013", "浦锦路1号");
        Object key = r.values()[r.values().length - 1];
        assertEquals(PersonalData.keyedPhoneHash(SECRET, "+86 13800138000"), key);
        assertThat(r.maskedRaw()).contains("***");
    }

    @Test
    void malformedLineMasksEverythingFromThePersonalColumnsOn() {
        ParsedRecord r = hotline("C1", "MH-PJ", "hotline_12345", "passive", "噪音扰民", "2023-01-05 10:00:00",
                "2023-01-08 10:00:00", "", "", "王芳", "extra", "13912345678", "闵行区某路");
        assertThat(r.maskedRaw()).doesNotContain("王芳", "13912345678", "闵行区某路");
    }

    @Test
    void sameContentInAnotherColumnOrderHasTheSameFingerprint() {
        String[] reordered = {"unit_id", "entry_id", "fiscal_year", "entry_date", "account", "project_code",
                "project_name", "entry_type", "amount_yuan", "funding_source"};
        String[] f = goodLedger();
        ParsedRecord a = ledger(f);
        ParsedRecord b = new RecordParser(Sources.BUDGET_LEDGER, reordered, 2023, SECRET)
                .parse(new String[]{f[1], f[0], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9]});
        assertEquals(a.fingerprint(), b.fingerprint());
        f[8] = "1200.51";
        assertNotEquals(a.fingerprint(), ledger(f).fingerprint());
    }

    @Test
    void headerWithoutRequiredColumnsIsAFileProblem() {
        List<String> problems = RecordParser.headerProblems(Sources.BUDGET_LEDGER, new String[]{"entry_id", "unit_id", "amount"});
        assertEquals(1, problems.size());
        assertThat(problems.get(0)).startsWith("header lacks required column(s) fiscal_year, entry_date, account, entry_type, amount_yuan");
        assertTrue(RecordParser.headerProblems(Sources.BUDGET_LEDGER, LEDGER).isEmpty());
        assertThat(RecordParser.headerProblems(Sources.BUDGET_LEDGER, null)).containsExactly("the file is empty: no header row");
    }

    @Test
    void headerNamesIgnoreCaseSpacesAndBom() {
        String[] header = LEDGER.clone();
        header[0] = "\uFEFF Entry_ID ";
        ParsedRecord r = new RecordParser(Sources.BUDGET_LEDGER, header, 2023, SECRET).parse(goodLedger());
        assertEquals("E1", r.values()[0]);
    }

    @Test
    void emptyOptionalFieldIsNullWithoutReason() {
        String[] f = goodLedger();
        f[9] = "  ";
        ParsedRecord r = ledger(f);
        assertNull(r.values()[9]);
        assertEquals(List.of(), r.reasons());
    }

    /** The fast path for canonical dates and timestamps gives what the strict formatters give, or leaves it to them. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2023-01-01 05:05:29|true|true", "2023-01-01 05:05|true|true", "2024-02-29 23:59:59|true|true",
            "2023-02-29 10:00:00|true|false", "2023-02-30|false|false", "2023-13-01 10:00|true|false",
            "2023-01-01 24:00:00|true|false", "2023-01-01 12:60|true|false", "2023-01-01T05:05:29|true|false",
            "2023-1-01 05:05:29|true|false", "2023-01-01|false|true", "'2023-01-01 '|false|false", "２０２３-01-01|false|false",
            "2023/01/01|false|false", "2023-01-01 05:05:2x|true|false", "12023-01-01|false|false", "0000-01-01|false|true"})
    void canonicalDatesAndTimestampsReadAsTheStrictFormattersReadThem(String text, boolean timestamp, boolean fast) {
        Object viaFormatter;
        try {
            viaFormatter = timestamp ? java.time.LocalDateTime.parse(text, RecordParser.TIMESTAMP) : LocalDate.parse(text, RecordParser.DATE);
        } catch (java.time.format.DateTimeParseException e) {
            viaFormatter = null;
        }
        Object viaFastPath = RecordParser.canonical(text, timestamp);
        if (fast) {
            assertEquals(viaFormatter, viaFastPath);
            assertThat(viaFastPath).isNotNull();
        } else {
            assertNull(viaFastPath, "left to the formatter: " + text);
        }
    }
}
