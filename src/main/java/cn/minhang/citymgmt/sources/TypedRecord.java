package cn.minhang.citymgmt.sources;

/** Read access to one parsed record by column name; a value is null when empty or unparsable. */
@FunctionalInterface
public interface TypedRecord {
    Object get(String column);
}
