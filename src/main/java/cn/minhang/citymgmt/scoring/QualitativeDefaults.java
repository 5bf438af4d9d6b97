package cn.minhang.citymgmt.scoring;

import cn.minhang.citymgmt.sources.Grade;
import java.io.Serializable;
import java.math.BigDecimal;

/**
 * <b>Ours</b>: the share of the weight an assessment grants when it gives a grade without a
 * fraction. Each share must lie in its grade's band.
 */
public record QualitativeDefaults(BigDecimal achieved, BigDecimal partial, BigDecimal notAchieved)
        implements Serializable {

    /** 100% / 70% / 30%: the top of the achieved band, the middles of the two others. */
    public static final QualitativeDefaults DEFAULT =
            new QualitativeDefaults(new BigDecimal("1.00"), new BigDecimal("0.70"), new BigDecimal("0.30"));

    public QualitativeDefaults {
        check(Grade.ACHIEVED, achieved);
        check(Grade.PARTIAL, partial);
        check(Grade.NOT_ACHIEVED, notAchieved);
    }

    public BigDecimal shareFor(Grade grade) {
        return switch (grade) {
            case ACHIEVED -> achieved;
            case PARTIAL -> partial;
            case NOT_ACHIEVED -> notAchieved;
        };
    }

    private static void check(Grade grade, BigDecimal share) {
        if (!grade.validFraction(share)) {
            throw new IllegalArgumentException("default share " + share + " for " + grade.code()
                    + " lies outside its band " + grade.band());
        }
    }
}
