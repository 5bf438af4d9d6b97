package cn.minhang.citymgmt.scoring;

import cn.minhang.citymgmt.sources.Grade;
import java.io.Serializable;
import java.math.BigDecimal;

/**
 * What a unit wrote as a target or a self-reported value, read by {@link TargetParser}: either a
 * number (operator, value, Chinese unit or null), a qualitative word with the grade it claims, or
 * an error message. User text never throws; the error travels with the row instead.
 *
 * @param text         the text as written
 * @param operator     the written comparison; NONE for a bare number; null unless numeric
 * @param value        the number as written (thousands separators removed); null unless numeric
 * @param unit         the written unit, normalised ({@code （个）} → {@code 个}); null when none was written
 * @param word         the qualitative word, normalised; null unless qualitative
 * @param impliedGrade the grade the word claims (及时 → achieved); null unless qualitative
 * @param error        why the text could not be read; null when it could
 */
public record ParsedTarget(String text, TargetOperator operator, BigDecimal value, String unit,
                           String word, Grade impliedGrade, String error) implements Serializable {

    public static ParsedTarget numeric(String text, TargetOperator operator, BigDecimal value, String unit) {
        return new ParsedTarget(text, operator, value, unit, null, null, null);
    }

    public static ParsedTarget qualitative(String text, String word, Grade impliedGrade) {
        return new ParsedTarget(text, null, null, null, word, impliedGrade, null);
    }

    public static ParsedTarget failed(String text, String error) {
        return new ParsedTarget(text, null, null, null, null, null, error);
    }

    public boolean isNumeric() {
        return error == null && value != null;
    }

    public boolean isQualitative() {
        return error == null && word != null;
    }

    public boolean isError() {
        return error != null;
    }

    /**
     * The value in the metric's unit. A bare number (no unit written) is taken to be in the
     * metric's unit already (ours: it is the only reading that needs no guess about scale).
     *
     * @throws IllegalStateException    when this is not a number
     * @throws IllegalArgumentException when the written unit cannot convert to {@code metricUnit}
     */
    public BigDecimal valueIn(MeasureUnit metricUnit) {
        if (!isNumeric()) {
            throw new IllegalStateException("target '" + text + "' is not a number"
                    + (error == null ? "" : ": " + error));
        }
        return unit == null ? value : UnitConversion.convert(value, unit, metricUnit);
    }
}
