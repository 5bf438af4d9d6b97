package cn.minhang.citymgmt.sample;

import cn.minhang.citymgmt.sources.Sources;

import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * waste_collections: one dry trip per site and day, two wet trips (一日两清) on most site-days,
 * recyclables every other day, plus bulky, construction and hazardous runs, and refusals
 * (不分类不收运: extra trips with nothing taken).
 */
final class WasteGen {
    static final String SOURCE = Sources.WASTE_COLLECTIONS.name();
    static final String[] HEADER = Util.header(Sources.WASTE_COLLECTIONS);
    private static final String TYPE_LETTERS = "DWRLHBC";
    private static final String[] TYPES = {"dry", "wet", "recyclable", "low_value_recyclable", "hazardous", "bulky", "construction"};
    /** 浦锦街道 2023 tonnes per day (seed report). */
    private static final double[] PUJIN_PER_DAY = {82.42, 55.14, 36.49, 24.86};
    /** 浦锦街道 2023 annual tonnes in hundredths: per-day × 365, exact. */
    private static final long[] PUJIN_2023 = {3_008_330L, 2_012_610L, 1_331_885L, 907_390L};

    private static final class Trip {
        final LocalDateTime at;
        final int site;
        final int type;
        final double weight;
        long hundredths;
        final boolean refused;
        final String vehicle;

        Trip(LocalDateTime at, int site, int type, double weight, boolean refused, String vehicle) {
            this.at = at;
            this.site = site;
            this.type = type;
            this.weight = weight;
            this.refused = refused;
            this.vehicle = vehicle;
        }
    }

    private WasteGen() {
    }

    static void run(Ctx ctx) throws IOException {
        for (UnitDef u : ctx.units) {
            for (int year : Ctx.YEARS) {
                List<String[]> rows = generate(ctx, u, year);
                ctx.out.write(SOURCE, year + "/" + u.id() + "-" + year + ".csv.gz", HEADER, rows);
            }
        }
    }

    private static LocalDateTime at(SplittableRandom r, LocalDate d, int fromHour, int hours) {
        return d.atTime(fromHour, 0).plusSeconds(r.nextInt(hours * 3600));
    }

