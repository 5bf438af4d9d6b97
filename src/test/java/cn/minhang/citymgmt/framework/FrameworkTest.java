package cn.minhang.citymgmt.framework;

import cn.minhang.citymgmt.app.ExitCode;
import cn.minhang.citymgmt.failures.RunStopped;
import cn.minhang.citymgmt.scoring.Polarity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FrameworkTest {
    private static final Path CONF = Path.of("conf/framework");
    private static final String HEADER = "indicator_id,level1,level2,name,weight,polarity,method,metric_id,default_target,achieved_at,partial_at\n";

    @Test
    void the2023FrameworkIsTheSeedReportsWithTwentyEightIndicators() {
        Framework f = Framework.load(CONF, 2023);
        assertEquals(28, f.indicators().size());
        assertEquals(new BigDecimal("100"), f.indicators().stream().map(Indicator::weight).reduce(BigDecimal.ZERO, BigDecimal::add));
        Indicator parks = f.indicators().stream().filter(i -> i.id().equals("output.parks")).findFirst().orElseThrow();
        assertEquals("公园养护数", parks.name());
        assertEquals(Polarity.HIGHER_BETTER, parks.polarity());
        assertEquals("asset.park_count", parks.metricId());
        assertThat(f.indicators()).filteredOn(i -> i.method() == Indicator.Method.ASSESSMENT).hasSize(7);
        assertEquals(28, Framework.load(CONF, 2022).indicators().size());
    }

    @Test
    void aFrameworkAppliesFromItsYearUntilALaterFileReplacesIt(@TempDir Path dir) throws IOException {
        Files.copy(CONF.resolve("2023.csv"), dir.resolve("2019-2021.csv"));
        Files.copy(CONF.resolve("2023.csv"), dir.resolve("2022.csv"));
        Files.writeString(dir.resolve("2025.csv"), Files.readString(CONF.resolve("2023.csv")) + "\n");
        Files.writeString(dir.resolve("README.txt"), "not a framework");
        assertEquals("2019-2021.csv", Framework.load(dir, 2019).file());
        assertEquals("2019-2021.csv", Framework.load(dir, 2021).file());
        assertEquals("2022.csv", Framework.load(dir, 2022).file());
        assertEquals("2022.csv", Framework.load(dir, 2024).file());
        Framework later = Framework.load(dir, 2026);
        assertEquals("2025.csv", later.file());
        assertEquals(2026, later.fiscalYear());
        assertThat(later.fingerprint()).hasSize(64).isNotEqualTo(Framework.load(dir, 2022).fingerprint());
        assertEquals(Framework.load(dir, 2020).fingerprint(), Framework.load(dir, 2022).fingerprint());
        assertThatThrownBy(() -> Framework.load(dir, 2018)).isInstanceOf(RunStopped.class)
                .hasMessageContaining("no indicator framework for 2018: " + dir.resolve("2018.csv") + " does not exist")
                .hasMessageContaining("the earliest framework is 2019-2021.csv");
    }

    @Test
    void overlappingOrGappedFrameworkFilesAreRefusedNamingThem(@TempDir Path dir) throws IOException {
        Files.copy(CONF.resolve("2023.csv"), dir.resolve("2019-2022.csv"));
        Files.copy(CONF.resolve("2023.csv"), dir.resolve("2022.csv"));
        assertThatThrownBy(() -> Framework.load(dir, 2023)).isInstanceOf(RunStopped.class)
                .hasMessageContaining("frameworks 2019-2022.csv and 2022.csv").hasMessageContaining("overlap: both would apply to 2022");
        Files.delete(dir.resolve("2022.csv"));
        Files.copy(CONF.resolve("2023.csv"), dir.resolve("2024.csv"));
        assertThatThrownBy(() -> Framework.load(dir, 2024)).isInstanceOf(RunStopped.class)
                .hasMessageContaining("leave a gap: no file covers 2023 between 2019-2022.csv and 2024.csv");
        Files.delete(dir.resolve("2024.csv"));
        assertThatThrownBy(() -> Framework.load(dir, 2023)).isInstanceOf(RunStopped.class)
                .hasMessageContaining("the last framework is a closed range (2019-2022.csv)");
    }

    private static Path framework(Path dir, String rows) throws IOException {
        Files.writeString(dir.resolve("2023.csv"), HEADER + rows);
        return dir;
    }

    private static void assertRefused(Path dir, String message) {
        assertThatThrownBy(() -> Framework.load(dir, 2023)).isInstanceOf(RunStopped.class).hasMessageContaining(message)
                .satisfies(e -> assertEquals(ExitCode.BAD_INPUT, ExitCode.of((RunStopped) e)));
    }

    @Test
    void weightsMustAddUpToOneHundred(@TempDir Path dir) throws IOException {
        assertRefused(framework(dir, "budget.execution_rate,预算执行,预算执行率,预算执行率,10,higher_better,budget,budget.execution_rate,=100.00(%),,\n"),
                "weights add up to 10, not 100");
    }

    @Test
    void unknownMetricIsNamedWithItsIndicator(@TempDir Path dir) throws IOException {
        assertRefused(framework(dir, "output.parks,产出指标,数量指标,公园养护数,100,higher_better,metric,asset.parks_total,=12.00(个),,\n"),
                "indicator output.parks: metric 'asset.parks_total' does not exist");
    }

    @Test
    void targetUnitMustConvertToTheMetricsUnit(@TempDir Path dir) throws IOException {
        assertRefused(framework(dir, "output.public_green,产出指标,数量指标,公共绿地养护面积,100,higher_better,metric,asset.public_green_m2,=43.00(公里),,\n"),
                "indicator output.public_green: default target unit '公里' does not convert to m2");
    }

    @Test
    void thresholdsMustBeOrderedAndImprovementsBelowZero(@TempDir Path dir) throws IOException {
        assertRefused(framework(dir, "output.repair_timely,产出指标,时效指标,及时性,100,qualitative,metric,repair.on_time_share,及时,80,80\n"),
                "indicator output.repair_timely: a metric-graded qualitative indicator needs achieved_at and partial_at, in order");
        assertRefused(framework(dir, "outcome.greening,效益指标,生态效益指标,绿化,100,qualitative,improvement,inspection.greening_mean_score,提升,0,2\n"),
                "indicator outcome.greening: an improvement needs achieved_at 0 and partial_at below 0");
    }

    @Test
    void unreadableLinesAndMissingFilesNameTheFile(@TempDir Path dir) throws IOException {
        assertRefused(framework(dir, "output.parks,产出指标,数量指标,公园养护数,lots,higher_better,metric,asset.park_count,=12.00(个),,\n"),
                "line 2 (output.parks)");
        assertRefused(dir.resolve("nowhere"), "no indicator framework for 2023");
        Files.writeString(dir.resolve("2023.csv"), "indicator_id,weight\nx.y,100\n");
        assertRefused(dir, "lacks column(s) level1, level2, name");
    }
}
