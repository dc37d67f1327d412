package dev.grcnn.ocr.local.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * What {@code ocr cluster sql} hands Flink's SQL Client: by default README's script (crops from
 * Kafka through {@code ML_PREDICT} with the model {@code grcnn} into a Kafka table, exactly-once),
 * with {@code ${bootstrap.servers}}, {@code ${model.dir}} and {@code ${device}} filled in. The SQL
 * Client has no variables of its own, so they are replaced in the text.
 */
public final class SqlClientScript {

  /** The topic the default script reads crops from (key: id, value: the image). */
  public static final String INPUT_TOPIC = "ocr.crops";

  /** The topic the default script writes its JSON rows to. */
  public static final String OUTPUT_TOPIC = "ocr.sql.text";

  static final String RESOURCE = "grcnn-kafka.sql";

  private SqlClientScript() {}

  /** The default script, placeholders unfilled. */
  public static String defaultScript() {
    try (InputStream in = SqlClientScript.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code sql} with {@code ${bootstrap.servers}}, {@code ${model.dir}}, {@code ${device}}. */
  public static String fill(String sql, String bootstrapServers, Path modelDir, String device) {
    return sql.replace("${bootstrap.servers}", bootstrapServers)
        .replace("${model.dir}", modelDir.toAbsolutePath().toString())
        .replace("${device}", device);
  }
}
