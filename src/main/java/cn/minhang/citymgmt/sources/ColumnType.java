package cn.minhang.citymgmt.sources;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/** The value types the data contract uses, with the Spark type each one is stored as. */
public enum ColumnType {
    STRING(DataTypes.StringType),
    INTEGER(DataTypes.IntegerType),
    /** Money in yuan: DECIMAL(18,2) as the contract fixes it. */
    MONEY(DataTypes.createDecimalType(18, 2)),
    /** Tonnes, kilometres, areas, scores: three decimals keep km and tonnes exact. */
    DECIMAL(DataTypes.createDecimalType(18, 3)),
    DATE(DataTypes.DateType),
    TIMESTAMP(DataTypes.TimestampType),
    BOOLEAN(DataTypes.BooleanType),
    /** A lower-case code; Chinese labels are accepted as aliases on input. */
    ENUM(DataTypes.StringType);

    private final DataType sparkType;

    ColumnType(DataType sparkType) {
        this.sparkType = sparkType;
    }

    public DataType sparkType() {
        return sparkType;
    }

    public int scale() {
        return this == MONEY ? 2 : this == DECIMAL ? 3 : 0;
    }
}
