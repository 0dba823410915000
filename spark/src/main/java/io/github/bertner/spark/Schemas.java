package io.github.bertner.spark;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Row layouts between the job's stages; column positions are the constants below. */
final class Schemas {

    /** Documents as read, whatever the input format. */
    static final StructType DOCUMENT = new StructType(new StructField[] {
            DataTypes.createStructField("id", DataTypes.StringType, true),
            DataTypes.createStructField("text", DataTypes.StringType, true),
            DataTypes.createStructField("content", DataTypes.BinaryType, true),
            DataTypes.createStructField("source", DataTypes.StringType, true),
            DataTypes.createStructField("corrupt", DataTypes.StringType, true)});
    static final int DOC_ID = 0;
    static final int DOC_TEXT = 1;
    static final int DOC_CONTENT = 2;
    static final int DOC_SOURCE = 3;
    static final int DOC_CORRUPT = 4;

    /** One entity inside a result row. */
    static final StructType ENTITY = new StructType(new StructField[] {
            DataTypes.createStructField("begin", DataTypes.IntegerType, false),
            DataTypes.createStructField("end", DataTypes.IntegerType, false),
            DataTypes.createStructField("type", DataTypes.StringType, false),
            DataTypes.createStructField("text", DataTypes.StringType, false),
            DataTypes.createStructField("confidence", DataTypes.DoubleType, false)});

    /** One tagged or failed document. */
    static final StructType RESULT = new StructType(new StructField[] {
            DataTypes.createStructField("id", DataTypes.StringType, true),
            DataTypes.createStructField("source", DataTypes.StringType, true),
            DataTypes.createStructField("tokens", DataTypes.IntegerType, false),
            DataTypes.createStructField("sentences", DataTypes.IntegerType, false),
            DataTypes.createStructField("entities", DataTypes.createArrayType(ENTITY, false), false),
            DataTypes.createStructField("failure", DataTypes.StringType, true),
            DataTypes.createStructField("reason", DataTypes.StringType, true)});

    private Schemas() {
    }
}
