package dev.grcnn.ocr.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

  @Test
  void warmsUpLinearlyThenDecaysAlongACosineToTheFinalRate() {
    Tracker rate = new LearningRateSchedule(1e-3f, 100, 1100, 0.01f).tracker();
    assertEquals(1e-5f, rate.getNewValue(0), 1e-9f);
    assertEquals(0.505e-3f, rate.getNewValue(50), 1e-6f);
    assertEquals(1e-3f, rate.getNewValue(100), 1e-9f);
    // Half-way through the decay the cosine is at the mean of peak and final rate.
    assertEquals((1e-3f + 1e-5f) / 2, rate.getNewValue(600), 1e-6f);
    assertEquals(1e-5f, rate.getNewValue(1100), 1e-9f);
    assertEquals(1e-5f, rate.getNewValue(5000), 1e-9f);
  }

  @Test
  void aConstantScheduleKeepsItsRateAndBadSchedulesAreRefused() {
    Tracker rate = LearningRateSchedule.constant(0.5f).tracker();
    assertEquals(0.5f, rate.getNewValue(0));
    assertEquals(0.5f, rate.getNewValue(1_000_000));
    assertThrows(
        IllegalArgumentException.class, () -> new LearningRateSchedule(1e-3f, 100, 100, 0.01f));
    assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(0f, 0, 100, 0.01f));
  }
}
