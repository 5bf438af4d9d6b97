package cn.minhang.citymgmt.scoring;

import cn.minhang.citymgmt.sources.Grade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TargetParserTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "=12.00(个)        | EQ   | 12    | 个",
        "≥90.00(%)         | GE   | 90    | %",
        ">=90              | GE   | 90    | null",
        "≤0.00(%)          | LE   | 0     | %",
        "<=2(年)           | LE   | 2     | 年",
        "=14481.00(株)     | EQ   | 14481 | 株",
        "12                | NONE | 12    | null",
        "97.23%            | NONE | 97.23 | %",
        "43万平方米         | NONE | 43    | 万平方米",
        "=12.00（个）       | EQ   | 12    | 个",
        "' ≥ 90.00 ( % ) ' | GE   | 90    | %",
        "14,481            | NONE | 14481 | null",
        "=14,481.00(株)    | EQ   | 14481 | 株",
        "=70.00(公里)      | EQ   | 70    | 公里",
        "＝１２（个）       | EQ   | 12    | 个",
        ">5                | GT   | 5     | null",
        "<5件              | LT   | 5     | 件",
        "90%以上           | GE   | 90    | %",
        "不低于90%         | GE   | 90    | %",
        "2年以内           | LE   | 2     | 年",
        "=12.00()          | EQ   | 12    | null"
    })
    void readsNumericTargets(String text, TargetOperator op, String value, String unit) {
        ParsedTarget t = TargetParser.parse(text);
        assertTrue(t.isNumeric(), () -> "not numeric: " + t);
        assertFalse(t.isQualitative());
        assertNull(t.error());
        assertEquals(op, t.operator());
        assertEquals(0, new BigDecimal(value).compareTo(t.value()), () -> "value " + t.value());
        assertEquals(unit, t.unit());
        assertEquals(text, t.text());
    }

    @ParameterizedTest
    @CsvSource({
        "及时, ACHIEVED", "提升, ACHIEVED", "到位, ACHIEVED", "规范, ACHIEVED", "建立健全, ACHIEVED",
        "达成, ACHIEVED", "完成, ACHIEVED", "已完成, ACHIEVED", "' 及时。', ACHIEVED", "达成年度指标, ACHIEVED",
        "基本完成, PARTIAL", "部分达成, PARTIAL", "部分达成并具有一定效果, PARTIAL", "基本到位, PARTIAL",
        "未完成, NOT_ACHIEVED", "不及时, NOT_ACHIEVED", "没有提升, NOT_ACHIEVED", "下降, NOT_ACHIEVED",
        "未达成且效果较差, NOT_ACHIEVED", "not_achieved, NOT_ACHIEVED"
    })
    void readsQualitativeWords(String text, Grade implied) {
        ParsedTarget t = TargetParser.parse(text);
        assertTrue(t.isQualitative(), () -> "not qualitative: " + t);
        assertFalse(t.isNumeric());
        assertNull(t.error());
        assertEquals(implied, t.impliedGrade());
        assertEquals(text.trim().replace("。", ""), t.word());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "abc", "≥", ">=", "12(斤)", "1,2345", "≥90%以下", "及时率95%", "=12.00(个", "很好", "12..5"})
    void garbageIsAnErrorNotAnException(String text) {
        ParsedTarget t = TargetParser.parse(text);
        assertTrue(t.isError());
        assertNotNull(t.error());
        assertFalse(t.isNumeric());
        assertFalse(t.isQualitative());
        assertNull(t.value());
    }

    @Test
    void errorMessagesSayWhatIsWrong() {
        assertEquals("empty target", TargetParser.parse("").error());
        assertTrue(TargetParser.parse("≥").error().contains("without a number"));
        assertTrue(TargetParser.parse("12(斤)").error().contains("unknown unit '斤'"));
        assertTrue(TargetParser.parse("abc").error().contains("'abc'"));
    }

    @Test
    void valueInConvertsToTheMetricUnit() {
        assertEquals(0, new BigDecimal("70000").compareTo(TargetParser.parse("=70.00(公里)").valueIn(MeasureUnit.M)));
        assertEquals(0, new BigDecimal("430000").compareTo(TargetParser.parse("43万平方米").valueIn(MeasureUnit.M2)));
    }

    @Test
    void bareNumberIsTakenInTheMetricUnit() {
        assertEquals(0, new BigDecimal("12").compareTo(TargetParser.parse("12").valueIn(MeasureUnit.KM)));
    }

    @Test
    void valueInRejectsIncompatibleUnitsAndNonNumbers() {
        assertThrows(IllegalArgumentException.class, () -> TargetParser.parse("=12(个)").valueIn(MeasureUnit.KM));
        assertThrows(IllegalStateException.class, () -> TargetParser.parse("及时").valueIn(MeasureUnit.PERCENT));
        assertThrows(IllegalStateException.class, () -> TargetParser.parse("abc").valueIn(MeasureUnit.COUNT));
    }
}
