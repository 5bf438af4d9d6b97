package cn.minhang.citymgmt.sample;

import java.util.ArrayList;
import java.util.List;

/** The 14 units of 闵行区 and the profile each one plays in the sample (who does well, who does not). */
final class Units {
    static final String PUJIN = "MH-PJ";
    /** Repairs often late (养护维修处置及时性 only partial). */
    static final String POOR_REPAIR = "MH-ZQ";
    /** Low inspection pass rates and falling scores in 2023. */
    static final String LOW_INSPECTION = "MH-JCL";
    /** Spends slightly more than its adjusted budget in 2023. */
    static final String OVER_EXECUTION = "MH-HC";
    /** Big mid-year budget cuts in 2023. */
    static final String BIG_CUTS = "MH-WJ";
    /** Delivers its 2022 inspections with the Chinese labels instead of codes. */
    static final String CHINESE_LABELS = "MH-MQ";
    /** Wet waste often collected only once a day. */
    static final String LOW_WET_TIMELY = "MH-HQ";
    /** Beneficiary satisfaction below 90 % in 2023. */
    static final String LOW_SATISFACTION = "MH-QB";
    /** One major incident in 2023. */
    static final String MAJOR_2023 = "MH-PJZ";
    /** One major incident in 2022. */
    static final String MAJOR_2022 = "MH-XZIP";
    /** Long-running works finished in 2023 (mean duration above 2 years). */
    static final String SLOW_WORKS = "MH-ML";
    /** Finishes fewer works than planned in 2023. */
    static final String WORKS_BEHIND = "MH-XH";
    /** Self-reports overstating one figure in 2023: street trees, repair timeliness, lifts. */
    static final String OVERSTATES_TREES = "MH-XZ";
    static final String OVERSTATES_REPAIR = "MH-ZQ";
    static final String OVERSTATES_LIFTS = "MH-GM";

