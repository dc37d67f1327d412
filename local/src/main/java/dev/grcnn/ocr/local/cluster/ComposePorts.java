package dev.grcnn.ocr.local.cluster;

/**
 * The host ports of {@code ./ocr deploy compose}: the values of the compose file's port variables,
 * other than its defaults and the smoke's, so that it runs beside a local cluster and the smoke.
 *
 * @param kafka {@code KAFKA_PORT}
 * @param flinkUi {@code FLINK_UI_PORT}
 * @param jobManagerMetrics {@code JOBMANAGER_METRICS_PORT}
 * @param taskManagerMetrics {@code TASKMANAGER_METRICS_PORT}
 */
public record ComposePorts(int kafka, int flinkUi, int jobManagerMetrics, int taskManagerMetrics) {}
