package cn.minhang.citymgmt.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

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
    void anotherSeedGivesOtherData(@TempDir Path out) throws IOException {
        SampleDataGenerator.generate(out, 7L, 1);
        Path ledger = Path.of("budget_ledger", "2023", "MH-XH.csv");
        assertThat(Files.readString(out.resolve(ledger))).isNotEqualTo(Files.readString(COMMITTED.resolve(ledger)));
    }
}
