package dev.grcnn.ocr.local.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SqlClientScriptTest {

  /**
   * What {@code ocr cluster sql} runs by default is README's script: the same statements, with the
   * placeholders where README names a cluster's broker and model, and one PyTorch thread.
   */
  @Test
  void theDefaultScriptIsReadmes() throws Exception {
    String readme =
        Files.readString(ProjectRoot.get().resolve("README.md"), StandardCharsets.UTF_8);
    int section = readme.indexOf("### In Flink's SQL Client");
    assertTrue(section >= 0, "README has no section 'In Flink's SQL Client'");
    Matcher block = Pattern.compile("```sql\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(block.find(section), "no sql block in README's SQL Client section");
    String expected =
        block
            .group(1)
            .replace("kafka:9092", "${bootstrap.servers}")
            .replace("s3://models/grcnn/default", "${model.dir}")
            .replace("'device' = 'cpu'", "'device' = '${device}'")
            .replace("'torch.threads' = '4'", "'torch.threads' = '1'");
    assertEquals(expected, withoutComments(SqlClientScript.defaultScript()));
  }

  @Test
  void fillingLeavesNoPlaceholder() {
    String sql =
        SqlClientScript.fill(
            SqlClientScript.defaultScript(), "localhost:19092", Path.of("/models/m1"), "cpu");
    assertFalse(sql.contains("${"), sql);
    assertTrue(sql.contains("'properties.bootstrap.servers' = 'localhost:19092'"), sql);
    assertTrue(sql.contains("'model.dir' = '/models/m1'"), sql);
    assertTrue(sql.contains("'device' = 'cpu'"), sql);
    assertTrue(sql.contains("'topic' = '" + SqlClientScript.INPUT_TOPIC + "'"), sql);
    assertTrue(sql.contains("'topic' = '" + SqlClientScript.OUTPUT_TOPIC + "'"), sql);
  }

  private static String withoutComments(String sql) {
    return sql.lines().filter(l -> !l.startsWith("--")).collect(Collectors.joining("\n", "", "\n"));
  }
}
