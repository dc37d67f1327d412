package dev.grcnn.ocr.sql;

/**
 * When a predict function looks for a newer model version next: every {@code intervalMillis}, never
 * when it is 0 (one model directory for the task's life). Asked between two batches by the thread
 * that reads them, so it needs no timer thread of its own.
 */
final class VersionWatch {

  private final long intervalNanos;
  private long next;

  VersionWatch(long intervalMillis) {
    this.intervalNanos = intervalMillis * 1_000_000;
    this.next = System.nanoTime() + intervalNanos;
  }

  /** Whether it is time to look; if so, the next look is one interval from now. */
  boolean due() {
    if (intervalNanos == 0) {
      return false;
    }
    long now = System.nanoTime();
    if (now - next < 0) {
      return false;
    }
    next = now + intervalNanos;
    return true;
  }
}
