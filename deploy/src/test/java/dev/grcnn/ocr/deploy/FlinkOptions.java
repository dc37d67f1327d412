package dev.grcnn.ocr.deploy;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.FallbackKey;

/**
 * The configuration keys of the Flink this project builds against, read from the {@code
 * org.apache.flink.configuration.*Options} classes of its flink-core jar: a key Flink does not know
 * is ignored without a word, and Flink 2 renamed many (state.checkpoints.dir became
 * execution.checkpointing.dir).
 */
final class FlinkOptions {

  /**
   * Key families whose middle part is a name the user picks (a reporter, a resource) or that belong
   * to modules outside flink-core (Kubernetes, file systems); checked elsewhere or not at all.
   */
  static final List<String> NAMED_FAMILIES =
      List.of("metrics.reporter.", "external-resource.", "kubernetes.", "s3.", "containerized.");

  private final Set<String> keys;
  private final Map<String, String> deprecatedToCurrent;

  private FlinkOptions(Set<String> keys, Map<String, String> deprecatedToCurrent) {
    this.keys = keys;
    this.deprecatedToCurrent = deprecatedToCurrent;
  }

  static FlinkOptions load() throws IOException, URISyntaxException {
    Path jar =
        Path.of(CoreOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Set<String> keys = new HashSet<>();
    Map<String, String> deprecated = new HashMap<>();
    try (JarFile jf = new JarFile(jar.toFile())) {
      for (JarEntry e : Collections.list(jf.entries())) {
        String n = e.getName();
        if (!n.matches("org/apache/flink/configuration/[A-Za-z]+Options\\.class")) {
          continue;
        }
        Class<?> holder;
        try {
          holder = Class.forName(n.replace('/', '.').replaceFirst("\\.class$", ""));
        } catch (LinkageError | ClassNotFoundException ex) {
          continue; // needs a class this test does not have; none of its keys is used here
        }
        for (Field f : holder.getFields()) {
          if (Modifier.isStatic(f.getModifiers()) && ConfigOption.class.equals(f.getType())) {
            ConfigOption<?> o = option(f);
            keys.add(o.key());
            for (FallbackKey fb : o.fallbackKeys()) {
              if (fb.isDeprecated()) {
                deprecated.put(fb.getKey(), o.key());
              }
            }
          }
        }
      }
    }
    return new FlinkOptions(keys, deprecated);
  }

  private static ConfigOption<?> option(Field f) {
    try {
      return (ConfigOption<?>) f.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  int size() {
    return keys.size();
  }

  /** Null when Flink knows the key under this name, else what is wrong with it. */
  String problemWith(String key) {
    if (key.startsWith("ocr.") || NAMED_FAMILIES.stream().anyMatch(key::startsWith)) {
      return null;
    }
    if (deprecatedToCurrent.containsKey(key) && !keys.contains(key)) {
      return "deprecated Flink key " + key + ", now " + deprecatedToCurrent.get(key);
    }
    return keys.contains(key) ? null : "unknown Flink key " + key;
  }
}
