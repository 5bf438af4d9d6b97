package cn.minhang.citymgmt.sources;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything the generic ingest path needs to know about one input source: its folder name,
 * columns, key, which year a record belongs to, its record-level rules and which column's
 * value is kept only as a keyed hash. Adding a source means adding a definition, not a pipeline.
 */
public final class SourceDefinition implements Serializable {
    /** Column added to a cleaned table for the keyed hash of a personal-data column. */
    public record Pseudonym(String personalColumn, String hashColumn) implements Serializable {
    }

    private final String name;
    private final List<Column> columns;
    private final List<String> key;
    private final YearMembership membership;
    private final List<RowRule> rules;
    private final Pseudonym pseudonym;
    private final boolean checksUnit;
    private final boolean checksIndicator;

    private SourceDefinition(String name, List<Column> columns, List<String> key, YearMembership membership,
                             List<RowRule> rules, Pseudonym pseudonym, boolean checksUnit, boolean checksIndicator) {
        this.name = name;
        this.columns = List.copyOf(columns);
        this.key = List.copyOf(key);
        this.membership = membership;
        this.rules = List.copyOf(rules);
        this.pseudonym = pseudonym;
        this.checksUnit = checksUnit;
        this.checksIndicator = checksIndicator;
    }

    public static Builder source(String name) {
        return new Builder(name);
    }

    public String name() { return name; }
    public List<Column> columns() { return columns; }
    public List<String> key() { return key; }
    public YearMembership membership() { return membership; }
    public List<RowRule> rules() { return rules; }
    public Optional<Pseudonym> pseudonym() { return Optional.ofNullable(pseudonym); }

    /** Whether {@code unit_id} must name a unit of the {@code units} source. */
    public boolean checksUnit() { return checksUnit; }

    /** Whether {@code indicator_id} must name an indicator of the year's framework. */
    public boolean checksIndicator() { return checksIndicator; }

    public boolean hasPersonalData() {
        return columns.stream().anyMatch(Column::isPersonal);
    }

    public Column column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name + " has no column " + columnName));
    }

    public boolean hasColumn(String columnName) {
        return columns.stream().anyMatch(c -> c.name().equals(columnName));
    }

    /** Typed columns of the cleaned table: personal columns dropped, their keyed hash added. */
    public StructType cleanedSchema() {
        List<StructField> fields = new ArrayList<>();
        for (Column c : columns) {
            if (!c.isPersonal()) {
                fields.add(DataTypes.createStructField(c.name(), c.type().sparkType(), !c.isRequired()));
            }
        }
        if (pseudonym != null) {
            fields.add(DataTypes.createStructField(pseudonym.hashColumn(), DataTypes.StringType, true));
        }
        return DataTypes.createStructType(fields);
    }

    public static final class Builder {
        private final String name;
        private final List<Column> columns = new ArrayList<>();
        private final List<String> key = new ArrayList<>();
        private final List<RowRule> rules = new ArrayList<>();
        private YearMembership membership;
        private Pseudonym pseudonym;
        private boolean checksUnit = true;
        private boolean checksIndicator;

        private Builder(String name) {
            this.name = name;
        }

        public Builder columns(Column... cs) {
            columns.addAll(List.of(cs));
            return this;
        }

        public Builder key(String... columnNames) {
            key.addAll(List.of(columnNames));
            return this;
        }

        public Builder belongsTo(YearMembership m) {
            membership = m;
            return this;
        }

        public Builder rule(RowRule rule) {
            rules.add(rule);
            return this;
        }

        public Builder keyedHash(String personalColumn, String hashColumn) {
            pseudonym = new Pseudonym(personalColumn, hashColumn);
            return this;
        }

        /** For the units dimension itself, which is what unit_id is checked against. */
        public Builder withoutUnitCheck() {
            checksUnit = false;
            return this;
        }

        /** For targets, self-reports and assessments, which refer to the framework's indicators. */
        public Builder referringToIndicators() {
            checksIndicator = true;
            return this;
        }

        public SourceDefinition build() {
            if (membership == null || key.isEmpty()) {
                throw new IllegalStateException(name + ": a source needs a key and a year membership");
            }
            SourceDefinition d = new SourceDefinition(name, columns, key, membership, rules, pseudonym, checksUnit, checksIndicator);
            key.forEach(d::column);
            return d;
        }
    }
}
