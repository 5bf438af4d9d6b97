package cn.minhang.citymgmt.checks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RejectLimitTest {
    private static final RejectLimit DEFAULT = new RejectLimit(5, 20);

    /** The unseen district of issue #9: one typo in a small file must not stop every unit's evaluation. */
    @ParameterizedTest(name = "{0}: {1} of {2}")
    @CsvSource({
            "works_projects, 1, 15",
            "incidents,      1, 3",
            "surveys,        2, 15",
            "assessments,    2, 36",
            "self_reports,   1, 7",
            "waste_trips,   20, 21",
    })
    void aHandfulOfRejectedRowsPassesWhateverTheirShare(String source, long rejected, long judged) {
        RejectLimit.Verdict v = DEFAULT.judge(source, rejected, judged);
        assertThat(v.percent()).isGreaterThan(5);
        assertThat(v.exceeded()).isFalse();
        assertThat(v.rejectedWithinLimit()).isTrue();
    }

    @ParameterizedTest(name = "{0} of {1} rejected: stops {2}")
    @CsvSource({
            "21,   21,   true",   // a broken export: more than the minimum count and above the share
            "400, 4000,  true",
            "200, 4000,  false",  // exactly 5 %: not above the limit
            "201, 4000,  true",
            "0,    0,    false",  // a source with nothing for the year
            "21,  10000, false",  // many rows, small share
    })
    void aLargeShareOfManyRowsStops(long rejected, long judged, boolean stops) {
        assertEquals(stops, DEFAULT.judge("hotline_cases", rejected, judged).exceeded());
    }

    @Test
    void percentToPassIsTheSmallestWholePercentThatLetsTheSourceThrough() {
        RejectLimit.Verdict v = new RejectLimit(5, 0).judge("surveys", 2, 15);
        assertEquals(14, v.percentToPass()); // 13.33 % rounded up
        assertThat(new RejectLimit(v.percentToPass(), 0).judge("surveys", 2, 15).exceeded()).isFalse();
        assertEquals("surveys: 2 of 15 rows rejected (13.33 %)", v.figures());
    }

    @Test
    void limitsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new RejectLimit(101, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RejectLimit(5, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
