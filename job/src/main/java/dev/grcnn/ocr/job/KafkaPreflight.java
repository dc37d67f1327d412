package dev.grcnn.ocr.job;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects once with the job's client properties before the job is submitted, so that wrong
 * credentials fail the start with one line instead of a source and sinks that retry and restart. A
 * broker that does not answer in time is only logged: it may come up after the job.
 */
public final class KafkaPreflight {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaPreflight.class);

  /** How long the check waits for the brokers. */
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  private KafkaPreflight() {}

  /**
   * Asks the brokers for the cluster id with the job's properties.
   *
   * @throws IllegalArgumentException when the brokers refuse the credentials or the access
   */
  public static void check(OcrJobConfig c) {
    Properties props = new Properties();
    props.putAll(c.kafkaProperties());
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrapServers());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    try (Admin admin = Admin.create(props)) {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
          .clusterId()
          .get(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
        throw new IllegalArgumentException(
            "Kafka at "
                + c.bootstrapServers()
                + " refused the job's credentials ("
                + OcrJobOptions.KAFKA_PROPERTIES_PREFIX
                + "*): "
                + firstLine(cause.getMessage()));
      }
      LOG.warn("Kafka at {} did not answer the start-up check: {}", c.bootstrapServers(), cause);
    } catch (TimeoutException e) {
      LOG.warn(
          "Kafka at {} did not answer the start-up check in {}", c.bootstrapServers(), TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (org.apache.kafka.common.KafkaException e) {
      // A client that cannot even be made (a bad property value) is the user's mistake.
      throw new IllegalArgumentException(
          "the Kafka client properties are not usable: "
              + firstLine(String.valueOf(e.getMessage())));
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
