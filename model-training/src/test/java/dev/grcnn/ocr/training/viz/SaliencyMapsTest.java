package dev.grcnn.ocr.training.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import dev.grcnn.ocr.model.Alphabet;
import dev.grcnn.ocr.model.GrcnnConfig;
import dev.grcnn.ocr.model.ModelInfo;
import dev.grcnn.ocr.model.OcrModel;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SaliencyMapsTest {

  @Test
  void oneNormalisedMapPerCharacterOfTheGreedyReading() {
    float[] input = new float[32 * 100];
    Random random = new Random(5);
    for (int i = 0; i < input.length; i++) {
      input[i] = random.nextFloat() * 2 - 1;
    }
    try (OcrModel model =
        OcrModel.create(
            ModelInfo.untrained("t", GrcnnConfig.COMPACT, Alphabet.DEFAULT), Device.cpu())) {
      String text = model.recognize(List.of(input), null).get(0).text();
      List<SaliencyMaps.CharacterSaliency> maps = SaliencyMaps.compute(model, input);
      StringBuilder read = new StringBuilder();
      for (SaliencyMaps.CharacterSaliency m : maps) {
        read.append(m.character());
        float max = 0;
        for (float v : m.saliency()) {
          max = Math.max(max, v);
        }
        assertEquals(1f, max, 1e-6f);
      }
      assertEquals(text, read.toString());
      BufferedImage sheet = SaliencyMaps.render(input, maps, 3);
      assertEquals(40 + 300, sheet.getWidth());
      assertEquals((32 * 3 + 8) * (1 + maps.size()), sheet.getHeight());
    }
  }
}
