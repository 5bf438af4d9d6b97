package cn.minhang.citymgmt.sample;

import java.util.List;
import java.util.SplittableRandom;

/** Run-wide settings shared by the generators. */
final class Ctx {
    static final int[] YEARS = {2022, 2023};

    final long seed;
    final int scale;
    final CsvOut out;
    /** The units to generate, in file order: {@link Units#ALL} for the district, {@link Units#city} for more. */
    final List<UnitDef> units;
    final Facts facts = new Facts();

    Ctx(long seed, int scale, CsvOut out, List<UnitDef> units) {
        this.seed = seed;
        this.scale = scale;
        this.out = out;
        this.units = units;
    }

    SplittableRandom rng(Object... parts) {
        return Util.rng(seed, parts);
    }

    /** Whether the exact seed-report figures apply (浦锦街道 2023 at scale 1). */
    boolean seedFigures(UnitDef u, int year) {
        return u.isPujin() && year == 2023;
    }
}
