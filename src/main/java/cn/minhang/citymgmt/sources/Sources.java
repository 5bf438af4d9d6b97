package cn.minhang.citymgmt.sources;

import java.util.List;
import java.util.Optional;

import static cn.minhang.citymgmt.sources.Column.optional;
import static cn.minhang.citymgmt.sources.Column.required;
import static cn.minhang.citymgmt.sources.ColumnType.BOOLEAN;
import static cn.minhang.citymgmt.sources.ColumnType.DATE;
import static cn.minhang.citymgmt.sources.ColumnType.DECIMAL;
import static cn.minhang.citymgmt.sources.ColumnType.ENUM;
import static cn.minhang.citymgmt.sources.ColumnType.INTEGER;
import static cn.minhang.citymgmt.sources.ColumnType.MONEY;
import static cn.minhang.citymgmt.sources.ColumnType.STRING;
import static cn.minhang.citymgmt.sources.ColumnType.TIMESTAMP;
import static cn.minhang.citymgmt.sources.RowRules.inOrder;
import static cn.minhang.citymgmt.sources.RowRules.notAbove;
import static cn.minhang.citymgmt.sources.RowRules.notBefore;
import static cn.minhang.citymgmt.sources.RowRules.positiveUnless;
import static cn.minhang.citymgmt.sources.RowRules.requiredWhen;
import static cn.minhang.citymgmt.sources.RowRules.withinYear;
import static cn.minhang.citymgmt.sources.RowRules.zeroWhen;
import static cn.minhang.citymgmt.sources.SourceDefinition.source;
import static cn.minhang.citymgmt.sources.YearMembership.everyYear;
import static cn.minhang.citymgmt.sources.YearMembership.fromEarliest;
import static cn.minhang.citymgmt.sources.YearMembership.ofDate;
import static cn.minhang.citymgmt.sources.YearMembership.ofDateElse;
import static cn.minhang.citymgmt.sources.YearMembership.ofYearColumn;
import static cn.minhang.citymgmt.sources.YearMembership.overlapping;

/** The input sources of the data contract (shared/docs/data-contract.md), declared once. */
public final class Sources {
    public static final String UNIT_ID = "unit_id";

    private static final Column UNIT = required(UNIT_ID, STRING);
    private static final Column FISCAL_YEAR = required("fiscal_year", INTEGER).between(2000, 2100);
    private static final Column INDICATOR = required("indicator_id", STRING).matching("[a-z_]+\\.[a-z_]+");
    /** A self-report's id: an indicator's, or a printed budget line's (budget.<kind>.<account>, data contract). */
    private static final Column REPORTED_ID = required("indicator_id", STRING).matching("[a-z_]+\\.[a-z_]+(\\.[a-z_]+)?");

    public static final SourceDefinition UNITS = source("units")
            .columns(
                    required(UNIT_ID, STRING).matching("[A-Z0-9-]{2,32}"),
                    required("unit_name", STRING),
                    required("short_name", STRING),
                    required("unit_type", ENUM).withValues("subdistrict", "街道", "town", "镇", "industrial_zone", "工业区"),
                    required("district", STRING),
                    optional("population", INTEGER).between(0, null),
                    optional("area_km2", DECIMAL).above(0))
            .key(UNIT_ID)
            .belongsTo(everyYear())
            .withoutUnitCheck()
            .build();

    public static final SourceDefinition WASTE_COLLECTIONS = source("waste_collections")
            .columns(
                    required("trip_id", STRING), UNIT,
                    required("site_id", STRING),
                    required("collected_at", TIMESTAMP),
                    required("waste_type", ENUM).withValues(
                            "dry", "干垃圾", "wet", "湿垃圾", "recyclable", "可回收物",
                            "low_value_recyclable", "低价值可回收物", "hazardous", "有害垃圾",
                            "bulky", "大件垃圾", "construction", "建筑垃圾"),
                    required("tonnes", DECIMAL).between(0, 40),
                    optional("vehicle_id", STRING),
                    required("refused", BOOLEAN))
            .key("trip_id")
            .belongsTo(ofDate("collected_at"))
            .rule(zeroWhen("tonnes", "refused"))
            .build();

