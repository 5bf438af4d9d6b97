package cn.minhang.citymgmt.sample;

import java.util.SplittableRandom;

/** Fake but realistic personal names, phone numbers, addresses, plates and company names. */
final class Names {
    private static final String[] SURNAMES = {
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
        "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余",
        "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "钟", "谭", "陆", "汪", "范", "金", "石", "夏",
        "方", "邹", "熊", "秦", "江", "顾", "钱", "倪", "严", "戴", "施", "瞿", "奚", "陶", "龚", "俞", "毛", "浦", "盛", "费",
        "张", "王", "陈", "徐", "朱", "沈", "陆", "顾", "周", "吴", "李", "杨"};
    private static final String[] GIVEN = {
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "霞", "平", "刚",
        "英", "燕", "萍", "玲", "红", "斌", "波", "辉", "婷", "雪", "琳", "晨", "宇", "浩", "凯", "鹏", "俊", "峰", "慧", "佳",
        "颖", "欣", "怡", "雯", "倩", "蕾", "琦", "诚", "德", "荣", "根", "宝", "金", "福", "林", "彬", "毅", "晓", "文", "志",
        "海", "云", "春", "秋", "梅", "兰", "菊", "珍", "凤", "玉", "成", "鑫", "建", "国", "华", "新", "民", "忠", "亮", "丹",
        "莉", "昊", "轩", "睿", "妍", "思", "嘉", "子", "一", "振", "荣", "秀", "桂", "美", "永", "锦", "龙", "婕", "蓓", "瑾"};
    private static final String[] PREFIXES = {
        "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156", "157", "158",
        "159", "166", "173", "176", "177", "180", "181", "182", "183", "185", "186", "187", "188", "189", "191", "198", "199"};
    private static final String[] BRANDS = {
        "锦程", "申洁", "绿川", "城洁", "虹美", "梅清", "闵环", "沪洁", "浦源", "春晖", "佳境", "瑞康", "益通", "恒润", "立信",
        "嘉盛", "欣荣", "华苑", "景和", "宏远", "新城", "安达", "兴业", "鼎辉", "汇丰", "东昇", "金桥", "联创", "博雅", "中盛"};

    private Names() {
    }

    /** A Chinese personal name; now and then only 陈先生 / 王女士, as callers often give. */
    static String person(SplittableRandom r) {
        String s = Util.pick(r, SURNAMES);
        double x = r.nextDouble();
        if (x < 0.12) {
            return s + (r.nextBoolean() ? "先生" : "女士");
        }
        if (x < 0.42) {
            return s + Util.pick(r, GIVEN);
        }
        return s + Util.pick(r, GIVEN) + Util.pick(r, GIVEN);
    }

    /** An 11-digit mainland mobile number 1[3-9]xxxxxxxxx. */
    static String mobile(SplittableRandom r) {
        StringBuilder sb = new StringBuilder(Util.pick(r, PREFIXES));
        for (int i = 0; i < 8; i++) {
            sb.append((char) ('0' + r.nextInt(10)));
        }
        return sb.toString();
    }

    /** A residential address in the unit: 景舒苑三村 12号 301室, or 浦锦路 1888弄 5号 602室. */
    static String address(SplittableRandom r, UnitDef u) {
        int floor = Util.between(r, 1, 6);
        String room = floor + String.format(java.util.Locale.ROOT, "%02d", Util.between(r, 1, 4)) + "室";
        if (r.nextDouble() < 0.6) {
            return Util.pick(r, u.communities()) + Util.between(r, 1, 88) + "号" + room;
        }
        return Util.pick(r, u.streets()) + (Util.between(r, 1, 60) * 10 + Util.between(r, 0, 9)) + "弄"
                + Util.between(r, 1, 60) + "号" + room;
    }

    /** A place on the street network: 江月路近浦锦路, or 浦驰路 1200号 门前. */
    static String location(SplittableRandom r, UnitDef u) {
        String a = Util.pick(r, u.streets());
        String b = Util.pick(r, u.streets());
        if (a.equals(b) || r.nextDouble() < 0.35) {
            return a + (Util.between(r, 1, 300) * 4 + 1) + "号门前";
        }
        return a + "近" + b;
    }

    /** A Shanghai licence plate such as 沪D·A2731 or 沪BD51207 (new energy). */
    static String plate(SplittableRandom r) {
        String letters = "ABCDEFGHJKLMN";
        if (r.nextDouble() < 0.3) {
            return "沪" + letters.charAt(r.nextInt(4)) + "D" + String.format(java.util.Locale.ROOT, "%05d", r.nextInt(100000));
        }
        return "沪" + letters.charAt(r.nextInt(letters.length())) + (char) ('A' + r.nextInt(8))
                + String.format(java.util.Locale.ROOT, "%04d", r.nextInt(10000));
    }

    /** A contractor such as 上海锦程环境服务有限公司. */
    static String company(SplittableRandom r, String trade) {
        return "上海" + Util.pick(r, BRANDS) + trade + "有限公司";
    }
}
