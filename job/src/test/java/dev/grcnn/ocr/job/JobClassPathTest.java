package dev.grcnn.ocr.job;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** What must stay out of the job, whose jar goes to a cluster. */
class JobClassPathTest {

  @Test
  void onnxRuntimeOfTheAccuracyBaselineIsNotOnTheJobsClassPath() {
    // PP-OCRv4 is a baseline of ./ocr bench accuracy (model-training and the cli), not inference.
    assertThrows(
        ClassNotFoundException.class,
        () -> Class.forName("ai.onnxruntime.OrtEnvironment", false, getClass().getClassLoader()));
  }
}
