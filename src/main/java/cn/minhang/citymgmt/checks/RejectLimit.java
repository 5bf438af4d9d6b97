package cn.minhang.citymgmt.checks;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * When a source has rejected too many rows for its year to be scored. A share of a handful of rows
 * says nothing (one typo in a 15-row file is 6.67 %), so the share is judged only once the source
 * rejected more than {@code minRows} rows; a broken export of thousands of rows still stops.
 *
 * @param maxPercent the share of the source's judged rows (accepted + quarantined) that may be rejected
 * @param minRows    rejected rows up to this count never stop the run, whatever their share
 */
public record RejectLimit(double maxPercent, long minRows) {
    public RejectLimit {
        if (maxPercent < 0 || maxPercent > 100 || minRows < 0) {
            throw new IllegalArgumentException("reject limit out of range: " + maxPercent + " %, " + minRows + " rows");
        }
    }

    /** The judgement of one source's rows for the year. */
    public Verdict judge(String source, long rejected, long judged) {
        return new Verdict(source, rejected, judged, this);
    }

    public record Verdict(String source, long rejected, long judged, RejectLimit limit) {
        /** Rejected share of the judged rows, in percent (0 when nothing was judged). */
        public double percent() {
            return judged == 0 ? 0.0 : 100.0 * rejected / judged;
        }

        public boolean exceeded() {
            return rejected > limit.minRows() && percent() > limit.maxPercent();
        }

        /** Rejected rows, but within the limit: the run goes on and says so. */
        public boolean rejectedWithinLimit() {
            return rejected > 0 && !exceeded();
        }

        /** The smallest whole percentage at which this source would have passed. */
        public long percentToPass() {
            return BigDecimal.valueOf(rejected).multiply(BigDecimal.valueOf(100))
                    .divide(BigDecimal.valueOf(Math.max(1, judged)), 0, RoundingMode.CEILING).longValueExact();
        }

        /** e.g. {@code works_projects: 40 of 400 rows rejected (10.00 %)}. */
        public String figures() {
            return String.format(Locale.ROOT, "%s: %d of %d rows rejected (%.2f %%)", source, rejected, judged, percent());
        }
    }
}
