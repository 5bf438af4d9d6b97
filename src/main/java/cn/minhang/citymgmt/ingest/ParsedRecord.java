package cn.minhang.citymgmt.ingest;

import cn.minhang.citymgmt.sources.YearMembership;

import java.util.List;

/**
 * One input line after parsing: the typed values in the cleaned table's column order, every
 * reason it fails the contract, the year verdict, a fingerprint of its content (to find exact
 * re-deliveries), its key (to find conflicting ones) and the raw line with personal data masked.
 */
public record ParsedRecord(Object[] values, List<String> reasons, YearMembership.Verdict membership,
                           YearMembership.Span span, String fingerprint, String key, String maskedRaw) {
}
