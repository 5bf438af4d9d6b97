package cn.minhang.citymgmt.sample;

import java.util.Locale;

/**
 * One unit of the district, with the geography the generators draw names from.
 *
 * @param code short code used in ids (PJ, JCL …)
 * @param oldHousing how much pre-2000 walk-up housing the unit has (drives lift retrofits)
 */
record UnitDef(String id, String code, String shortName, String type, int population, String areaKm2,
               double oldHousing, String[] streets, String[] communities, String[] villages) {

    static final int PUJIN_POPULATION = 160_000;
    static final double PUJIN_AREA = 24.63;

    String unitName() {
        return shortName + "城市建设管理事务中心";
    }

    /** Population relative to 浦锦街道. */
    double f() {
        return population / (double) PUJIN_POPULATION;
    }

    /** Infrastructure size relative to 浦锦街道 (population and area). */
    double s() {
        return 0.6 * f() + 0.4 * Double.parseDouble(areaKm2) / PUJIN_AREA;
    }

    /**
     * Copy {@code n} (2, 3 …) of this unit for a city: id MH-PJ-02, code PJ-02, name 浦锦街道(2); same size and
     * geography. Its own id gives it its own random streams, and none of the special profiles or seed figures.
     */
    UnitDef copy(int n) {
        String suffix = String.format(Locale.ROOT, "-%02d", n);
        return new UnitDef(id + suffix, code + suffix, shortName + "(" + n + ")", type, population, areaKm2, oldHousing,
                streets, communities, villages);
    }

    boolean isPujin() {
        return Units.PUJIN.equals(id);
    }

    /** The place name without 街道 / 镇 / 工业区, e.g. 浦锦. */
    String place() {
        return shortName.replace("街道", "").replace("工业区", "").replace("镇", "");
    }
}
