package cn.minhang.citymgmt.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PolarityAndUnitsTest {

    private static void assertDecimal(String expected, BigDecimal actual) {
        assertEquals(0, new BigDecimal(expected).compareTo(actual), () -> "expected " + expected + " but was " + actual);
    }

    @ParameterizedTest
    @CsvSource({
        "higher_better, HIGHER_BETTER", "lower_better, LOWER_BETTER", "qualitative, QUALITATIVE",
        "HIGHER-BETTER, HIGHER_BETTER", "' lower_better ', LOWER_BETTER", "定性, QUALITATIVE", "反向, LOWER_BETTER"
    })
    void polarityParsesCodesAndLabels(String text, Polarity expected) {
        assertEquals(expected, Polarity.parse(text));
    }

    @Test
    void unknownPolarityIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Polarity.parse("more_is_better"));
        assertTrue(e.getMessage().contains("more_is_better"));
        assertThrows(IllegalArgumentException.class, () -> Polarity.parse(null));
    }

    @ParameterizedTest
    @CsvSource({"count, COUNT", "KM, KM", "m, M", "m2, M2", "mu, MU", "亩, MU", "t, T", "years, YEARS", "percent, PERCENT"})
    void measureUnitParsesCodes(String text, MeasureUnit expected) {
        assertEquals(expected, MeasureUnit.parse(text));
    }

    @Test
    void unknownMeasureUnitIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> MeasureUnit.parse("ha"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"个", "台", "株", "处", "根", "起", "件", "次"})
    void everyCountWordConvertsToCountUnchanged(String unit) {
        assertDecimal("12", UnitConversion.convert(new BigDecimal("12"), unit, MeasureUnit.COUNT));
        assertEquals(MeasureUnit.COUNT, UnitConversion.metricUnitOf(unit));
    }

    @ParameterizedTest
    @CsvSource({
        "70, 公里, KM, 70",
        "70, 公里, M, 70000",
        "1.5, 千米, M, 1500",
        "5, 米, M, 5",
        "1500, 米, KM, 1.5",
        "43, 万平方米, M2, 430000",
        "250, 平方米, M2, 250",
        "3, 亩, M2, 2000.01",
        "3, 亩, MU, 3",
        "666.67, 平方米, MU, 1",
        "1, 万平方米, MU, 14.999925000375",
        "82.42, 吨, T, 82.42",
        "2, 年, YEARS, 2",
        "97.23, %, PERCENT, 97.23",
        "97.23, ％, PERCENT, 97.23",
        "1.2, 万株, COUNT, 12000",
        "12, count, COUNT, 12",
        "5, m², M2, 5"
    })
    void convertsWithinADimension(String value, String unit, MeasureUnit to, String expected) {
        assertDecimal(expected, UnitConversion.convert(new BigDecimal(value), unit, to));
    }

    @Test
    void aKilometreTargetIsExactInMetres() {
        // As a double, 70.01 × 1000 was 70009.99999999999.
        assertEquals(new BigDecimal("70010.00"), UnitConversion.convert(new BigDecimal("70.01"), "公里", MeasureUnit.M));
    }

    @ParameterizedTest
    @CsvSource({"公里, M2", "个, M", "%, COUNT", "年, PERCENT", "亩, KM", "吨, COUNT"})
    void incompatibleUnitsFailNamingBoth(String unit, MeasureUnit to) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UnitConversion.convert(BigDecimal.ONE, unit, to));
        assertTrue(e.getMessage().contains(unit), e.getMessage());
        assertTrue(e.getMessage().contains(to.code()), e.getMessage());
        assertFalse(UnitConversion.compatible(unit, to));
    }

    @Test
    void unknownUnitFailsNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UnitConversion.convert(BigDecimal.ONE, "斤", MeasureUnit.T));
        assertTrue(e.getMessage().contains("斤"));
        assertFalse(UnitConversion.isKnown("斤"));
        assertNull(UnitConversion.metricUnitOf("斤"));
        assertFalse(UnitConversion.isKnown(null));
    }

    @Test
    void compatibleAcrossScales() {
        assertTrue(UnitConversion.compatible("万平方米", MeasureUnit.MU));
        assertTrue(UnitConversion.compatible("公里", MeasureUnit.M));
    }
}
