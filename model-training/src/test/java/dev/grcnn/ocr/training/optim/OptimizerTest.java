package dev.grcnn.ocr.training.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptimizerTest {

  @TempDir Path dir;

  @Test
  void adadeltaMatchesTwoStepsComputedByHand() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray w = manager.create(new float[] {1f, -2f});
      Adadelta adadelta = Adadelta.builder().build();
      double[] g = {0.5, -3};
      double[] expected = {1, -2};
      double[] sqGrad = new double[2];
      double[] sqDelta = new double[2];
      for (int step = 0; step < 2; step++) {
        adadelta.update("w", w, manager.create(new float[] {(float) g[0], (float) g[1]}));
        for (int i = 0; i < 2; i++) {
          sqGrad[i] = 0.9 * sqGrad[i] + 0.1 * g[i] * g[i];
          double dx = Math.sqrt(sqDelta[i] + 1e-6) / Math.sqrt(sqGrad[i] + 1e-6) * g[i];
          sqDelta[i] = 0.9 * sqDelta[i] + 0.1 * dx * dx;
          expected[i] -= dx;
        }
        float[] actual = w.toFloatArray();
        assertEquals(expected[0], actual[0], 1e-6, "step " + step);
        assertEquals(expected[1], actual[1], 1e-6, "step " + step);
      }
    }
  }

  @Test
  void adamMatchesAStepComputedByHand() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray w = manager.create(new float[] {1f});
      Adam adam = Adam.builder().optLearningRate(0.1f).build();
      adam.update("w", w, manager.create(new float[] {2f}));
      // First step: m = 0.2, v = 0.004, bias-corrected m/sqrt(v) = 2/2 = 1.
      assertEquals(1 - 0.1, w.toFloatArray()[0], 1e-5);
    }
  }

  @Test
  void savedStateResumesTheSameTrajectory() throws IOException {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray a = manager.create(new float[] {1f, 2f, 3f});
      NDArray b = manager.create(new float[] {1f, 2f, 3f});
      Adadelta first = Adadelta.builder().build();
      for (int i = 0; i < 3; i++) {
        first.update("w", a, manager.create(new float[] {0.1f * i, -1f, 2f}));
        first.finishStep();
      }
      Path file = dir.resolve("opt.bin");
      first.save(file);
      Adadelta second = Adadelta.builder().build();
      second.load(file, manager);
      assertEquals(3, second.steps());
      b.set(a.toFloatArray());
      first.update("w", a, manager.create(new float[] {0.5f, 0.5f, 0.5f}));
      second.update("w", b, manager.create(new float[] {0.5f, 0.5f, 0.5f}));
      org.junit.jupiter.api.Assertions.assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 0f);
      assertThrows(IOException.class, () -> Adam.builder().build().load(file, manager));
    }
  }
}
