package cn.minhang.citymgmt.sample;

import cn.minhang.citymgmt.sources.Sources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a deterministic sample delivery of all 14 input sources for the 14 units of 闵行区, fiscal years
 * 2022 and 2023, with 浦锦街道 2023 reproducing the figures of its seed self-evaluation report.
 *
 * <pre>
 * java -cp target/classes cn.minhang.citymgmt.sample.SampleDataGenerator [--out DIR] [--seed N] [--scale N] [--units N]
 * </pre>
 * {@code --out} defaults to {@code sample-data}, {@code --seed} to 20231231, {@code --scale} to 1 (multiplies the
 * volumes of waste trips, hotline cases and repair orders; 浦锦's seed figures hold exactly only at scale 1).
 * {@code --units} defaults to 14, the district; more make a city for benchmarks: the 14 units again, round-robin,
 * as copies MH-PJ-02 浦锦街道(2), MH-JCL-02 … MH-PJ-03 …, each with its own random data and the volumes of its
 * original (see {@link Units#city}). The same seed, scale and units always give byte-identical files.
 */
public final class SampleDataGenerator {
    static final List<String> SOURCES = List.of("units", "budget_ledger", "waste_collections", "hotline_cases", "repair_orders",
            "elevator_projects", "asset_inventory", "inspections", "works_projects", "incidents", "surveys", "assessments",
            "targets", "self_reports");
    static final String[] UNIT_HEADER = Util.header(Sources.UNITS);

    private SampleDataGenerator() {
    }

    /** The command line of {@code jobs/generate-sample-data.sh}. */
    @picocli.CommandLine.Command(name = "generate-sample-data", sortOptions = false, usageHelpAutoWidth = false,
            description = "Writes the deterministic sample deliveries: every source, the units of 闵行区, 2022 and 2023.")
    static final class Command implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Option(names = "--out", paramLabel = "DIR", description = "output root (default sample-data)")
        Path out = Paths.get("sample-data");

        @picocli.CommandLine.Option(names = "--seed", paramLabel = "N",
                description = "random seed (default 20231231); the same arguments give byte-identical files")
        long seed = 20231231L;

        @picocli.CommandLine.Option(names = "--scale", paramLabel = "N",
                description = "multiplies the volumes of waste trips, hotline cases and repair orders (default 1)")
        int scale = 1;

        @picocli.CommandLine.Option(names = "--units", paramLabel = "N", description = "number of units, at least 14 (default 14: "
                + "the district). More make a city: the 14 units again, round-robin, as MH-PJ-02 浦锦街道(2) …, with the same volumes per unit")
        int units = Units.ALL.size();

        @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "print this text")
        boolean help;

        @Override
        public Integer call() throws IOException {
            if (scale < 1 || units < Units.ALL.size()) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        "--scale must be at least 1 and --units at least " + Units.ALL.size());
            }
            generate(out, seed, scale, Units.city(units));
            return 0;
        }
    }

    public static void main(String[] args) {
        int code = new picocli.CommandLine(new Command()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Generates every source of the district under {@code out}, replacing the source folders a previous run left. */
    public static void generate(Path out, long seed, int scale) throws IOException {
        generate(out, seed, scale, Units.ALL);
    }

    /** The same for any units: a city ({@link Units#city}) or, in tests, a few units. */
    static void generate(Path out, long seed, int scale, List<UnitDef> units) throws IOException {
        Files.createDirectories(out);
        for (String source : SOURCES) {
            deleteTree(out.resolve(source));
        }
        CsvOut csv = new CsvOut(out);
        Ctx ctx = new Ctx(seed, scale, csv, units);
        writeUnits(csv, units);
        AssetGen.run(ctx);
        ElevatorGen.run(ctx);
        WorksGen.run(ctx);
        InspectionGen.run(ctx);
        WasteGen.run(ctx);
        RepairGen.run(ctx);
        HotlineGen.run(ctx);
        IncidentGen.run(ctx);
        SurveyGen.run(ctx);
        BudgetLedgerGen.run(ctx);
        EvaluationGen.run(ctx);

        System.out.printf(Locale.ROOT, "sample data in %s (seed %d, scale %d, %d units)%n", out, seed, scale, units.size());
        for (Map.Entry<String, long[]> e : csv.stats().entrySet()) {
            System.out.printf(Locale.ROOT, "  %-18s %4d files %9d rows%n", e.getKey(), e.getValue()[0], e.getValue()[1]);
        }
    }

    private static void writeUnits(CsvOut csv, List<UnitDef> units) throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (UnitDef u : units) {
            rows.add(new String[] {u.id(), u.unitName(), u.shortName(), u.type(), "闵行区", Integer.toString(u.population()),
                u.areaKm2()});
        }
        csv.write("units", "units.csv", UNIT_HEADER, rows);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> s = Files.walk(dir)) {
            paths = s.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : paths) {
            Files.delete(p);
        }
    }
}
