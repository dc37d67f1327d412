package dev.grcnn.ocr.operators;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Sets PyTorch's thread pools for this JVM, that is per TaskManager: the pools are process-wide and
 * shared by all its inference tasks. DJL reads the system properties once, when its engine starts;
 * the intra-op pool can also be resized later, the inter-op pool cannot. Zero keeps PyTorch's
 * default (one thread per core).
 */
public final class TorchThreads {

  private TorchThreads() {}

  /** Before the first model load: the counts the engine starts with. */
  public static synchronized void beforeEngineStart(int intraOp, int interOp) {
    if (intraOp > 0) {
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(intraOp));
    }
    if (interOp > 0) {
      System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(interOp));
    }
  }

  /** After a model load: resizes the intra-op pool in case the engine had started before. */
  public static synchronized void afterEngineStart(int intraOp) {
    if (intraOp > 0 && JniUtils.getNumThreads() != intraOp) {
      JniUtils.setNumThreads(intraOp);
    }
  }
}
