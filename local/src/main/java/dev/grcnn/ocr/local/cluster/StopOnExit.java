package dev.grcnn.ocr.local.cluster;

/**
 * Runs a stop action if this JVM ends (Ctrl-C, SIGTERM) while the processes it started are still
 * up: they run in sessions of their own, so nothing else would stop them. Closing removes the hook,
 * for when the caller stops them itself.
 */
final class StopOnExit implements AutoCloseable {

  /** What stops the processes. */
  interface Action {
    void run() throws Exception;
  }

  private final Thread hook;

  StopOnExit(String name, Action action) {
    hook =
        new Thread(
            () -> {
              try {
                action.run();
              } catch (Exception e) {
                System.err.println(name + ": could not stop: " + e.getMessage());
              }
            },
            name);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook runs (or ran) anyway.
    }
  }
}
