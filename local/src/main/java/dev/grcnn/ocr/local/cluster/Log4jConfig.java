package dev.grcnn.ocr.local.cluster;

/** Log4j 2 configuration of a cluster process: everything at INFO to one file. */
final class Log4jConfig {

  private Log4jConfig() {}

  /** To {@code file}. */
  static String forFile(String file) {
    return String.join(
        "\n",
        "rootLogger.level = INFO",
        "rootLogger.appenderRef.file.ref = File",
        "appender.file.name = File",
        "appender.file.type = File",
        "appender.file.fileName = " + file,
        "appender.file.layout.type = PatternLayout",
        "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1.} - %m%n",
        "logger.kafka.name = org.apache.kafka",
        "logger.kafka.level = WARN",
        "");
  }

  /** To the file in the {@code log.file} system property, as Flink's scripts set it. */
  static String forFlink() {
    return forFile("${sys:log.file}");
  }
}
