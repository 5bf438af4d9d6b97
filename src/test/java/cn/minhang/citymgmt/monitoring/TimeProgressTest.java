package cn.minhang.citymgmt.monitoring;

import cn.minhang.citymgmt.scoring.Polarity;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** 时间进度, pro-rated targets, projections and target progress: plain Java, no Spark. */
class TimeProgressTest {
    private static final TimeProgress END_OF_JULY = new TimeProgress(2023, LocalDate.of(2023, 7, 31));

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    @Test
    void timeProgressIsTheShareOfDaysElapsedTheAsOfDayIncluded() {
        assertEquals(212, END_OF_JULY.daysElapsed());
        assertEquals(d("58.08"), END_OF_JULY.percent()); // 212 / 365
        assertEquals(d("58.20"), new TimeProgress(2024, LocalDate.of(2024, 7, 31)).percent()); // 213 / 366, a leap year
        assertEquals(d("0.27"), new TimeProgress(2023, LocalDate.of(2023, 1, 1)).percent());
        assertEquals(d("100.00"), new TimeProgress(2023, LocalDate.of(2023, 12, 31)).percent());
        assertThatThrownBy(() -> new TimeProgress(2023, LocalDate.of(2024, 1, 1))).hasMessageContaining("outside fiscal year 2023");
    }

    @Test
    void cumulativeTargetsAreProRatedAndProjectedAtThePaceSoFar() {
        // 4 works a year: by day 212 of 365, 848/365 = 2.3233 of them
        assertEquals(0, d("2.32").compareTo(END_OF_JULY.proRated(d("4")).setScale(2, java.math.RoundingMode.HALF_UP)));
        // 2 works by then: 2 × 365 / 212 = 3.4434 by the year's end
        assertEquals(0, d("3.4434").compareTo(END_OF_JULY.projected(d("2")).setScale(4, java.math.RoundingMode.HALF_UP)));
        // on the last day nothing is pro-rated or projected
        TimeProgress last = new TimeProgress(2023, LocalDate.of(2023, 12, 31));
        assertEquals(0, d("4").compareTo(last.proRated(d("4"))));
        assertEquals(0, d("2").compareTo(last.projected(d("2"))));
    }

    @Test
    void cumulativeMeasuresMeetTheProRatedTargetRatesTheAnnualOne() {
        TargetProgress works = TargetProgress.of(Polarity.HIGHER_BETTER, true, d("2"), d("4"), END_OF_JULY);
        assertEquals(d("2.32"), works.comparedTarget());
        assertEquals(d("86.08"), works.progress()); // 2 / 2.3233
        assertEquals(false, works.onTrack());
        TargetProgress ahead = TargetProgress.of(Polarity.HIGHER_BETTER, true, d("3"), d("4"), END_OF_JULY);
        assertEquals(true, ahead.onTrack());

        TargetProgress rate = TargetProgress.of(Polarity.HIGHER_BETTER, false, d("92.5"), d("90"), END_OF_JULY);
        assertEquals(d("90.00"), rate.comparedTarget());
        assertEquals(d("102.78"), rate.progress());
        assertEquals(true, rate.onTrack());

        // less is better: on track while at most the target; no share of a target of 0
        TargetProgress incidents = TargetProgress.of(Polarity.LOWER_BETTER, false, d("1"), d("0"), END_OF_JULY);
        assertEquals(false, incidents.onTrack());
        assertNull(incidents.progress());
        assertEquals(true, TargetProgress.of(Polarity.LOWER_BETTER, false, d("1.5"), d("2"), END_OF_JULY).onTrack());

        // no value yet: the target stands, nothing is judged
        TargetProgress none = TargetProgress.of(Polarity.HIGHER_BETTER, true, null, d("4"), END_OF_JULY);
        assertEquals(d("2.32"), none.comparedTarget());
        assertNull(none.onTrack());
        assertNull(TargetProgress.of(Polarity.QUALITATIVE, false, d("85"), null, END_OF_JULY).onTrack());
    }
}
