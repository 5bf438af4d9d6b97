package cn.minhang.citymgmt.scoring;

import cn.minhang.citymgmt.sources.Grade;
import java.io.Serializable;
import java.math.BigDecimal;

/**
 * One self-report compared with what the job computed.
 *
 * @param flag          ok, mismatch or unverifiable
 * @param reportedValue the reported number in the metric's unit; null when not a readable number
 * @param computedValue the computed value; null when the job has none or the indicator is qualitative
 * @param difference    reported − computed, in the metric's unit; null when either is missing
 * @param reportedGrade the grade a qualitative report claims; null otherwise
 * @param note          why the flag is not ok, in short English; null when ok
 */
public record AuditResult(AuditFlag flag, BigDecimal reportedValue, BigDecimal computedValue,
                          BigDecimal difference, Grade reportedGrade, String note) implements Serializable {

    public String flagCode() {
        return flag.code();
    }
}
