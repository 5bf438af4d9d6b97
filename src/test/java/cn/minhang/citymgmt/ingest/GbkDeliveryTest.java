package cn.minhang.citymgmt.ingest;

import cn.minhang.citymgmt.app.ExitCode;
import cn.minhang.citymgmt.failures.RunStopped;
import cn.minhang.citymgmt.support.SparkTestSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * gbk-delivery/hotline_cases/2023-12/cases.csv is the GBK encoding of bad-delivery's UTF-8 file
 * at the same path (Chinese labels as enum values, Chinese personal data). Declared GBK it reads
 * exactly like its twin; undeclared it stops the job before anything is written.
 */
class GbkDeliveryTest extends SparkTestSession {
    private static FixtureRuns.Run gbk;
    private static FixtureRuns.Run utf8;

    /**
     * The GBK run stops at the reject limit on purpose (1 of its 4 hotline cases is bad): the
     * cleaned tables and the quarantine, all this class compares, are written before the limit
     * is checked, and the scoring stages it skips cost a minute or more on a shared machine.
     */
    @BeforeAll
    static void runBoth() {
        utf8 = FixtureRuns.badDelivery(spark());
        Path dir = FixtureRuns.newTempDir("gbk-delivery-run");
        Path warehouse = dir.resolve("warehouse");
        Path input = FixtureRuns.fixture(FixtureRuns.GBK_DELIVERY);
        assertThatThrownBy(() -> FixtureRuns.run(spark(), input, dir, warehouse,
                "--set", "quarantine.max_rejected_percent=20", "--set", "quarantine.min_rejected_rows=0",
                "--set", "source.hotline_cases.encoding=GBK"))
                .isInstanceOf(RunStopped.class)
                .satisfies(e -> assertEquals(ExitCode.TOO_MANY_REJECTS, ExitCode.of((RunStopped) e)))
                .hasMessageContaining("hotline_cases: 1 of 4 rows rejected (25.00 %), above 20 %");
        gbk = new FixtureRuns.Run(input, warehouse, null);
    }

    @Test
    void theFixtureReallyIsTheGbkTwinOfTheUtf8File() throws Exception {
        byte[] gbkBytes = Files.readAllBytes(FixtureRuns.fixture(FixtureRuns.GBK_DELIVERY).resolve(FixtureRuns.TWIN));
        byte[] utf8Bytes = Files.readAllBytes(FixtureRuns.fixture(FixtureRuns.BAD_DELIVERY).resolve(FixtureRuns.TWIN));
        assertThat(gbkBytes).isNotEqualTo(utf8Bytes);
        assertArrayEquals(utf8Bytes, new String(gbkBytes, Charset.forName("GBK")).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void gbkFileReadsExactlyLikeItsUtf8Twin() {
        Dataset<Row> fromGbk = gbk.table(spark(), "hotline_cases").drop("run_id");
        Dataset<Row> fromUtf8 = utf8.table(spark(), "hotline_cases")
                .where("source_file = '" + FixtureRuns.TWIN + "'").drop("run_id");
        assertSameRows(fromUtf8, fromGbk);

        List<Row> rows = fromGbk.orderBy("case_id").collectAsList();
        assertThat(rows).extracting(r -> r.getAs("case_id")).containsExactly("HL-G01", "HL-G02", "HL-G03");
        assertThat(rows).extracting(r -> r.getAs("channel")).containsExactly("hotline_12345", "city_ops", "petition");
        assertThat(rows).extracting(r -> r.getAs("origin")).containsExactly("passive", "active", "passive");
        assertThat(rows).extracting(r -> r.getAs("satisfaction")).containsExactly("satisfied", null, "basically_satisfied");
        assertThat(rows).extracting(r -> r.getAs("category")).containsExactly("物业管理", "市容环境", "噪音扰民");
        assertNotNull(rows.get(0).getAs("caller_key"));
        assertEquals(PersonalData.keyedPhoneHash(cn.minhang.citymgmt.job.JobConfig.SAMPLE_HMAC_KEY, "13011112222"),
                rows.get(0).getAs("caller_key"));
    }

    @Test
    void gbkFileQuarantinesExactlyLikeItsUtf8Twin() {
        Dataset<Row> fromGbk = gbk.table(spark(), "quarantine").drop("run_id");
        Dataset<Row> fromUtf8 = utf8.table(spark(), "quarantine").where("file = '" + FixtureRuns.TWIN + "'").drop("run_id");
        assertSameRows(fromUtf8, fromGbk);
        Row r = fromGbk.first();
        assertEquals(1, fromGbk.count());
        assertEquals(5L, (long) r.getAs("line_number"));
        assertEquals(List.of("unknown_enum: channel '微信'"), r.getList(r.fieldIndex("reasons")));
    }

    @Test
    void undeclaredGbkFileStopsTheJobAndNamesTheFile(@TempDir Path dir) {
        Path warehouse = dir.resolve("warehouse");
        assertThatThrownBy(() -> FixtureRuns.run(spark(), FixtureRuns.fixture(FixtureRuns.GBK_DELIVERY), dir, warehouse,
                "--set", "quarantine.max_rejected_percent=100"))
                .isInstanceOf(RunStopped.class)
                .satisfies(e -> assertEquals(ExitCode.BAD_INPUT, ExitCode.of((RunStopped) e)))
                .hasMessageContaining(FixtureRuns.TWIN + ": is not valid UTF-8 text")
                .hasMessageContaining("nothing written");
        assertThat(Files.exists(warehouse)).isFalse();
    }
}
