package cn.minhang.citymgmt.scoring;

import cn.minhang.citymgmt.sources.Grade;

import java.math.BigDecimal;

/**
 * Compares what a unit reported in its own self-evaluation with what the job computed from the
 * records (scoring rules §8). A report that cannot be read, or is in a unit that cannot be
 * compared, is {@code unverifiable} with a note (ours): we flag {@code mismatch} only for a
 * difference we could actually measure.
 */
public final class SelfReportAudit {

    /** From the rules: a relative difference above 1% is a mismatch; exactly 1% is not. */
    public static final BigDecimal TOLERANCE = new BigDecimal("0.01");

    private SelfReportAudit() {
    }

    /**
     * @param reportedText the text as the unit wrote it ({@code 14,481株}, {@code 97.23%})
     * @param computed     the job's value in {@code metricUnit}; null when the job has no data
     * @param metricUnit   the metric's unit, into which the report is converted
     */
    public static AuditResult quantitative(String reportedText, BigDecimal computed, MeasureUnit metricUnit) {
        ParsedTarget parsed = TargetParser.parse(reportedText);
        if (parsed.isError()) {
            return unverifiable(null, computed, "reported text not readable: " + parsed.error());
        }
        if (!parsed.isNumeric()) {
            return unverifiable(null, computed, "reported '" + parsed.word() + "' for a quantitative indicator");
        }
        BigDecimal reported;
        try {
            reported = parsed.valueIn(metricUnit);
        } catch (IllegalArgumentException e) {
            return unverifiable(null, computed, "reported unit not comparable: " + e.getMessage());
        }
        if (computed == null) {
            return unverifiable(reported, null, "no computed value for this unit");
        }
        BigDecimal difference = reported.subtract(computed);
        boolean mismatch = computed.signum() == 0
                ? difference.signum() != 0
                : difference.abs().divide(computed.abs(), Numbers.MC).compareTo(TOLERANCE) > 0;
        if (!mismatch) {
            return new AuditResult(AuditFlag.OK, reported, computed, difference, null, null);
        }
        String relative = computed.signum() == 0 ? ""
                : " (" + Numbers.percent(difference.divide(computed, Numbers.MC)) + ")";
        return new AuditResult(AuditFlag.MISMATCH, reported, computed, difference, null,
                "reported " + Measures.show(reported) + " " + metricUnit.code() + ", computed " + Measures.show(computed)
                        + relative);
    }

    /**
     * @param computedGrade the grade the job gave the indicator; null when it has no data
     */
    public static AuditResult qualitative(String reportedText, Grade computedGrade) {
        ParsedTarget parsed = TargetParser.parse(reportedText);
        if (parsed.isError()) {
            return unverifiable(null, null, "reported text not readable: " + parsed.error());
        }
        if (!parsed.isQualitative()) {
            return unverifiable(parsed.value(), null, "reported a number for a qualitative indicator");
        }
        Grade reported = parsed.impliedGrade();
        if (computedGrade == null) {
            return new AuditResult(AuditFlag.UNVERIFIABLE, null, null, null, reported, "no computed grade for this unit");
        }
        if (reported != computedGrade) {
            return new AuditResult(AuditFlag.MISMATCH, null, null, null, reported,
                    "reported " + reported.code() + " (" + parsed.word() + "), computed " + computedGrade.code());
        }
        return new AuditResult(AuditFlag.OK, null, null, null, reported, null);
    }

    private static AuditResult unverifiable(BigDecimal reported, BigDecimal computed, String note) {
        return new AuditResult(AuditFlag.UNVERIFIABLE, reported, computed, null, null, note);
    }
}
