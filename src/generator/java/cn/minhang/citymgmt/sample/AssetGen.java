package cn.minhang.citymgmt.sample;

import cn.minhang.citymgmt.sources.Sources;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * asset_inventory: what each unit maintains (roads by section, their drains, street trees and cleaning
 * area, green plots, parks, forest plots, public toilets), one inventory per unit, with a few assets taken
 * over in 2023 and a few handed back in 2022.
 */
final class AssetGen {
    static final String SOURCE = Sources.ASSET_INVENTORY.name();
    static final String[] HEADER = Util.header(Sources.ASSET_INVENTORY);
    private static final String[] ALT_ORDER = {"unit_id", "asset_type", "asset_id", "name", "measure_unit", "quantity",
        "maintained_from", "maintained_to"};

    private static final String[] PUJIN_PARKS = {"浦锦文化公园", "江月公园", "浦驰公园", "塘浦河滨公园", "浦秀公园", "江桦绿地公园",
        "浦锦北路街心公园", "陈行公园", "芦恒路口袋公园", "浦申口袋公园", "江柳公园", "浦恒健康公园"};
    private static final String[] PUJIN_GREENS = {"浦锦路西侧绿地（江梅路-江桃路）", "近浦绿道（浦锦段）", "7-16地块绿地",
        "塘浦路沿线绿带", "浦锦北路街角绿地", "江月路浦星公路路口绿地", "周浦塘滨河绿带", "沈庄塘滨河绿带"};
    private static final String[] PARK_SUFFIX = {"中心公园", "文化公园", "体育公园", "滨河公园", "社区公园", "健康公园", "生态公园",
        "湿地公园", "儿童公园", "运动公园"};
    private static final String[] SIDES = {"东", "南", "西", "北"};

    private static final class Road {
        String name;
        long metres;
        LocalDate from;
        LocalDate to;
        boolean trees;
    }

    private static final class Asset {
        final String type;
        final String name;
        final long quantity;
        final int scale;
        final String unit;
        final LocalDate from;
        final LocalDate to;

        Asset(String type, String name, long quantity, int scale, String unit, LocalDate from, LocalDate to) {
            this.type = type;
            this.name = name;
            this.quantity = quantity;
            this.scale = scale;
            this.unit = unit;
            this.from = from;
            this.to = to;
        }

        boolean overlaps(int year) {
            return !from.isAfter(LocalDate.of(year, 12, 31)) && (to == null || !to.isBefore(LocalDate.of(year, 1, 1)));
        }
    }

    private AssetGen() {
    }

    static void run(Ctx ctx) throws IOException {
        for (UnitDef u : ctx.units) {
            String[] order = u.id().equals("MH-HQ") ? ALT_ORDER : HEADER;
            ctx.out.write(SOURCE, "inventory-" + u.id() + ".csv", HEADER, generate(ctx, u), order);
        }
    }

