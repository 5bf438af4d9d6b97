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

    private static ScoredIndicator score(String id, String target, Double actual, long records, Double previous,
                                         String grade, Double fraction) {
        return SCORER.score(indicator(id), new IndicatorInput(target, actual, records, previous, grade, fraction));
    }

    @Test
    void unitsOwnTargetIsConvertedToTheMetricsUnit() {
        ScoredIndicator s = score("output.public_green", "=43.00(万平方米)", 215_000.0, 10, null, null, null);
        assertEquals(430_000.0, s.targetValue(), 1e-6);
        assertEquals("unit", s.targetSource());
        assertEquals(new BigDecimal("0.50"), s.score());
        assertEquals("ok", s.status());
        assertEquals(0.5, s.completionRatio(), 1e-9);
    }

    @Test
    void unreadableTargetFallsBackToTheDefaultAndSaysSo() {
        ScoredIndicator s = score("output.roads", "很多", 70.0, 5, null, null, null);
        assertEquals("default", s.targetSource());
        assertEquals(70.0, s.targetValue(), 1e-9);
        assertThat(s.note()).contains("target '很多' unreadable, framework default used");
        ScoredIndicator wrongUnit = score("output.roads", "=70.00(万平方米)", 70.0, 5, null, null, null);
        assertEquals("default", wrongUnit.targetSource());
    }

    @Test
    void budgetIsScoredAsRateTimesWeight() {
        ScoredIndicator s = score("budget.execution_rate", "=100.00(%)", 97.23, 155, null, null, null);
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
        ScoredIndicator noBaseline = score("outcome.cityscape", "提升", 84.32, 1, null, null, null);
        assertEquals("no_baseline", noBaseline.status());
        assertThat(noBaseline.note()).contains("improvement needs a 2022 baseline");
        ScoredIndicator improved = score("outcome.cityscape", "提升", 84.32, 1, 82.10, null, null);
        assertEquals(new BigDecimal("5.00"), improved.score());
        assertEquals("achieved", improved.grade());
        ScoredIndicator slipped = score("outcome.cityscape", "提升", 83.10, 1, 84.10, null, null);
        assertEquals("partial", slipped.grade());
        assertEquals(new BigDecimal("3.50"), slipped.score());
        ScoredIndicator assessed = score("outcome.cityscape", "提升", 84.32, 1, null, "partial", 0.75);
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
        ScoredIndicator s = score("output.repair_timely", "及时", 87.5, 40, null, null, null);
        assertEquals("partial", s.grade());
        assertEquals(new BigDecimal("2.10"), s.score());
        assertNull(s.targetValue());
    }

    @Test
    void majorIncidentsAtZeroTargetLoseEverything() {
        assertEquals(new BigDecimal("5.00"), score("outcome.no_major_incident", "≤0.00(%)", 0.0, 0, null, null, null).score());
        assertEquals(new BigDecimal("0.00"), score("outcome.no_major_incident", "≤0.00(%)", 12.5, 1, null, null, null).score());
    }
}
