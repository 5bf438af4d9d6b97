package cn.minhang.citymgmt.ingest;

/** What became of one line read from a delivery. */
public enum Outcome {
    ACCEPTED, QUARANTINED, EXACT_DUPLICATE, OTHER_YEAR, FILE_ERROR;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
