package cn.minhang.citymgmt.evaluation;

import cn.minhang.citymgmt.framework.Framework;
import cn.minhang.citymgmt.framework.Indicator;
import cn.minhang.citymgmt.scoring.QualitativeRule;
import cn.minhang.citymgmt.scoring.QuantitativeRule;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class IndicatorScorerTest {
    private static final Framework FRAMEWORK = Framework.load(Path.of("conf/framework"), 2023);
    private static final IndicatorScorer SCORER = new IndicatorScorer(2023, QuantitativeRule.DEFAULT, QualitativeRule.DEFAULT);

    private static Indicator indicator(String id) {
        return FRAMEWORK.indicators().stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
    }

    /** Measures as the columns hold them, written as text so they are exact. */
    private static ScoredIndicator score(String id, String target, String actual, long records, String previous,
                                         String grade, String fraction) {
        return SCORER.score(indicator(id), new IndicatorInput(target, dec(actual), records, dec(previous), grade, dec(fraction)));
    }

    private static BigDecimal dec(String value) {
        return value == null ? null : new BigDecimal(value);
    }

    @Test
    void unitsOwnTargetIsConvertedToTheMetricsUnit() {
        ScoredIndicator s = score("output.public_green", "=43.00(万平方米)", "215000.0", 10, null, null, null);
        assertEquals(new BigDecimal("430000.000000"), s.targetValue());
        assertEquals("unit", s.targetSource());
        assertEquals(new BigDecimal("0.50"), s.score());
        assertEquals("ok", s.status());
        assertEquals(new BigDecimal("0.500000"), s.completionRatio());
    }

    @Test
    void aTargetReadFromTextIsExactInTheMetricsUnit() {
        // The target column holds the decimal converted from what was written, not the nearest double.
        assertEquals(new BigDecimal("430100.000000"), score("output.public_green", "=43.01(万平方米)", "430100", 5, null, null, null).targetValue());
        assertEquals(new BigDecimal("12.000000"), score("output.parks", "=12.00(个)", "12", 12, null, null, null).targetValue());
    }

    @Test
    void aNoteShowsEveryMeasureHalfUpToTwoDecimals() {
        // Targets and values as the columns hold them (6 decimals): the note shows each as the forms do.
        ScoredIndicator s = score("output.street_trees", "=14481.00(株)", "14480.995000", 14481, null, null, null);
        assertEquals("completed 14481.00 of 14481.00 (100.00%)", s.note());
        ScoredIndicator third = score("output.parks", "=12.00(个)", "11.666667", 12, null, null, null);
        assertEquals("completed 11.67 of 12.00 (97.22%)", third.note());
        assertThat(third.note()).doesNotContainPattern("\\d\\.\\d{3,}");
    }

    @Test
    void unreadableTargetFallsBackToTheDefaultAndSaysSo() {
        ScoredIndicator s = score("output.roads", "很多", "70.0", 5, null, null, null);
        assertEquals("default", s.targetSource());
        assertEquals(new BigDecimal("70.000000"), s.targetValue());
        assertThat(s.note()).contains("target '很多' unreadable, framework default used");
        ScoredIndicator wrongUnit = score("output.roads", "=70.00(万平方米)", "70.0", 5, null, null, null);
        assertEquals("default", wrongUnit.targetSource());
    }

    @Test
    void budgetIsScoredAsRateTimesWeight() {
        ScoredIndicator s = score("budget.execution_rate", "=100.00(%)", "97.23", 155, null, null, null);
        assertEquals(new BigDecimal("9.72"), s.score());
        ScoredIndicator none = score("budget.execution_rate", null, null, 0, null, null, null);
        assertEquals("no_data", none.status());
        ScoredIndicator broken = score("budget.execution_rate", null, null, 12, null, null, null);
        assertEquals("data_error", broken.status());
    }

    @Test
    void missingRecordsAreNoDataNotAFreeFullMark() {
        ScoredIndicator s = score("output.works_duration", "=2.00(年)", null, 0, null, null, null);
        assertEquals("no_data", s.status());
        assertEquals(new BigDecimal("0.00"), s.score());
    }

    @Test
    void improvementNeedsLastYearUnlessAnEvaluatorGradedIt() {
        ScoredIndicator noBaseline = score("outcome.cityscape", "提升", "84.32", 1, null, null, null);
        assertEquals("no_baseline", noBaseline.status());
        assertThat(noBaseline.note()).contains("improvement needs a 2022 baseline");
        ScoredIndicator improved = score("outcome.cityscape", "提升", "84.32", 1, "82.10", null, null);
        assertEquals(new BigDecimal("5.00"), improved.score());
        assertEquals("achieved", improved.grade());
        ScoredIndicator slipped = score("outcome.cityscape", "提升", "83.10", 1, "84.10", null, null);
        assertEquals("partial", slipped.grade());
        assertEquals(new BigDecimal("3.50"), slipped.score());
        ScoredIndicator assessed = score("outcome.cityscape", "提升", "84.32", 1, null, "partial", "0.75");
        assertEquals("assessed", assessed.status());
        assertEquals(new BigDecimal("3.75"), assessed.score());
    }

    @Test
    void assessedIndicatorsNeedAnAssessment() {
        assertEquals(new BigDecimal("4.00"), score("mgmt.finance", null, null, 0, null, "achieved", null).score());
        assertEquals(new BigDecimal("2.80"), score("mgmt.finance", null, null, 0, null, "partial", null).score());
        ScoredIndicator none = score("mgmt.finance", null, null, 0, null, null, null);
        assertEquals("no_data", none.status());
        assertEquals("no assessment for this unit", none.note());
    }

    @Test
    void metricGradedQualitativeIndicatorsUseTheThresholds() {
        ScoredIndicator s = score("output.repair_timely", "及时", "87.5", 40, null, null, null);
        assertEquals("partial", s.grade());
        assertEquals(new BigDecimal("2.10"), s.score());
        assertNull(s.targetValue());
    }

    @Test
    void majorIncidentsAtZeroTargetLoseEverything() {
        assertEquals(new BigDecimal("5.00"), score("outcome.no_major_incident", "≤0.00(%)", "0.0", 0, null, null, null).score());
        assertEquals(new BigDecimal("0.00"), score("outcome.no_major_incident", "≤0.00(%)", "12.5", 1, null, null, null).score());
    }
}
