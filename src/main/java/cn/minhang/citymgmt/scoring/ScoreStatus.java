package cn.minhang.citymgmt.scoring;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The {@code status} column of {@code indicator_scores}: how a score came about. */
public enum ScoreStatus {
    /** Scored from data by the rule, full marks or not. */
    OK,
    /** No records behind the metric for this unit and year: 0, never a silent full mark (§4). */
    NO_DATA,
    /** An improvement indicator without last year's metric (§3). */
    NO_BASELINE,
    /** An evaluator's assessment decided the grade (§3). */
    ASSESSED,
    /** At least 130% of a higher_better target: the target was probably set too low (§2). */
    OVERSHOOT,
    /** More spent than the adjusted budget (§5). */
    OVER_EXECUTED,
    /** A value that cannot exist (negative count, undefined rate): scored 0, for reconciliation. */
    DATA_ERROR;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether the score came from the unit's data: the rule applied to a metric, a budget or an
     * evaluator's assessment ({@code ok}, {@code assessed}, {@code overshoot}, {@code over_executed}).
     * {@code no_data}, {@code no_baseline} and {@code data_error} are zeros for want of usable data:
     * a total holding them is not on the same basis as one where the indicator was scored.
     */
    public boolean scoredOnData() {
        return this == OK || this == ASSESSED || this == OVERSHOOT || this == OVER_EXECUTED;
    }

    /** The codes of the statuses {@link #scoredOnData() scored on data}, for filters over the status column. */
    public static List<String> onDataCodes() {
        return Arrays.stream(values()).filter(ScoreStatus::scoredOnData).map(ScoreStatus::code).toList();
    }

    /** Whether a status code of the tables means scored on data; false for null or an unknown code. */
    public static boolean scoredOnData(String code) {
        return code != null && onDataCodes().contains(code);
    }
}
