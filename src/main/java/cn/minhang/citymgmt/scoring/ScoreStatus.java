package cn.minhang.citymgmt.scoring;

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
}
