package dev.grcnn.ocr.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.grcnn.ocr.model.Alphabet;
import dev.grcnn.ocr.model.GrcnnConfig;
import dev.grcnn.ocr.model.LayerTable;
import dev.grcnn.ocr.model.OcrModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The measurements of {@code ocr bench forward}, shared with the child JVMs of {@code ocr bench
 * allocators}: images/s of the forward pass, and the engine's matmul rate as a roofline.
 */
final class ForwardBenchmark {

  /** Side of the square matrices of the roofline's matmul. */
  static final int MATMUL_SIZE = 2048;

  private ForwardBenchmark() {}

  /**
   * One cell.
   *
   * @param imagesPerSecond images/s over the measured passes
   * @param msPerBatch milliseconds per forward pass
   * @param passes measured passes
   */
  record Result(double imagesPerSecond, double msPerBatch, int passes) {}

  /** Floating-point operations of one image's forward pass: the layer table's multiply-adds x 2. */
  static double flopsPerImage(GrcnnConfig config) {
    return 2.0 * LayerTable.totalMultiplyAdds(LayerTable.of(config, Alphabet.DEFAULT.size()));
  }

  /**
   * Images/s of {@code model} on a batch of random inputs: one warm-up pass, then passes until
   * {@code seconds} have gone by.
   */
  static Result imagesPerSecond(OcrModel model, int batch, double seconds, Random random) {
    List<float[]> inputs = new ArrayList<>();
    for (int i = 0; i < batch; i++) {
      float[] x = new float[GrcnnConfig.HEIGHT * GrcnnConfig.WIDTH];
      for (int j = 0; j < x.length; j++) {
        x[j] = random.nextFloat() * 2 - 1;
      }
      inputs.add(x);
    }
    model.logProbabilities(inputs);
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    int passes = 0;
    do {
      model.logProbabilities(inputs);
      passes++;
    } while (System.nanoTime() < deadline);
    double elapsed = (System.nanoTime() - start) / 1e9;
    return new Result(passes * batch / elapsed, 1000 * elapsed / passes, passes);
  }

  /**
   * GFLOP/s of a {@value #MATMUL_SIZE}-square float matmul through the engine on {@code device}:
   * the rate the arithmetic of a forward pass could reach at best. The operands and the result stay
   * allocated and the product is one buffer of the same size every time, so the allocator plays no
   * part; the best of rounds of 0.2 s. (CPU operations of the engine are synchronous; on a GPU this
   * measures the launch rate unless the queue fills.)
   */
  static double matmulGflops(Device device, double seconds) {
    int n = MATMUL_SIZE;
    try (NDManager m = NDManager.newBaseManager(device)) {
      NDArray a = m.randomUniform(-1, 1, new Shape(n, n));
      NDArray b = m.randomUniform(-1, 1, new Shape(n, n));
      for (int i = 0; i < 3; i++) {
        a.matMul(b).close();
      }
      double best = 0;
      long deadline = System.nanoTime() + (long) (seconds * 1e9);
      do {
        long start = System.nanoTime();
        int k = 0;
        do {
          a.matMul(b).close();
          k++;
        } while (System.nanoTime() - start < 200_000_000L);
        double elapsed = (System.nanoTime() - start) / 1e9;
        best = Math.max(best, k * 2.0 * n * n * n / elapsed / 1e9);
      } while (System.nanoTime() < deadline);
      return best;
    }
  }
}
