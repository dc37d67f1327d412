package dev.grcnn.ocr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.grcnn.ocr.model.Alphabet;
import dev.grcnn.ocr.model.GrcnnConfig;
import dev.grcnn.ocr.model.LayerTable;
import dev.grcnn.ocr.model.ModelInfo;
import dev.grcnn.ocr.model.OcrModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForwardProfileTest {

  /** The profile replays the network's own computation (it checks its output) kind by kind. */
  @Test
  void profilesEveryKindOfOperationOfTheRealNetwork() {
    for (GrcnnConfig config : List.of(GrcnnConfig.COMPACT, GrcnnConfig.PAPER)) {
      try (OcrModel model =
          OcrModel.create(ModelInfo.untrained("p", config, Alphabet.DEFAULT), Device.cpu())) {
        model.network().freezeParameters(true);
        Map<String, Double> ms = ForwardProfile.of(model, 2, 1);
        assertEquals(8, ms.size(), ms::toString);
        ms.forEach((k, v) -> assertTrue(v > 0, k + " took no time: " + ms));
      }
    }
  }

  @Test
  void flopsComeFromTheLayerTable() {
    double macs =
        LayerTable.totalMultiplyAdds(LayerTable.of(GrcnnConfig.PAPER, Alphabet.DEFAULT.size()));
    assertEquals(999_892_992L, (long) macs); // README's layer table of the paper config
    assertEquals(2 * macs, ForwardBenchmark.flopsPerImage(GrcnnConfig.PAPER));
  }

  @Test
  void benchForwardPrintsTheRooflineShareAndTheProfile() {
    CliRun r =
        CliRun.run(
            "bench",
            "forward",
            "--configs",
            "compact",
            "--batches",
            "2",
            "--seconds",
            "0.2",
            "--device",
            "cpu",
            "--profile");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("allocator glibc MALLOC_MMAP_THRESHOLD_=33554432"), r.out());
    assertTrue(r.out().matches("(?s).*roofline: 2048 x 2048 matmul at [0-9.]+ GFLOP/s.*"), r.out());
    assertTrue(
        r.out().matches("(?s).*\ncompact +2 +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9]+%\n.*"), r.out());
    assertTrue(r.out().contains("profile compact, batch 2:"), r.out());
    assertTrue(r.out().contains(ForwardProfile.GRCL_CONV), r.out());
  }
}
