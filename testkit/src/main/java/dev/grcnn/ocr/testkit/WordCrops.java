package dev.grcnn.ocr.testkit;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Word crops for tests and benchmarks: lower-case words drawn in black on white with Java2D and
 * encoded as PNG, the size of a typical detector crop.
 */
public final class WordCrops {

  private WordCrops() {}

  /** {@code n} distinct PNG crops, the same for the same seed. */
  public static List<byte[]> render(int n, long seed) {
    Random random = new Random(seed);
    List<byte[]> crops = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      StringBuilder word = new StringBuilder();
      int length = 3 + random.nextInt(8);
      for (int k = 0; k < length; k++) {
        word.append((char) ('a' + random.nextInt(26)));
      }
      crops.add(png(word.toString()));
    }
    return crops;
  }

  /** One word drawn as a PNG crop. */
  public static byte[] png(String word) {
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 28);
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D pg = probe.createGraphics();
    FontMetrics metrics = pg.getFontMetrics(font);
    pg.dispose();
    int width = metrics.stringWidth(word) + 12;
    int height = metrics.getHeight() + 8;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setFont(font);
    g.drawString(word, 6, 4 + metrics.getAscent());
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