    static final List<UnitDef> ALL = List.of(
            new UnitDef("MH-PJ", "PJ", "浦锦街道", "subdistrict", 160_000, "24.63", 0.7,
                    new String[] {"浦锦路", "浦星公路", "江月路", "陈行公路", "芦恒路", "江松路", "浦锦北路", "浦驰路", "浦秀路",
                            "南江燕路", "北江燕路", "江龙路", "北江桐路", "江柳路", "江桦路", "浦申路", "江梅路", "江桃路", "浦雪路",
                            "浦瑞路", "北江洲路", "南江洲路", "浦晓南路", "竹园西路", "塘浦路", "江园路", "浦恒路", "浦锦南路",
                            "浦驰南路", "浦雪南路", "浦瑞南路", "江凯路", "江杉路", "浦顺路", "浦航路", "江樱路", "江芦路"},
                    concat(villages("滨浦新苑", 7), villages("景舒苑", 9), new String[] {"涵云雅庭", "一品漫城一期", "一品漫城二期",
                            "新浦江城三期", "红醍半岛", "宝铭浦秀苑", "世博家园", "锦怡园", "浦恒馨苑", "保利锦上", "江锦南苑", "江锦北苑",
                            "浦恒北苑", "尚德坤庭", "浦江瑞和城", "浦秀苑", "浦航新城"}),
                    new String[] {"陈行村", "革新村", "汇中村", "光继村", "塘口村"}),
            new UnitDef("MH-JCL", "JCL", "江川路街道", "subdistrict", 143_000, "11.87", 1.6,
                    new String[] {"江川路", "沧源路", "鹤庆路", "华宁路", "永德路", "东川路", "剑川路", "碧江路", "昆阳路", "兰坪路",
                            "瑞丽路", "思茅路", "金平路", "凤庆路", "紫龙路", "文井路", "虹梅南路", "石化路", "华坪路", "江月路"},
                    concat(villages("红旗新村", 3), villages("电机新村", 4), villages("鹤庆", 3), new String[] {"东风新村", "汽轮新村",
                            "碧江新村", "沧源小区", "华宁新村", "永德新村", "富仕名邸", "滨江苑", "兰坪小区", "瑞丽新村", "樱桃苑"}),
                    new String[] {"和平村", "黄一村"}),
            new UnitDef("MH-GM", "GM", "古美街道", "subdistrict", 152_000, "6.53", 1.8,
                    new String[] {"古美路", "古美西路", "平南路", "平阳路", "平吉路", "顾戴路", "万源路", "古龙路", "龙茗路", "莲花南路",
                            "虹梅路", "梅陇路", "平南东路", "古美东路"},
                    concat(villages("古美", 9), villages("平南", 3), villages("平阳", 4), villages("平吉", 2), new String[] {
                            "东兰新村", "罗阳新村", "万源城", "古龙小区", "梅陇三村"}),
                    new String[] {}),
            new UnitDef("MH-XH", "XH", "新虹街道", "subdistrict", 61_000, "16.42", 0.5,
                    new String[] {"申长路", "申滨路", "申虹路", "华翔路", "北翟路", "天山西路", "盈港东路", "甬虹路", "舟虹路", "苏虹路",
                            "扬虹路", "宁虹路", "建虹路", "润虹路", "绍虹路"},
                    concat(villages("爱博", 5), new String[] {"新虹家园", "申虹佳苑", "新虹苑", "虹桥新村", "韩森苑"}),
                    new String[] {"新虹村"}),
            new UnitDef("MH-XZ", "XZ", "莘庄镇", "town", 278_000, "19.87", 1.4,
                    new String[] {"莘松路", "莘建路", "都市路", "莘朱路", "沪闵路", "水清路", "七莘路", "春申路", "莘东路", "疏影路",
                            "仲春路", "莘北路", "报春路", "庙泾路", "西环路", "名都路", "疏桐路", "莘浜路", "莘谭路", "黎安路"},
                    concat(villages("绿梅", 3), villages("莘松", 9), villages("报春", 3), new String[] {"莘城苑", "西子湾", "丽华苑",
                            "春申城四季", "莘庄新村", "康城", "水清苑", "莘西南村"}),
                    new String[] {"莘西村", "光明村", "黎安村"}),
            new UnitDef("MH-QB", "QB", "七宝镇", "town", 296_000, "19.18", 1.1,
                    new String[] {"七莘路", "漕宝路", "新镇路", "富强街", "青年路", "沪星路", "吴宝路", "中春路", "航华路", "联明路",
                            "明谷路", "沪青平公路", "新龙路", "星中路", "宝南路", "七宝南路", "农南路", "新郁路"},
                    concat(villages("航华", 4), villages("静安新城", 9), new String[] {"万科城市花园", "七韵美地苑", "皇都花园",
                            "七宝新村", "明谷家园", "宝南新村", "星中苑"}),
                    new String[] {"九星村", "联明村", "号东村"}),
            new UnitDef("MH-ZQ", "ZQ", "颛桥镇", "town", 214_000, "19.45", 1.0,
                    new String[] {"颛兴路", "都会路", "光华路", "银都路", "北松公路", "沪闵路", "剑川路", "金都路", "鑫都路", "向阳路",
                            "颛建路", "中沟路", "秀文路", "颛盛路", "双柏路", "紫龙路"},
                    concat(villages("银都苑", 6), villages("中沟新村", 3), new String[] {"金都新村", "颛桥新村", "光华苑", "向阳小区",
                            "鑫都城", "颛溪新村", "双柏苑"}),
                    new String[] {"中沟村", "安乐村", "北桥村"}),
            new UnitDef("MH-HC", "HC", "华漕镇", "town", 168_000, "23.46", 0.6,
                    new String[] {"华漕路", "纪翟路", "北青公路", "诸光路", "金丰路", "华江路", "纪鹤路", "华翔路", "北翟路", "申长路",
                            "运乐路", "保乐路", "金光路", "华美路", "许浦路"},
                    concat(villages("华漕新村", 3), villages("诸翟新村", 3), new String[] {"金丰苑", "华江公寓", "纪王新苑",
                            "爱博家园", "运乐苑", "漕宝家园"}),
                    new String[] {"许浦村", "石皮弄村", "赵家村", "纪王村"}),
            new UnitDef("MH-HQ", "HQ", "虹桥镇", "town", 198_000, "9.68", 1.2,
                    new String[] {"虹梅路", "吴中路", "虹井路", "虹莘路", "红松路", "合川路", "航新路", "姚虹路", "虹泉路", "金汇路",
                            "伊犁南路", "紫藤路", "虹许路", "古北路", "宋园路"},
                    concat(villages("龙柏", 6), villages("虹桥新村", 2), new String[] {"红松小区", "虹莘苑", "金汇花园", "虹桥乐庭",
                            "星辰园", "紫藤新园", "古北国际花园"}),
                    new String[] {"虹五村"}),
            new UnitDef("MH-ML", "ML", "梅陇镇", "town", 332_000, "21.83", 1.3,
                    new String[] {"沪闵路", "莲花南路", "虹梅南路", "春申路", "朱梅路", "罗锦路", "华梅路", "梅富路", "景联路", "银都路",
                            "龙吴路", "曹行路", "梅陇西路", "华东路", "许泾路", "梅林路", "陇南路"},
                    concat(villages("梅陇", 7), villages("曹行", 3), villages("罗阳", 4), new String[] {"华梅花园", "春申苑", "景城",
                            "许泾新村", "梅莲苑", "陇南小区"}),
                    new String[] {"行南村", "永联村", "曹中村", "许泾村"}),
            new UnitDef("MH-WJ", "WJ", "吴泾镇", "town", 147_000, "28.15", 1.0,
                    new String[] {"龙吴路", "剑川路", "紫星路", "永德路", "虹梅南路", "景东路", "通海路", "俞塘路", "塘口路", "吴泾路",
                            "紫月路", "放鹤路", "景谷路", "双柏路"},
                    concat(villages("吴泾", 5), villages("塘口新村", 2), new String[] {"紫竹半岛", "永德小区", "景东苑", "俞塘苑",
                            "通海新村", "紫星苑"}),
                    new String[] {"和平村", "塘湾村", "星火村", "友爱村"}),
            new UnitDef("MH-MQ", "MQ", "马桥镇", "town", 104_000, "36.29", 0.8,
                    new String[] {"元江路", "北松公路", "银都路", "俞塘路", "昆阳路", "旗忠路", "望江路", "强业路", "马桥大街", "彭渡路",
                            "吴会路", "西渡路", "同心路", "紫旭路"},
                    concat(villages("马桥新村", 3), new String[] {"俞塘苑", "彭渡小区", "旗忠苑", "同心苑", "民主新苑", "紫藤苑"}),
                    new String[] {"旗忠村", "同心村", "彭渡村", "民主村", "吴会村", "荷巷桥村"}),
            new UnitDef("MH-PJZ", "PJZ", "浦江镇", "town", 389_000, "78.52", 0.5,
                    new String[] {"沈杜公路", "联航路", "三鲁公路", "召楼路", "闸航路", "恒南路", "永跃路", "浦涛路", "浦晓路", "浦星公路",
                            "陈行公路", "鲁陈路", "江月路", "芦胜路", "立跃路", "浦驰路", "汇臻路", "恒西路", "东城路", "浦凯路"},
                    concat(villages("瑞和城", 6), villages("浦江华侨城", 5), villages("召楼新村", 3), new String[] {"浦江新村",
                            "联航苑", "浦涛苑", "浦江坤庭", "永康城", "浦江颐城", "浦江玫瑰园"}),
                    new String[] {"召稼楼村", "革新村", "勤俭村", "正义村", "新风村", "光继村", "跃农村", "联胜村"}),
            new UnitDef("MH-XZIP", "XZIP", "莘庄工业区", "industrial_zone", 41_000, "17.88", 0.3,
                    new String[] {"申富路", "春东路", "光华路", "中春路", "元江路", "春光路", "金都路", "颛兴东路", "申旺路", "繁兴路",
                            "旗忠路", "申南路", "北松公路"},
                    new String[] {"申富苑", "春东苑", "工业区新村", "颛兴东苑", "申南新苑", "光华家园"},
                    new String[] {"光明村", "工业区村"}));

    private Units() {
    }

    /** The district for {@code n} = 14; beyond, a city: the 14 units again, round-robin, as copies 2, 3 … */
    static List<UnitDef> city(int n) {
        if (n < ALL.size()) {
            throw new IllegalArgumentException("a city has at least the district's " + ALL.size() + " units, not " + n);
        }
        List<UnitDef> units = new ArrayList<>(ALL);
        for (int i = ALL.size(); i < n; i++) {
            units.add(ALL.get(i % ALL.size()).copy(i / ALL.size() + 1));
        }
        return List.copyOf(units);
    }

    static UnitDef byId(String id) {
        for (UnitDef u : ALL) {
            if (u.id().equals(id)) {
                return u;
            }
        }
        throw new IllegalArgumentException(id);
    }

    static String[] villages(String prefix, int n) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = prefix + Util.cn(i + 1) + "村";
        }
        return out;
    }

    static String[] concat(String[]... parts) {
        List<String> all = new ArrayList<>();
        for (String[] p : parts) {
            all.addAll(List.of(p));
        }
        return all.toArray(new String[0]);
    }
}
