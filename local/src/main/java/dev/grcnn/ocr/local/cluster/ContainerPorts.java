package dev.grcnn.ocr.local.cluster;

/**
 * The host ports the containers of {@code ./ocr deploy smoke} listen on (on 127.0.0.1, the host's
 * network): other than a local cluster's defaults, so that both can run at once.
 *
 * @param kafka the broker's clients
 * @param controller the KRaft controller
 * @param rest Flink's web UI and REST API
 * @param rpc the JobManager's RPC
 * @param blob the JobManager's blob server
 * @param metrics the first of the Prometheus reporters' ports (one per Flink container, ten in all)
 */
public record ContainerPorts(int kafka, int controller, int rest, int rpc, int blob, int metrics) {}