    private static List<String[]> generate(Ctx ctx, UnitDef u) {
        SplittableRandom r = ctx.rng("assets", u.id());
        boolean pj = u.isPujin();
        double s = u.s();
        LocalDate since = pj ? LocalDate.of(2020, 1, 1) : LocalDate.of(2018, 1, 1);
        long roadsM = pj ? 70_000 : Math.round(70_000 * s * Util.between(r, 0.8, 1.2));
        long drainsM = pj ? 357_000 : Math.round(roadsM * Util.between(r, 4.3, 5.8));
        long cleaningM2 = pj ? 1_740_000 : Math.round(roadsM * Util.between(r, 22, 27));
        long greenM2 = pj ? 430_000 : Math.round(430_000 * s * Util.between(r, 0.7, 1.3));
        long parks = pj ? 12 : Math.max(2, Math.round(12 * s * Util.between(r, 0.7, 1.2)));
        long toilets = pj ? 17 : Math.max(3, Math.round(17 * s * Util.between(r, 0.7, 1.3)));
        long forestCentiMu = u.villages().length == 0 ? 0
                : pj ? 219_000 : Math.round(2190 * Double.parseDouble(u.areaKm2()) / UnitDef.PUJIN_AREA * Util.between(r, 0.5, 1.3)) * 100;

        List<Asset> assets = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>();
        // Roads: sections, two of them (or some) taken over in 2023, one handed back in 2022.
        int nRoads = (int) Math.max(8, Math.min(90, Math.round(roadsM / 1700.0)));
        int newRoads = pj ? 2 : r.nextDouble() < 0.5 ? Util.between(r, 1, 2) : 0;
        List<Road> roads = new ArrayList<>();
        long[] lengths = Util.split(roadsM, Util.weights(r, nRoads, 0.6), 1, 300);
        for (int i = 0; i < nRoads; i++) {
            Road rd = new Road();
            rd.name = section(r, u, names, i);
            rd.metres = lengths[i];
            rd.from = i >= nRoads - newRoads ? LocalDate.of(2023, 3 + 5 * (nRoads - 1 - i), 1) : olderStart(r, since);
            rd.trees = i >= nRoads - newRoads || r.nextDouble() < 0.85;
            roads.add(rd);
        }
        Road handedBack = null;
        if (pj || r.nextDouble() < 0.4) {
            handedBack = new Road();
            handedBack.name = section(r, u, names, nRoads);
            handedBack.metres = pj ? 742 : Util.between(r, 400, 1500);
            handedBack.from = since;
            handedBack.to = LocalDate.of(2022, Util.between(r, 6, 11), 30);
        }
        for (Road rd : roads) {
            assets.add(new Asset("road", rd.name, rd.metres, 3, "km", rd.from, null));
        }
        if (handedBack != null) {
            assets.add(new Asset("road", handedBack.name + "（已移交）", handedBack.metres, 3, "km", handedBack.from, handedBack.to));
        }
        // Drains: rain and sewage pipe under each road, proportional to length.
        double[] dw = new double[nRoads * 2];
        for (int i = 0; i < nRoads; i++) {
            dw[2 * i] = roads.get(i).metres * Util.between(r, 2.0, 3.2);
            dw[2 * i + 1] = roads.get(i).metres * Util.between(r, 1.8, 2.8);
        }
        long[] drains = Util.split(drainsM, dw, 1, 100);
        for (int i = 0; i < nRoads; i++) {
            Road rd = roads.get(i);
            assets.add(new Asset("drain_pipe", rd.name + "雨水管道", drains[2 * i], 3, "km", rd.from, null));
            assets.add(new Asset("drain_pipe", rd.name + "污水管道", drains[2 * i + 1], 3, "km", rd.from, null));
        }
        // Street trees: 浦锦 held 14481 before 2023; the 2023 survey counted 14952 (471 on the new roads).
        long newLen = roads.stream().filter(x -> x.from.getYear() == 2023).mapToLong(x -> x.metres).sum();
        long treesTotal = pj ? 14_952 : Math.round(roadsM / 1000.0 * Util.between(r, 180, 240));
        long newTrees = pj ? 471 : Math.round(newLen / 1000.0 * Util.between(r, 150, 220));
        List<Road> oldTreeRoads = roads.stream().filter(x -> x.trees && x.from.getYear() < 2023).toList();
        List<Road> newTreeRoads = roads.stream().filter(x -> x.trees && x.from.getYear() == 2023).toList();
        treeRows(assets, oldTreeRoads, treesTotal - newTrees);
        treeRows(assets, newTreeRoads, newTrees);
        // Cleaning area along each road, plus the section handed back.
        double[] cw = new double[nRoads];
        for (int i = 0; i < nRoads; i++) {
            cw[i] = roads.get(i).metres * Util.between(r, 0.8, 1.25);
        }
        long[] cleaning = Util.split(cleaningM2, cw, 1, 1000);
        for (int i = 0; i < nRoads; i++) {
            Road rd = roads.get(i);
            assets.add(new Asset("cleaning_area", rd.name + "道路保洁", cleaning[i], 0, "m2", rd.from, null));
        }
        if (handedBack != null) {
            assets.add(new Asset("cleaning_area", handedBack.name + "道路保洁（已移交）", handedBack.metres * 24, 0, "m2",
                    handedBack.from, handedBack.to));
        }
        // Public green plots, one of them new in 2023.
        int nGreen = (int) Math.max(5, Math.min(70, Math.round(greenM2 / 11_000.0)));
        boolean newGreen = pj || r.nextDouble() < 0.4;
        long[] plots = Util.split(greenM2, Util.weights(r, nGreen, 0.7), 1, 800);
        for (int i = 0; i < nGreen; i++) {
            boolean isNew = newGreen && i == nGreen - 1;
            String name = pj && i < PUJIN_GREENS.length ? PUJIN_GREENS[i] : isNew && pj ? "江桦路口袋绿地" : greenName(r, u, i);
            names.add(name);
            assets.add(new Asset("public_green", name, plots[i], 0, "m2", isNew ? LocalDate.of(2023, 7, 1) : olderStart(r, since), null));
        }
        // Parks.
        boolean newPark = !pj && r.nextDouble() < 0.3;
        for (int i = 0; i < parks; i++) {
            String name = pj ? PUJIN_PARKS[i] : parkName(r, u, names, i);
            boolean isNew = newPark && i == parks - 1;
            assets.add(new Asset("park", name, 1, 0, "count", isNew ? LocalDate.of(2023, 9, 28) : olderStart(r, since), null));
        }
        // Forest plots per village; 浦锦 planted 5 mu of new 公益林 in 2023.
        if (forestCentiMu > 0) {
            long newForest = pj ? 500 : 0;
            int nPlots = u.villages().length * 2;
            long[] fo = Util.split(forestCentiMu - newForest, Util.weights(r, nPlots, 0.6), 1, 1000);
            for (int i = 0; i < nPlots; i++) {
                assets.add(new Asset("forest", u.villages()[i / 2] + "林地" + (i % 2 + 1) + "号地块", fo[i], 2, "mu", since, null));
            }
            if (newForest > 0) {
                assets.add(new Asset("forest", "公益林新建地块（陈行村）", newForest, 2, "mu", LocalDate.of(2023, 11, 15), null));
            }
        }
        // Public toilets.
        for (int i = 0; i < toilets; i++) {
            String name = pj && i == 0 ? "浦驰路移动式公厕" : pj && i == 1 ? "江月路浦锦路公厕" : toiletName(r, u, names);
            boolean isNew = pj && i == toilets - 1;
            assets.add(new Asset("public_toilet", name, 1, 0, "count", isNew ? LocalDate.of(2023, 5, 20) : olderStart(r, since), null));
        }

        List<String[]> rows = new ArrayList<>();
        int[] seq = new int[8];
        List<String> types = List.of("park", "street_tree", "road", "drain_pipe", "public_green", "cleaning_area", "forest",
                "public_toilet");
        String[] codes = {"PK", "ST", "RD", "DP", "PG", "CA", "FO", "WC"};
        for (Asset a : assets) {
            int t = types.indexOf(a.type);
            rows.add(new String[] {String.format(Locale.ROOT, "%s-%s-%03d", u.id(), codes[t], ++seq[t]), u.id(), a.type, a.name,
                Util.dec(a.quantity, a.scale), a.unit, Util.d(a.from), Util.d(a.to)});
        }
        rows.sort((x, y) -> x[0].compareTo(y[0]));
        for (int year : Ctx.YEARS) {
            for (int t = 0; t < types.size(); t++) {
                BigDecimal sum = BigDecimal.ZERO;
                for (Asset a : assets) {
                    if (a.type.equals(types.get(t)) && a.overlaps(year)) {
                        sum = sum.add(BigDecimal.valueOf(a.quantity, a.scale));
                    }
                }
                ctx.facts.put(u.id(), year, "asset_" + types.get(t), sum);
            }
        }
        return rows;
    }