    public static final SourceDefinition HOTLINE_CASES = source("hotline_cases")
            .columns(
                    required("case_id", STRING), UNIT,
                    required("channel", ENUM).withValues("hotline_12345", "12345热线", "city_ops", "城运平台", "petition", "信访"),
                    required("origin", ENUM).withValues("passive", "被动", "active", "主动发现"),
                    required("category", STRING),
                    required("received_at", TIMESTAMP),
                    required("due_at", TIMESTAMP),
                    optional("closed_at", TIMESTAMP),
                    optional("satisfaction", ENUM).withValues(
                            "satisfied", "满意", "basically_satisfied", "基本满意", "dissatisfied", "不满意"),
                    optional("caller_name", STRING).personal(),
                    optional("caller_phone", STRING).personal(),
                    optional("address", STRING).personal())
            .key("case_id")
            .belongsTo(ofDate("received_at"))
            .rule(notBefore("due_at", "received_at"))
            .rule(notBefore("closed_at", "received_at"))
            .keyedHash("caller_phone", "caller_key")
            .build();

    public static final SourceDefinition REPAIR_ORDERS = source("repair_orders")
            .columns(
                    required("order_id", STRING), UNIT,
                    required("facility", ENUM).withValues(
                            "sidewalk", "人行道", "asphalt", "沥青路面", "curb", "侧石", "guardrail", "护栏",
                            "traffic_post", "红白杆", "bridge_joint", "桥梁伸缩缝", "bridge_approach", "桥头",
                            "bridge_deck", "桥面铺装", "other", "其他"),
                    optional("defect_grade", ENUM).withValues("A", "A级", "B", "B级", "C", "C级", "D", "D级", "E", "E级"),
                    required("reported_on", DATE),
                    required("due_on", DATE),
                    optional("completed_on", DATE),
                    required("quantity", DECIMAL).between(0, null),
                    optional("measure", DECIMAL).between(0, null),
                    optional("measure_unit", ENUM).withValues("m2", "平方米", "m", "米"),
                    optional("accepted_first_time", BOOLEAN),
                    optional("cost_yuan", MONEY).between(0, null))
            .key("order_id")
            .belongsTo(ofDateElse("completed_on", "reported_on"))
            .rule(notBefore("due_on", "reported_on"))
            .rule(notBefore("completed_on", "reported_on"))
            .build();

    public static final SourceDefinition ELEVATOR_PROJECTS = source("elevator_projects")
            .columns(
                    required("project_id", STRING), UNIT,
                    required("community", STRING),
                    required("building", STRING),
                    optional("signed_on", DATE),
                    optional("started_on", DATE),
                    optional("completed_on", DATE),
                    optional("in_service_on", DATE),
                    optional("households", INTEGER).between(0, null))
            .key("project_id")
            .belongsTo(fromEarliest("signed_on", "started_on", "completed_on", "in_service_on"))
            .rule(inOrder("signed_on", "started_on", "completed_on", "in_service_on"))
            .build();

    public static final SourceDefinition BUDGET_LEDGER = source("budget_ledger")
            .columns(
                    required("entry_id", STRING), UNIT, FISCAL_YEAR,
                    required("entry_date", DATE),
                    required("account", ENUM).withValues("basic", "基本支出", "project", "项目支出"),
                    optional("project_code", STRING),
                    optional("project_name", STRING),
                    required("entry_type", ENUM).withValues(
                            "initial", "年初预算", "adjustment", "预算调整", "payment", "支出", "refund", "退回"),
                    required("amount_yuan", MONEY),
                    optional("funding_source", STRING))
            .key("entry_id")
            .belongsTo(ofYearColumn("fiscal_year"))
            .rule(withinYear("entry_date", "fiscal_year"))
            .rule(requiredWhen("project_code", "account", "project"))
            .rule(positiveUnless("amount_yuan", "entry_type", "adjustment"))
            .build();

    public static final SourceDefinition ASSET_INVENTORY = source("asset_inventory")
            .columns(
                    required("asset_id", STRING), UNIT,
                    required("asset_type", ENUM).withValues(
                            "park", "公园", "street_tree", "行道树", "road", "市政道路", "drain_pipe", "排水管道",
                            "public_green", "公共绿地", "cleaning_area", "道路保洁面积", "forest", "林地",
                            "public_toilet", "公厕"),
                    optional("name", STRING),
                    required("quantity", DECIMAL).above(0),
                    required("measure_unit", ENUM).withValues("count", "个", "km", "公里", "m2", "平方米", "mu", "亩"),
                    required("maintained_from", DATE),
                    optional("maintained_to", DATE))
            .key("asset_id")
            .belongsTo(overlapping("maintained_from", "maintained_to"))
            .rule(notBefore("maintained_to", "maintained_from"))
            .build();

