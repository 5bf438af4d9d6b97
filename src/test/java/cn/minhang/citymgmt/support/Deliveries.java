package cn.minhang.citymgmt.support;

import cn.minhang.citymgmt.sources.SourceDefinition;
import cn.minhang.citymgmt.sources.Sources;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** An input root for tests: every source folder present, files written inline. */
public final class Deliveries {
    public static final String UNITS_HEADER = "unit_id,unit_name,short_name,unit_type,district,population,area_km2";
    public static final String LEDGER_HEADER =
            "entry_id,unit_id,fiscal_year,entry_date,account,project_code,project_name,entry_type,amount_yuan,funding_source";

    private final Path root;

    private Deliveries(Path root) {
        this.root = root;
    }

    /** Empty folders for every source, plus two units. */
    public static Deliveries in(Path root) {
        try {
            for (SourceDefinition s : Sources.ALL) {
                Files.createDirectories(root.resolve(s.name()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Deliveries(root).file("units/units.csv", UNITS_HEADER,
                "MH-PJ,浦锦街道城市建设管理事务中心,浦锦街道,街道,闵行区,160000,23.50",
                "MH-XH,新虹街道城市建设管理事务中心,新虹街道,subdistrict,闵行区,60000,");
    }

    /**
     * The bundled sample's files of {@code sources}, every other source delivered empty: enough to
     * run every stage without spending test minutes on half a million waste trips.
     */
    public static Path sampleSubset(Path root, String... sources) {
        Path sample = Processes.PROJECT.resolve("sample-data");
        try {
            for (SourceDefinition s : Sources.ALL) {
                Files.createDirectories(root.resolve(s.name()));
            }
            for (String source : sources) {
                try (java.util.stream.Stream<Path> files = Files.walk(sample.resolve(source))) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        Path target = root.resolve(sample.relativize(file));
                        Files.createDirectories(target.getParent());
                        Files.copy(file, target);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root;
    }

    public Path root() {
        return root;
    }

    public Deliveries file(String relative, String... lines) {
        return write(relative, String.join("\n", lines) + "\n", StandardCharsets.UTF_8.name(), false);
    }

    public Deliveries write(String relative, String content, String charset, boolean gzip) {
        Path file = root.resolve(relative);
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream raw = Files.newOutputStream(file);
                 OutputStream out = gzip ? new GZIPOutputStream(raw) : raw) {
                out.write(content.getBytes(Charset.forName(charset)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
