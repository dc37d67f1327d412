package dev.grcnn.ocr.operators;

import dev.grcnn.ocr.model.OcrModel;
import dev.grcnn.ocr.model.decode.Recognition;
import dev.grcnn.ocr.model.image.ImagePreprocessor;
import dev.grcnn.ocr.model.image.InvalidImageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a new model version must read before it serves: the eight sample crops of the project
 * (rendered words, labelled by their file names, shipped in this jar). A version that reads fewer
 * than half of them exactly (greedy) is refused: a broken export or random weights read none.
 */
public final class SmokeCheck {

  private static final List<String> CROPS =
      List.of(
          "awareness.jpg",
          "doctor.jpg",
          "hardcover.jpg",
          "leek.jpg",
          "leopards.png",
          "rallying.jpg",
          "stabling.jpg",
          "swank.png");

  private static final List<float[]> INPUTS = inputs();

  private SmokeCheck() {}

  private static List<float[]> inputs() {
    ImagePreprocessor preprocessor = new ImagePreprocessor();
    List<float[]> inputs = new ArrayList<>();
    for (String name : CROPS) {
      try (InputStream in = SmokeCheck.class.getResourceAsStream("smoke/" + name)) {
        if (in == null) {
          throw new IllegalStateException("the smoke crop " + name + " is missing from the jar");
        }
        inputs.add(preprocessor.preprocess(in.readAllBytes()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InvalidImageException e) {
        throw new IllegalStateException("the smoke crop " + name + " does not decode", e);
      }
    }
    return inputs;
  }

  /** How many of the crops the model reads exactly. */
  public static int correct(OcrModel model) {
    List<Recognition> read = model.recognize(INPUTS, null);
    int correct = 0;
    for (int i = 0; i < CROPS.size(); i++) {
      String name = CROPS.get(i);
      if (read.get(i).text().equals(name.substring(0, name.lastIndexOf('.')))) {
        correct++;
      }
    }
    return correct;
  }

  /** The reason the model may not serve, or null when it passes. */
  public static String problem(OcrModel model) {
    int correct = correct(model);
    return 2 * correct >= CROPS.size()
        ? null
        : "it read " + correct + " of the " + CROPS.size() + " smoke-check crops";
  }
}
