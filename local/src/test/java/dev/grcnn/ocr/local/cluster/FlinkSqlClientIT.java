package dev.grcnn.ocr.local.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flink's own SQL Client, started as {@code ocr cluster sql} starts it (the cluster's class path
 * plus the client's {@code opt/} jars; the built {@code grcnn-sql-*-flink.jar} and the Kafka SQL
 * connector added with {@code --jar}), plans README's script: the tables and the model are created
 * and the {@code INSERT}, explained rather than submitted, finds the provider {@code grcnn} and the
 * Kafka connector through the session's jars. No cluster is needed to plan. Runs after {@code
 * package} (failsafe), when the provider's jar is built.
 */
class FlinkSqlClientIT {

  @Test
  void theSqlClientPlansReadmesScriptWithTheSessionJars(@TempDir Path dir) throws Exception {
    Path home = ProjectRoot.get();
    ClusterLayout layout = ClusterLayout.create(dir, 0, 0);
    FlinkProcesses.writeConf(layout, 1, 1);
    String sql =
        SqlClientScript.fill(
                SqlClientScript.defaultScript(),
                layout.bootstrapServers(),
                home.resolve("models/default"),
                "cpu")
            .replace("INSERT INTO texts", "EXPLAIN INSERT INTO texts");
    Path script = Files.writeString(dir.resolve("explain.sql"), sql);

    String out =
        new FlinkSqlClient(layout)
            .runScript(SqlClientJars.client(home), SqlClientJars.session(home), script, 300);

    assertFalse(out.contains("[ERROR]"), out);
    assertTrue(out.contains("== Optimized Execution Plan =="), out);
    assertTrue(
        out.contains("MLPredictTableFunction")
            && out.contains("Model(MODEL default_catalog.default_database.grcnn)"),
        out);
    assertTrue(out.contains("TableSourceScan(table=[[default_catalog, default_database, crops]]"));
  }
}
