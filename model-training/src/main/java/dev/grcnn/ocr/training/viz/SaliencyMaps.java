package dev.grcnn.ocr.training.viz;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.grcnn.ocr.model.Alphabet;
import dev.grcnn.ocr.model.GrcnnConfig;
import dev.grcnn.ocr.model.OcrModel;
import dev.grcnn.ocr.model.nn.GrcnnNetwork;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * What the network looks at for each character it reads: the gradient of that character's
 * log-probability, at the step where the best path emits it, with respect to the input pixels (the
 * GRCNN paper's receptive-field figure shows the same thing).
 */
public final class SaliencyMaps {

  /**
   * One decoded character and where it came from.
   *
   * @param character the character
   * @param step the output step (of 26) that emitted it
   * @param saliency 32 x 100 absolute gradients, scaled to [0, 1]
   */
  public record CharacterSaliency(char character, int step, float[] saliency) {}

  private SaliencyMaps() {}

  /** Computes the map of every character of the greedy reading of one preprocessed input. */
  public static List<CharacterSaliency> compute(OcrModel model, float[] input) {
    Alphabet alphabet = model.alphabet();
    List<CharacterSaliency> out = new ArrayList<>();
    try (NDManager scope = model.manager().newSubManager()) {
      ParameterStore store = new ParameterStore(scope, false);
      NDArray x = scope.create(input, GrcnnNetwork.inputShape(1));
      float[] logProbs = model.network().forward(store, new NDList(x), false).head().toFloatArray();
      int classes = alphabet.size();
      int steps = logProbs.length / classes;
      int previous = Alphabet.BLANK;
      for (int t = 0; t < steps; t++) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
          if (logProbs[t * classes + c] > logProbs[t * classes + best]) {
            best = c;
          }
        }
        if (best != Alphabet.BLANK && best != previous) {
          out.add(
              new CharacterSaliency(
                  alphabet.charAt(best), t, gradient(model, store, input, t, best)));
        }
        previous = best;
      }
    }
    return out;
  }

  private static float[] gradient(
      OcrModel model, ParameterStore store, float[] input, int step, int classIndex) {
    try (NDManager scope = model.manager().newSubManager()) {
      NDArray x = scope.create(input, GrcnnNetwork.inputShape(1));
      x.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray out = model.network().forward(store, new NDList(x), false).head();
        collector.backward(out.get(new NDIndex("0, {}, {}", step, classIndex)));
      }
      float[] g = x.getGradient().abs().toFloatArray();
      float max = 0;
      for (float v : g) {
        max = Math.max(max, v);
      }
      if (max > 0) {
        for (int i = 0; i < g.length; i++) {
          g[i] /= max;
        }
      }
      return g;
    }
  }

  /**
   * Draws the input and, under it, one row per character with its map in red over the input.
   *
   * @param input the preprocessed input, (x - 128) / 128
   * @param maps the characters' maps
   * @param scale pixels per input pixel
   */
  public static BufferedImage render(float[] input, List<CharacterSaliency> maps, int scale) {
    int w = GrcnnConfig.WIDTH;
    int h = GrcnnConfig.HEIGHT;
    int margin = 40;
    int rowHeight = h * scale + 8;
    BufferedImage sheet =
        new BufferedImage(
            margin + w * scale, rowHeight * (1 + maps.size()), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sheet.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
    g.setFont(new Font(Font.MONOSPACED, Font.BOLD, Math.max(12, 6 * scale)));
    g.drawImage(tile(input, null, scale), margin, 0, null);
    for (int i = 0; i < maps.size(); i++) {
      CharacterSaliency m = maps.get(i);
      int y = rowHeight * (i + 1);
      g.setColor(Color.BLACK);
      g.drawString(String.valueOf(m.character()), 8, y + h * scale / 2 + 6);
      g.drawImage(tile(input, m.saliency(), scale), margin, y, null);
    }
    g.dispose();
    return sheet;
  }

  private static BufferedImage tile(float[] input, float[] saliency, int scale) {
    int w = GrcnnConfig.WIDTH;
    int h = GrcnnConfig.HEIGHT;
    BufferedImage image = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int grey = Math.round(Math.max(0, Math.min(255, input[y * w + x] * 128 + 128)));
        int r = grey;
        int gr = grey;
        int b = grey;
        if (saliency != null) {
          float s = (float) Math.sqrt(saliency[y * w + x]); // sqrt lifts the faint tail
          r = Math.min(255, Math.round(grey * (1 - s) * 0.5f + 255 * s));
          gr = Math.round(grey * (1 - s) * 0.5f);
          b = gr;
        }
        int rgb = (r << 16) | (gr << 8) | b;
        for (int dy = 0; dy < scale; dy++) {
          for (int dx = 0; dx < scale; dx++) {
            image.setRGB(x * scale + dx, y * scale + dy, rgb);
          }
        }
      }
    }
    return image;
  }
}
