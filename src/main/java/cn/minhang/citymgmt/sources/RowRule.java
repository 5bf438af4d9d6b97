package cn.minhang.citymgmt.sources;

import java.io.Serializable;
import java.util.Optional;

/**
 * A rule that looks at several columns of one record, e.g. "due_at must not be earlier than
 * received_at". Column-level rules (type, required, enumeration, range) live in {@link Column}.
 * Rules see only the values that parsed; a rule whose inputs are missing is silent, because the
 * missing or unparsable field already carries its own reason.
 */
@FunctionalInterface
public interface RowRule extends Serializable {
    /** The reason the record breaks this rule, or empty when it holds. */
    Optional<String> check(TypedRecord record);
}
