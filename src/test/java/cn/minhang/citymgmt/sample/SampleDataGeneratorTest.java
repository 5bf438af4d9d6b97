package cn.minhang.citymgmt.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The committed sample-data/ is exactly what the committed generator makes: anyone can regenerate it. */
class SampleDataGeneratorTest {
    private static final Path COMMITTED = Path.of("sample-data");

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }

    @Test
    void regeneratingGivesTheCommittedFilesByteForByte(@TempDir Path out) throws IOException {
        SampleDataGenerator.generate(out, 20231231L, 1);
        List<Path> generated = files(out);
        assertThat(generated).isEqualTo(files(COMMITTED));
        for (Path file : generated) {
            assertThat(Arrays.equals(Files.readAllBytes(out.resolve(file)), Files.readAllBytes(COMMITTED.resolve(file))))
                    .as("%s differs from the committed sample", file).isTrue();
        }
    }

    @Test
    void anotherSeedGivesOtherData(@TempDir Path seven, @TempDir Path sample) throws IOException {
        // One unit is enough to see the seed at work, and takes a fraction of the district's time.
        List<UnitDef> xinhong = Units.ALL.stream().filter(u -> u.id().equals("MH-XH")).toList();
        SampleDataGenerator.generate(seven, 7L, 1, xinhong);
        SampleDataGenerator.generate(sample, 20231231L, 1, xinhong);
        Path ledger = Path.of("budget_ledger", "2023", "MH-XH.csv");
        assertThat(Files.readString(seven.resolve(ledger))).isNotEqualTo(Files.readString(sample.resolve(ledger)));
    }

    @Test
    void aCityRepeatsTheDistrictsUnitsRoundRobinUnderNewIdsAndNames() {
        List<UnitDef> city = Units.city(28);
        assertThat(city).hasSize(28).startsWith(Units.ALL.toArray(new UnitDef[0]));
        assertThat(city).extracting(UnitDef::id).doesNotHaveDuplicates().allMatch(id -> id.matches("[A-Z0-9-]{2,32}"));
        assertThat(city).extracting(UnitDef::code).doesNotHaveDuplicates(); // codes make waste trip ids, a key
        UnitDef copy = city.get(14);
        assertThat(copy.id()).isEqualTo("MH-PJ-02");
        assertThat(copy.shortName()).isEqualTo("浦锦街道(2)");
        assertThat(copy.population()).isEqualTo(Units.ALL.get(0).population());
        assertThat(copy.isPujin()).isFalse();
        assertThat(city.get(27).id()).isEqualTo("MH-XZIP-02");
        assertThat(Units.city(Units.ALL.size())).isEqualTo(Units.ALL);
        assertThatThrownBy(() -> Units.city(13)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A whole city takes minutes; three instances of the smallest unit show the same in a few seconds. */
    @Test
    void cityCopiesAppearInEverySourceDifferFromEachOtherAndRegenerateByteForByte(@TempDir Path a, @TempDir Path b)
            throws IOException {
        List<UnitDef> city = Units.city(42);
        List<UnitDef> units = List.of(city.get(13), city.get(27), city.get(41)); // MH-XZIP, MH-XZIP-02, MH-XZIP-03
        SampleDataGenerator.generate(a, 20231231L, 1, units);
        SampleDataGenerator.generate(b, 20231231L, 1, units);

        List<Path> generated = files(a);
        assertThat(files(b)).isEqualTo(generated);
        for (Path file : generated) {
            assertThat(Files.readAllBytes(b.resolve(file))).as("%s differs between two runs", file)
                    .isEqualTo(Files.readAllBytes(a.resolve(file)));
        }
        for (String source : SampleDataGenerator.SOURCES) {
            String text = text(a.resolve(source));
            for (UnitDef u : units) {
                assertThat(Pattern.compile("(?m)(^|,)" + Pattern.quote(u.id()) + ",").matcher(text).find())
                        .as("%s has records of %s", source, u.id()).isTrue();
            }
        }
        // Own random streams: a copy's waste trips are not its original's under another name.
        String original = text(a.resolve("waste_collections/2023/MH-XZIP-2023.csv.gz"));
        String copy = text(a.resolve("waste_collections/2023/MH-XZIP-02-2023.csv.gz"));
        assertThat(copy.replace("XZIP-02", "XZIP")).isNotEqualTo(original);
        String third = text(a.resolve("waste_collections/2023/MH-XZIP-03-2023.csv.gz"));
        assertThat(third.replace("XZIP-03", "XZIP-02")).isNotEqualTo(copy);
        assertThat(copy.lines().count()).isBetween(original.lines().count() * 8 / 10, original.lines().count() * 12 / 10);
    }

    /** Every file of a source folder (gzip or not) as one text. */
    private static String text(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Path file : files(dir)) {
            try (InputStream in = Files.newInputStream(dir.resolve(file));
                 InputStream data = file.toString().endsWith(".gz") ? new GZIPInputStream(in) : in) {
                sb.append(new String(data.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return sb.toString();
    }
}