    private static List<String[]> generate(Ctx ctx, UnitDef u, int year) {
        SplittableRandom r = ctx.rng("waste", u.id(), year);
        boolean exact = ctx.seedFigures(u, year);
        int sites = (int) Math.max(3, Math.round(11 * u.f())) * ctx.scale;
        double[] siteW = Util.weights(r, sites, 0.4);
        LocalDate first = LocalDate.of(year, 1, 1);
        int days = first.lengthOfYear();

        long[] target = new long[4];
        double[] yearFactor = year == 2022 ? new double[] {1.03, 0.97, 0.96, 0.92} : new double[] {1, 1, 1, 1};
        for (int t = 0; t < 4; t++) {
            target[t] = exact ? PUJIN_2023[t] * ctx.scale
                    : Math.round(PUJIN_PER_DAY[t] * u.f() * Util.between(r, 0.85, 1.15) * yearFactor[t] * days * 100) * ctx.scale;
        }
        double singleWet = exact ? 0.016 : u.id().equals(Units.LOW_WET_TIMELY) ? (year == 2023 ? 0.11 : 0.07) : Util.between(r, 0.008, 0.035);
        int refusals = exact ? 135 * ctx.scale
                : (int) Math.round(135 * u.f() * Util.between(r, 0.6, 1.5) * (year == 2022 ? 1.25 : 1.0)) * ctx.scale;

        // Fleet: 干垃圾 one truck per ~site, 湿垃圾 fewer, plus recyclables, bulky and construction.
        String[] dryV = plates(r, Math.max(2, sites));
        String[] wetV = plates(r, Math.max(1, (int) Math.round(sites * 3 / 11.0)));
        String[] recV = plates(r, Math.max(1, (int) Math.round(sites * 2 / 11.0)));
        String[] otherV = plates(r, 3);

        List<Trip> trips = new ArrayList<>(sites * days * 5);
        boolean[][] single = new boolean[days][sites];
        for (int d = 0; d < days; d++) {
            LocalDate day = first.plusDays(d);
            double dayF = switch (day.getDayOfWeek()) {
                case SATURDAY, SUNDAY -> 1.05;
                default -> 1.0;
            };
            if (isSpringFestival(day)) {
                dayF *= 0.8;
            }
            double wetSeason = day.getMonthValue() >= 6 && day.getMonthValue() <= 9 ? 1.1 : 1.0;
            for (int s = 0; s < sites; s++) {
                double base = siteW[s] * dayF;
                trips.add(new Trip(at(r, day, 5, 4), s, 0, base * Util.between(r, 0.85, 1.15), false, vehicle(r, dryV, s)));
                single[d][s] = r.nextDouble() < singleWet;
                trips.add(new Trip(at(r, day, 6, 4), s, 1, base * wetSeason * Util.between(r, 0.85, 1.15), false, vehicle(r, wetV, s)));
                if (!single[d][s]) {
                    trips.add(new Trip(at(r, day, 14, 4), s, 1, 0.8 * base * wetSeason * Util.between(r, 0.85, 1.15), false,
                            vehicle(r, wetV, s)));
                }
                if ((d + s) % 2 == 0) {
                    trips.add(new Trip(at(r, day, 9, 6), s, 2, base * Util.between(r, 0.8, 1.2), false, vehicle(r, recV, s)));
                } else {
                    trips.add(new Trip(at(r, day, 10, 6), s, 3, base * Util.between(r, 0.8, 1.2), false, vehicle(r, recV, s)));
                }
            }
        }
        // Exact annual tonnage per main type: proportional shares in hundredths, remainder spread.
        for (int t = 0; t < 4; t++) {
            final int type = t;
            List<Trip> of = trips.stream().filter(x -> x.type == type).toList();
            double[] w = new double[of.size()];
            for (int i = 0; i < w.length; i++) {
                w[i] = of.get(i).weight;
            }
            long[] parts = Util.split(target[t], w, 1, 1);
            for (int i = 0; i < parts.length; i++) {
                of.get(i).hundredths = parts[i];
            }
        }
        // Refusals: an extra visit where nothing was taken; wet refusals only where both wet runs happened.
        for (int k = 0; k < refusals; k++) {
            int d = r.nextInt(days);
            int s = r.nextInt(sites);
            LocalDate day = first.plusDays(d);
            if (r.nextDouble() < 0.62) {
                trips.add(new Trip(at(r, day, 5, 4), s, 0, 0, true, vehicle(r, dryV, s)));
            } else if (!single[d][s]) {
                trips.add(new Trip(at(r, day, 6, 10), s, 1, 0, true, vehicle(r, wetV, s)));
            } else {
                k--;
            }
        }
        // Occasional runs: hazardous monthly, bulky and construction weekly.
        double sf = Math.sqrt(u.f()) * ctx.scale;
        for (int d = 0; d < days; d++) {
            LocalDate day = first.plusDays(d);
            if (day.getDayOfMonth() == 20 || (sf > 1.2 && day.getDayOfMonth() == 5)) {
                trips.add(special(r, day, 4, Util.between(r, 5, 80), otherV[0]));
            }
            if (r.nextDouble() < 2 * sf / 7) {
                trips.add(special(r, day, 5, Util.between(r, 300, 1200), otherV[1]));
            }
            if (r.nextDouble() < 3 * sf / 7) {
                trips.add(special(r, day, 6, Util.between(r, 800, 3000), otherV[2]));
            }
        }
        trips.sort(Comparator.<Trip, LocalDateTime>comparing(t -> t.at).thenComparingInt(t -> t.site).thenComparingInt(t -> t.type)
                .thenComparing(t -> t.refused));

        List<String[]> rows = new ArrayList<>(trips.size());
        // trip_id = site, day, type letter and run of the day: PJ-S04-230101-W2 (lookups only, never iterated).
        Map<String, Integer> runs = new HashMap<>();
        for (Trip t : trips) {
            if (t.hundredths > 4000) {
                throw new IllegalStateException("trip above 40 t: " + u.id() + " " + t.hundredths);
            }
            String site = t.site >= 0 ? String.format(Locale.ROOT, "%s-S%02d", u.code(), t.site + 1)
                    : u.code() + (t.type == 4 ? "-H01" : "-Z01");
            String day = String.format(Locale.ROOT, "%02d%02d%02d", t.at.getYear() % 100, t.at.getMonthValue(), t.at.getDayOfMonth());
            String prefix = site + "-" + day + "-" + TYPE_LETTERS.charAt(t.type);
            int run = runs.merge(prefix, 1, Integer::sum);
            rows.add(new String[] {prefix + run, u.id(), site, Util.ts(t.at),
                TYPES[t.type], Util.dec(t.hundredths, 2), t.vehicle, Boolean.toString(t.refused)});
        }
        // Facts: share of wet site-days with two runs.
        long wetDays = (long) days * sites;
        long twice = 0;
        for (int d = 0; d < days; d++) {
            for (int s = 0; s < sites; s++) {
                twice += single[d][s] ? 0 : 1;
            }
        }
        ctx.facts.put(u.id(), year, "wet_twice_rate", Util.pct(twice, wetDays));
        return rows;
    }

    private static Trip special(SplittableRandom r, LocalDate day, int type, long hundredths, String vehicle) {
        Trip t = new Trip(at(r, day, 8, 9), -1, type, 0, false, vehicle);
        t.hundredths = hundredths;
        return t;
    }

    private static String vehicle(SplittableRandom r, String[] fleet, int site) {
        return r.nextDouble() < 0.002 ? "" : fleet[site % fleet.length];
    }

    private static String[] plates(SplittableRandom r, int n) {
        String[] p = new String[n];
        for (int i = 0; i < n; i++) {
            p[i] = Names.plate(r);
        }
        return p;
    }

    private static boolean isSpringFestival(LocalDate d) {
        LocalDate eve = d.getYear() == 2022 ? LocalDate.of(2022, 1, 31) : LocalDate.of(2023, 1, 21);
        return !d.isBefore(eve) && d.isBefore(eve.plusDays(7));
    }
}
