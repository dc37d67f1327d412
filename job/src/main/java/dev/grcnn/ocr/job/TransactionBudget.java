package dev.grcnn.ocr.job;

import org.apache.flink.configuration.ConfigOption;

/**
 * Checks that the sinks' Kafka transactions outlive the checkpoints that commit them. A transaction
 * opens at one checkpoint and is committed when the next one completes, or, after a failure, when
 * the restored job re-commits it: up to one interval, one checkpoint timeout and one restart later.
 * A broker aborts a transaction older than its timeout, and the connector then only logs a warning
 * while the source's offsets have moved on: the results are lost. So the job refuses settings where
 * that path does not fit under the transaction timeout, and a timeout above the brokers' {@code
 * transaction.max.timeout.ms}, which they would refuse.
 *
 * @param intervalMillis {@link OcrJobOptions#CHECKPOINT_INTERVAL_MS}
 * @param checkpointTimeoutMillis {@link OcrJobOptions#CHECKPOINT_TIMEOUT_MS}
 * @param restartMarginMillis {@link OcrJobOptions#RESTART_MARGIN_MS}
 * @param transactionTimeoutMillis {@link OcrJobOptions#TRANSACTION_TIMEOUT_MS}
 * @param maxTransactionTimeoutMillis {@link OcrJobOptions#MAX_TRANSACTION_TIMEOUT_MS}
 */
record TransactionBudget(
    long intervalMillis,
    long checkpointTimeoutMillis,
    long restartMarginMillis,
    long transactionTimeoutMillis,
    long maxTransactionTimeoutMillis) {

  /**
   * Throws, in one line naming the keys, when the settings could lose results or be refused.
   *
   * @throws IllegalArgumentException what conflicts with what
   */
  void check() {
    if (intervalMillis < 1) {
      throw new IllegalArgumentException(
          OcrJobOptions.CHECKPOINT_INTERVAL_MS.key()
              + " must be at least 1: checkpoints commit the output, and without them there is"
              + " no exactly once");
    }
    if (checkpointTimeoutMillis < 1) {
      throw new IllegalArgumentException(
          OcrJobOptions.CHECKPOINT_TIMEOUT_MS.key() + " must be at least 1");
    }
    if (transactionTimeoutMillis > maxTransactionTimeoutMillis) {
      throw new IllegalArgumentException(
          key(OcrJobOptions.TRANSACTION_TIMEOUT_MS, transactionTimeoutMillis)
              + " exceeds "
              + key(OcrJobOptions.MAX_TRANSACTION_TIMEOUT_MS, maxTransactionTimeoutMillis)
              + ", the brokers' transaction.max.timeout.ms: they would refuse every transaction;"
              + " raise both together");
    }
    long needed = intervalMillis + checkpointTimeoutMillis + restartMarginMillis;
    if (needed < 0 || transactionTimeoutMillis <= needed) {
      throw new IllegalArgumentException(
          key(OcrJobOptions.TRANSACTION_TIMEOUT_MS, transactionTimeoutMillis)
              + " must exceed "
              + key(OcrJobOptions.CHECKPOINT_INTERVAL_MS, intervalMillis)
              + " + "
              + key(OcrJobOptions.CHECKPOINT_TIMEOUT_MS, checkpointTimeoutMillis)
              + " + "
              + key(OcrJobOptions.RESTART_MARGIN_MS, restartMarginMillis)
              + " = "
              + needed
              + ", or the broker may abort a transaction before its checkpoint commits it");
    }
  }

  private static String key(ConfigOption<Long> option, long value) {
    return option.key() + " " + value;
  }
}