    private static void treeRows(List<Asset> assets, List<Road> roads, long total) {
        if (roads.isEmpty() || total <= 0) {
            return;
        }
        double[] w = new double[roads.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = roads.get(i).metres;
        }
        long[] t = Util.split(total, w, 1, 1);
        for (int i = 0; i < t.length; i++) {
            assets.add(new Asset("street_tree", roads.get(i).name + "行道树", t[i], 0, "count", roads.get(i).from, null));
        }
    }

    private static LocalDate olderStart(SplittableRandom r, LocalDate since) {
        return r.nextDouble() < 0.8 ? since : Util.date(r, since, LocalDate.of(2021, 12, 1)).withDayOfMonth(1);
    }

    private static String section(SplittableRandom r, UnitDef u, TreeSet<String> used, int i) {
        String[] st = u.streets();
        String street = st[i % st.length];
        for (;;) {
            String a = Util.pick(r, st);
            String b = Util.pick(r, st);
            String name = street + "（" + a + "-" + b + "）";
            if (!a.equals(b) && !a.equals(street) && !b.equals(street) && used.add(name)) {
                return name;
            }
        }
    }

    private static String greenName(SplittableRandom r, UnitDef u, int i) {
        double x = r.nextDouble();
        if (x < 0.4) {
            return Util.pick(r, u.streets()) + Util.pick(r, SIDES) + "侧绿带" + (i + 1) + "号";
        }
        if (x < 0.7) {
            return Util.pick(r, u.communities()) + "周边公共绿地";
        }
        return Util.pick(r, u.streets()) + Util.pick(r, u.streets()) + "路口绿地";
    }

    private static String parkName(SplittableRandom r, UnitDef u, TreeSet<String> used, int i) {
        String name = i < PARK_SUFFIX.length ? u.place() + PARK_SUFFIX[i] : null;
        while (name == null || !used.add(name)) {
            name = Util.pick(r, u.streets()) + (r.nextBoolean() ? "口袋公园" : "街心花园");
        }
        return name;
    }

    private static String toiletName(SplittableRandom r, UnitDef u, TreeSet<String> used) {
        for (;;) {
            String name = Util.pick(r, u.streets()) + (r.nextDouble() < 0.3 ? Util.pick(r, u.streets()) : "") + "公厕";
            if (used.add(name)) {
                return name;
            }
            if (r.nextDouble() < 0.2) {
                name = Util.pick(r, u.communities()) + "旁公厕";
                if (used.add(name)) {
                    return name;
                }
            }
        }
    }
}
