package dev.grcnn.ocr.job;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.runtime.metrics.MetricNames;
import org.apache.flink.runtime.metrics.scope.ScopeFormat;

/**
 * A Flink metric reporter that keeps the {@code numRestarts} gauge of every job the JobManager
 * registers (the number the REST API reports as {@code numRestarts}), so that a test can read how
 * often a job restarted once it has ended. {@link #addTo} enables it in a MiniCluster's
 * configuration; Flink finds the factory through {@code META-INF/services}.
 */
public final class RestartsReporter implements MetricReporter, MetricReporterFactory {

  private static final Map<String, Gauge<?>> RESTARTS = new ConcurrentHashMap<>();

  /** Enables the reporter in a configuration. */
  static Configuration addTo(Configuration conf) {
    conf.set(
        ConfigOptions.key("metrics.reporter.restarts.factory.class").stringType().noDefaultValue(),
        RestartsReporter.class.getName());
    return conf;
  }

  /**
   * How often a job restarted, from its scheduler's own counter.
   *
   * @throws AssertionError when the job registered no such metric (the reporter was not enabled)
   */
  static long restarts(JobID job) {
    Gauge<?> gauge = RESTARTS.get(job.toHexString());
    if (gauge == null) {
      throw new AssertionError("no " + MetricNames.NUM_RESTARTS + " metric for job " + job);
    }
    return ((Number) gauge.getValue()).longValue();
  }

  @Override
  public MetricReporter createMetricReporter(Properties properties) {
    return new RestartsReporter();
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    String job = group.getAllVariables().get(ScopeFormat.SCOPE_JOB_ID);
    if (MetricNames.NUM_RESTARTS.equals(name) && metric instanceof Gauge<?> gauge && job != null) {
      RESTARTS.put(job, gauge);
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
    // Kept: the gauge reads the ended job's scheduler, which is what the test asks about.
  }
}
