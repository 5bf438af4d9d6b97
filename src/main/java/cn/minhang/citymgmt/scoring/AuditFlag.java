package cn.minhang.citymgmt.scoring;

import java.util.Locale;

/** The {@code flag} column of {@code self_report_audit} (scoring rules §8). */
public enum AuditFlag {
    OK, MISMATCH, UNVERIFIABLE;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
