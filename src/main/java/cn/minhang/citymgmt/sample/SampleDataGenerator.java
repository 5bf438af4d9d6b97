package cn.minhang.citymgmt.sample;

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
 * java -cp target/classes cn.minhang.citymgmt.sample.SampleDataGenerator [--out DIR] [--seed N] [--scale N]
 * </pre>
 * {@code --out} defaults to {@code sample-data}, {@code --seed} to 20231231, {@code --scale} to 1 (multiplies the
 * volumes of waste trips, hotline cases and repair orders; 浦锦's seed figures hold exactly only at scale 1).
 * The same seed and scale always give byte-identical files.
 */
public final class SampleDataGenerator {
    static final List<String> SOURCES = List.of("units", "budget_ledger", "waste_collections", "hotline_cases", "repair_orders",
            "elevator_projects", "asset_inventory", "inspections", "works_projects", "incidents", "surveys", "assessments",
            "targets", "self_reports");
    static final String[] UNIT_HEADER = {"unit_id", "unit_name", "short_name", "unit_type", "district", "population", "area_km2"};

    private SampleDataGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Paths.get("sample-data");
        long seed = 20231231L;
        int scale = 1;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--out" -> out = Paths.get(require(a, value));
                case "--seed" -> seed = Long.parseLong(require(a, value));
                case "--scale" -> scale = Integer.parseInt(require(a, value));
                case "-h", "--help" -> {
                    System.out.println("usage: SampleDataGenerator [--out DIR] [--seed N] [--scale N]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
            i++;
        }
        if (scale < 1) {
            throw new IllegalArgumentException("--scale must be at least 1");
        }
        generate(out, seed, scale);
    }

    private static String require(String flag, String value) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }

    /** Generates every source under {@code out}, replacing the source folders a previous run left. */
    public static void generate(Path out, long seed, int scale) throws IOException {
        Files.createDirectories(out);
        for (String source : SOURCES) {
            deleteTree(out.resolve(source));
        }
        CsvOut csv = new CsvOut(out);
        Ctx ctx = new Ctx(seed, scale, csv);
        writeUnits(csv);
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

        System.out.printf(Locale.ROOT, "sample data in %s (seed %d, scale %d)%n", out, seed, scale);
        for (Map.Entry<String, long[]> e : csv.stats().entrySet()) {
            System.out.printf(Locale.ROOT, "  %-18s %4d files %9d rows%n", e.getKey(), e.getValue()[0], e.getValue()[1]);
        }
    }

    private static void writeUnits(CsvOut csv) throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (UnitDef u : Units.ALL) {
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
