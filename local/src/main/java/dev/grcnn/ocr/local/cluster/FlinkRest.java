package dev.grcnn.ocr.local.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The few calls of Flink's REST API that the cluster commands need. */
final class FlinkRest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  FlinkRest(String base) {
    this.base = base;
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + path + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** Registered TaskManagers. */
  int taskManagers() throws IOException, InterruptedException {
    return get("/taskmanagers").path("taskmanagers").size();
  }

  /** The job's state, e.g. RUNNING. */
  String jobState(String jobId) throws IOException, InterruptedException {
    return get("/jobs/" + jobId).path("state").asText();
  }

  /** True when the job and every one of its tasks are running. */
  boolean allTasksRunning(String jobId) throws IOException, InterruptedException {
    JsonNode job = get("/jobs/" + jobId);
    if (!"RUNNING".equals(job.path("state").asText())) {
      return false;
    }
    for (JsonNode v : job.path("vertices")) {
      JsonNode counts = v.path("tasks");
      if (counts.path("RUNNING").asInt() != v.path("parallelism").asInt()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Waits until the cluster runs a job with all its tasks (application mode: the one job the
   * JobManager submitted itself) and returns its id.
   *
   * @param where where to look when it does not (logs), for the message
   */
  String awaitJobRunning(java.time.Duration timeout, String where)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String job = null;
      try {
        JsonNode jobs = get("/jobs").path("jobs");
        job = jobs.size() > 0 ? jobs.get(0).path("id").asText() : null;
        if (job != null && allTasksRunning(job)) {
          return job;
        }
      } catch (IOException e) {
        // The REST endpoint is not up yet.
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(
            (job == null ? "no job" : "job " + job + " not running")
                + " after "
                + timeout
                + "; see "
                + where);
      }
      Thread.sleep(1000);
    }
  }

  /** How many failures the job recorded (each one restarted some or all of its tasks). */
  int failures(String jobId) throws IOException, InterruptedException {
    return get("/jobs/" + jobId + "/exceptions?maxExceptions=1000")
        .path("exceptionHistory")
        .path("entries")
        .size();
  }

  /** Cancels the job. */
  void cancel(String jobId) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 202) {
      throw new IOException("cancel " + jobId + ": HTTP " + r.statusCode() + " " + r.body());
    }
  }
}