    public static final SourceDefinition INSPECTIONS = source("inspections")
            .columns(
                    required("inspection_id", STRING), UNIT,
                    required("inspected_on", DATE),
                    required("domain", ENUM).withValues(
                            "road_cleaning", "道路保洁", "road_maintenance", "道路养护", "greening", "绿化养护",
                            "forestry", "林业养护", "park", "公园养护", "construction_safety", "安全文明施工",
                            "cityscape", "市容"),
                    optional("contractor", STRING),
                    required("passed", BOOLEAN),
                    optional("score", DECIMAL).between(0, 100))
            .key("inspection_id")
            .belongsTo(ofDate("inspected_on"))
            .build();

    /**
     * A works project belongs to every year its [planned_start, finish] span overlaps: it finishes
     * in the year of its governing date and is active (for the incident rate) in the years before.
     */
    public static final SourceDefinition WORKS_PROJECTS = source("works_projects")
            .columns(
                    required("project_code", STRING), UNIT,
                    required("name", STRING),
                    required("planned_start", DATE),
                    required("planned_finish", DATE),
                    optional("actual_finish", DATE),
                    optional("accepted_first_time", BOOLEAN),
                    optional("budget_yuan", MONEY).between(0, null))
            .key("project_code")
            .belongsTo(overlapping("planned_start", "actual_finish", "planned_finish"))
            .rule(notBefore("planned_finish", "planned_start"))
            .rule(notBefore("actual_finish", "planned_start"))
            .build();

    public static final SourceDefinition INCIDENTS = source("incidents")
            .columns(
                    required("incident_id", STRING), UNIT,
                    required("occurred_on", DATE),
                    required("severity", ENUM).withValues("major", "重大", "general", "一般", "minor", "轻微"),
                    optional("description", STRING))
            .key("incident_id")
            .belongsTo(ofDate("occurred_on"))
            .build();

    public static final SourceDefinition SURVEYS = source("surveys")
            .columns(
                    required("survey_id", STRING), UNIT,
                    required("surveyed_on", DATE),
                    required("topic", ENUM).withValues(
                            "beneficiary", "受益群体满意度", "cityscape", "市容满意度测评", "property", "物业服务"),
                    required("respondents", INTEGER).above(0),
                    optional("satisfied", INTEGER).between(0, null),
                    optional("score", DECIMAL).between(0, 100))
            .key("survey_id")
            .belongsTo(ofDate("surveyed_on"))
            .rule(notAbove("satisfied", "respondents"))
            .build();

    public static final SourceDefinition ASSESSMENTS = source("assessments")
            .columns(
                    UNIT, FISCAL_YEAR, INDICATOR,
                    required("grade", ENUM).withValues(
                            "achieved", "达成年度指标", "partial", "部分达成并具有一定效果", "not_achieved", "未达成且效果较差"),
                    optional("fraction", DECIMAL).between(0, 1),
                    required("evaluator", STRING),
                    optional("evidence", STRING))
            .key(UNIT_ID, "fiscal_year", "indicator_id")
            .belongsTo(ofYearColumn("fiscal_year"))
            .rule(RowRules.fractionWithinGrade("fraction", "grade"))
            .referringToIndicators()
            .build();

    public static final SourceDefinition TARGETS = source("targets")
            .columns(UNIT, FISCAL_YEAR, INDICATOR, required("target", STRING))
            .key(UNIT_ID, "fiscal_year", "indicator_id")
            .belongsTo(ofYearColumn("fiscal_year"))
            .referringToIndicators()
            .build();

    public static final SourceDefinition SELF_REPORTS = source("self_reports")
            .columns(UNIT, FISCAL_YEAR, REPORTED_ID, required("reported", STRING))
            .key(UNIT_ID, "fiscal_year", "indicator_id")
            .belongsTo(ofYearColumn("fiscal_year"))
            .referringToIndicators()
            .build();

    /** Every source, units first: the others check their unit_id against it. */
    public static final List<SourceDefinition> ALL = List.of(
            UNITS, BUDGET_LEDGER, WASTE_COLLECTIONS, HOTLINE_CASES, REPAIR_ORDERS, ELEVATOR_PROJECTS,
            ASSET_INVENTORY, INSPECTIONS, WORKS_PROJECTS, INCIDENTS, SURVEYS, ASSESSMENTS, TARGETS, SELF_REPORTS);

    private Sources() {
    }

    public static Optional<SourceDefinition> named(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
