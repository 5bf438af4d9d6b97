package cn.minhang.citymgmt.report;

import java.util.List;
import java.util.Map;

/** The Chinese labels the report displays for the tables' codes (data contract: codes are lower-case English). */
final class Labels {
    /** Level-1 groups in the framework's order: the prefix of indicator_id / the suffix of score_* columns. */
    static final List<String> GROUPS = List.of("budget", "mgmt", "output", "outcome", "satisfaction");
    static final Map<String, String> GROUP_NAMES = Map.of(
            "budget", "预算执行", "mgmt", "部门管理", "output", "产出指标", "outcome", "效益指标", "satisfaction", "满意度指标");
    /** 二级指标 in the order of the seed report; others follow alphabetically. */
    static final List<String> LEVEL2_ORDER = List.of("预算执行率", "决策管理", "业务管理", "财务管理", "资产管理", "人力资源管理",
            "内控管理", "数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标", "生态效益指标",
            "可持续影响指标", "服务对象满意度指标");

    static final Map<String, String> STATUS = Map.of(
            "ok", "正常", "no_data", "无数据", "no_baseline", "无上年基数", "assessed", "评价认定",
            "overshoot", "超目标≥30%", "over_executed", "超预算执行", "data_error", "数据错误");
    static final Map<String, String> GRADE = Map.of(
            "achieved", "达成", "partial", "部分达成", "not_achieved", "未达成");
    static final Map<String, String> FLAG = Map.of(
            "ok", "一致", "mismatch", "不一致", "unverifiable", "无法核验");
    static final Map<String, String> UNIT_TYPE = Map.of(
            "subdistrict", "街道", "town", "镇", "industrial_zone", "工业区");
    static final Map<String, String> ACCOUNT = Map.of(
            "basic", "基本支出", "project", "项目支出", "total", "合计");
    static final Map<String, String> RUN_STATUS = Map.of(
            "succeeded", "成功", "failed_reject_threshold", "拒收行数超限，未生成评分表",
            "failed_delivery_changed", "输入文件在读取期间发生变化，未发布");

    private Labels() {
    }

    static int groupOrder(String group) {
        int i = GROUPS.indexOf(group);
        return i >= 0 ? i : GROUPS.size();
    }

    static String groupName(String group) {
        return GROUP_NAMES.getOrDefault(group, group);
    }

    static int level2Order(String level2) {
        int i = LEVEL2_ORDER.indexOf(level2);
        return i >= 0 ? i : LEVEL2_ORDER.size();
    }

    static String label(Map<String, String> labels, String code) {
        return code == null ? "" : labels.getOrDefault(code, code);
    }
}
