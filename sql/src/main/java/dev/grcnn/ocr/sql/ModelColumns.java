package dev.grcnn.ocr.sql;

import dev.grcnn.ocr.model.decode.Alternative;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;

/**
 * The model's columns. Input: the encoded image ({@code BYTES}) and optionally the row's lexicon
 * ({@code STRING}, comma-separated). Output: any of the result fields below, by name, in the order
 * the model declares them.
 */
final class ModelColumns implements Serializable {

  private static final long serialVersionUID = 1L;

  /** A result field the provider can fill. */
  enum Field {
    TEXT("STRING"),
    CONFIDENCE("DOUBLE"),
    CHARACTER_CONFIDENCES("ARRAY<DOUBLE>"),
    ALTERNATIVES("ARRAY<ROW<text STRING, confidence DOUBLE>>"),
    GREEDY_TEXT("STRING"),
    DECODING("STRING"),
    MODEL_VERSION("STRING"),
    BATCH_SIZE("INT"),
    INFERENCE_MILLIS("BIGINT"),
    ERROR("STRING");

    final String sqlType;

    Field(String sqlType) {
      this.sqlType = sqlType;
    }

    String columnName() {
      return name().toLowerCase(Locale.ROOT);
    }

    boolean accepts(LogicalType type) {
      return switch (this) {
        case CONFIDENCE -> type.getTypeRoot() == LogicalTypeRoot.DOUBLE;
        case BATCH_SIZE -> type.getTypeRoot() == LogicalTypeRoot.INTEGER;
        case INFERENCE_MILLIS -> type.getTypeRoot() == LogicalTypeRoot.BIGINT;
        case CHARACTER_CONFIDENCES ->
            type instanceof ArrayType a
                && a.getElementType().getTypeRoot() == LogicalTypeRoot.DOUBLE;
        case ALTERNATIVES ->
            type instanceof ArrayType a
                && a.getElementType() instanceof RowType row
                && row.getFieldCount() == 2
                && row.getFieldNames().get(0).equalsIgnoreCase("text")
                && row.getTypeAt(0).is(LogicalTypeFamily.CHARACTER_STRING)
                && row.getFieldNames().get(1).equalsIgnoreCase("confidence")
                && row.getTypeAt(1).getTypeRoot() == LogicalTypeRoot.DOUBLE;
        default -> type.is(LogicalTypeFamily.CHARACTER_STRING);
      };
    }
  }

  private final Field[] output;
  private final boolean hasLexicon;

  private ModelColumns(Field[] output, boolean hasLexicon) {
    this.output = output;
    this.hasLexicon = hasLexicon;
  }

  /** Checks the model's declared schemas. */
  static ModelColumns of(ResolvedSchema input, ResolvedSchema output) {
    List<Column> in = input.getColumns();
    if (in.isEmpty()
        || in.size() > 2
        || !in.get(0).getDataType().getLogicalType().is(LogicalTypeFamily.BINARY_STRING)
        || (in.size() == 2
            && !in.get(1).getDataType().getLogicalType().is(LogicalTypeFamily.CHARACTER_STRING))) {
      throw new ValidationException(
          "a grcnn model's INPUT is the encoded image (BYTES) and optionally a lexicon (STRING),"
              + " not "
              + input);
    }
    List<Field> fields = new ArrayList<>();
    for (Column c : output.getColumns()) {
      Field field = fieldNamed(c.getName());
      if (!field.accepts(c.getDataType().getLogicalType())) {
        throw new ValidationException(
            "the output column " + c.getName() + " must be " + field.sqlType + ", not " + c);
      }
      fields.add(field);
    }
    if (fields.isEmpty()) {
      throw new ValidationException("a grcnn model needs at least one OUTPUT column");
    }
    return new ModelColumns(fields.toArray(Field[]::new), in.size() == 2);
  }

  private static Field fieldNamed(String name) {
    for (Field f : Field.values()) {
      if (f.columnName().equalsIgnoreCase(name)) {
        return f;
      }
    }
    List<String> known = new ArrayList<>();
    for (Field f : Field.values()) {
      known.add(f.columnName() + " " + f.sqlType);
    }
    throw new ValidationException(
        "a grcnn model has no output column " + name + "; it has " + String.join(", ", known));
  }

  /** Whether the model declares the column. */
  boolean has(Field field) {
    for (Field f : output) {
      if (f == field) {
        return true;
      }
    }
    return false;
  }

  /** The row's image. */
  static byte[] image(RowData row) {
    return row.isNullAt(0) ? null : row.getBinary(0);
  }

  /** The row's own lexicon, or null. */
  String lexicon(RowData row) {
    return hasLexicon && !row.isNullAt(1) ? row.getString(1).toString() : null;
  }

  /** The output row of a row whose image could not be read. */
  RowData result(RowReading r) {
    return result(r, null);
  }

  /** The output row of a reading by the forward pass {@code pass} (null: none read it). */
  RowData result(RowReading r, ForwardPass pass) {
    GenericRowData row = new GenericRowData(output.length);
    for (int i = 0; i < output.length; i++) {
      row.setField(i, value(output[i], r, pass));
    }
    return row;
  }

  private static Object value(Field field, RowReading r, ForwardPass pass) {
    return switch (field) {
      case BATCH_SIZE -> pass == null ? null : pass.rows();
      case INFERENCE_MILLIS -> pass == null ? null : pass.millis();
      case TEXT -> string(r.text());
      case CONFIDENCE -> r.error() == null ? r.confidence() : null;
      case CHARACTER_CONFIDENCES ->
          r.characterConfidences() == null ? null : new GenericArrayData(r.characterConfidences());
      case ALTERNATIVES -> r.alternatives() == null ? null : alternatives(r.alternatives());
      case GREEDY_TEXT -> string(r.greedyText());
      case DECODING -> string(r.decoding());
      case MODEL_VERSION -> string(r.modelVersion());
      case ERROR -> string(r.error());
    };
  }

  private static GenericArrayData alternatives(List<Alternative> list) {
    Object[] rows = new Object[list.size()];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = GenericRowData.of(string(list.get(i).text()), list.get(i).confidence());
    }
    return new GenericArrayData(rows);
  }

  private static StringData string(String s) {
    return s == null ? null : StringData.fromString(s);
  }
}
