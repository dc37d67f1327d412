package dev.grcnn.ocr.training.train;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Clean black-on-white words drawn with Java2D's default font: a tiny, easy training set. */
final class InMemoryImages implements LabeledImages {

  private final List<Sample> samples = new ArrayList<>();

  InMemoryImages(List<String> words) {
    for (String w : words) {
      samples.add(new Sample(draw(w), w));
    }
  }

  InMemoryImages add(byte[] image, String label) {
    samples.add(new Sample(image, label));
    return this;
  }

  static byte[] draw(String word) {
    BufferedImage image = new BufferedImage(100, 32, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 100, 32);
    g.setColor(Color.BLACK);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
    g.drawString(word, 4, 24);
    g.dispose();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public int size() {
    return samples.size();
  }

  @Override
  public Sample get(int index) {
    return samples.get(index);
  }
}
