package cn.minhang.citymgmt.sample;

import cn.minhang.citymgmt.sources.Sources;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** surveys: beneficiary satisfaction surveys (half-yearly), the cityscape appraisal, some property surveys. */
final class SurveyGen {
    static final String SOURCE = Sources.SURVEYS.name();
    static final String[] HEADER = Util.header(Sources.SURVEYS);

    private SurveyGen() {
    }

    static void run(Ctx ctx) throws IOException {
        for (int year : Ctx.YEARS) {
            List<String[]> rows = new ArrayList<>();
            for (UnitDef u : ctx.units) {
                SplittableRandom r = ctx.rng("surveys", u.id(), year);
                SplittableRandom base = ctx.rng("surveys", u.id());
                double cityscape22 = u.isPujin() ? 82.10 : Util.between(base, 78, 86);
                double cityscape23 = u.isPujin() ? 84.32
                        : cityscape22 + (u.id().equals(Units.LOW_INSPECTION) ? -3.2 : Util.between(base, -1.0, 2.5));
                double rate = u.isPujin() ? (year == 2023 ? 0.934 : 0.912)
                        : u.id().equals(Units.LOW_SATISFACTION) && year == 2023 ? 0.865 : Util.between(r, 0.885, 0.96);
                List<String[]> mine = new ArrayList<>();
                long resp = 0;
                long sat = 0;
                for (LocalDate on : new LocalDate[] {LocalDate.of(year, 6, Util.between(r, 20, 28)),
                    LocalDate.of(year, 12, Util.between(r, 5, 15))}) {
                    int n = u.isPujin() ? (on.getMonthValue() == 6 ? 320 : 300) : Util.between(r, 200, 600);
                    int s = (int) Math.round(n * (rate + Util.between(r, -0.006, 0.006)));
                    resp += n;
                    sat += s;
                    mine.add(new String[] {"", u.id(), Util.d(on), "beneficiary", Integer.toString(n), Integer.toString(s), ""});
                }
                double score = year == 2022 ? cityscape22 : cityscape23;
                mine.add(new String[] {"", u.id(), Util.d(LocalDate.of(year, 6, 30)), "cityscape", u.isPujin() ? "500"
                        : Integer.toString(Util.between(r, 300, 600)), "", Util.fixed(score, 2)});
                if (r.nextBoolean() && !u.isPujin()) {
                    int n = Util.between(r, 200, 600);
                    mine.add(new String[] {"", u.id(), Util.d(LocalDate.of(year, 10, Util.between(r, 10, 30))), "property",
                        Integer.toString(n), Integer.toString((int) Math.round(n * Util.between(r, 0.78, 0.92))), ""});
                }
                mine.sort((a, b) -> a[2].equals(b[2]) ? a[3].compareTo(b[3]) : a[2].compareTo(b[2]));
                int seq = 0;
                for (String[] row : mine) {
                    row[0] = String.format(Locale.ROOT, "%s-MY%d-%02d", u.id(), year, ++seq);
                    rows.add(row);
                }
                ctx.facts.put(u.id(), year, "satisfaction_rate", Util.pct(sat, resp));
                ctx.facts.put(u.id(), year, "cityscape_score", new BigDecimal(Util.fixed(score, 2)).setScale(2, RoundingMode.HALF_UP));
            }
            ctx.out.write(SOURCE, "survey-results-" + year + ".csv", HEADER, rows);
        }
    }
}
