package dev.grcnn.ocr.testkit;

import java.awt.AlphaComposite;
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
 * Word crops for tests and benchmarks: words drawn in black on white with Java2D, as a PNG the size
 * of a typical detector crop or in an image of a given size and type.
 */
public final class WordCrops {

  private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 28);

  private WordCrops() {}

  /** {@code n} PNG crops of random lower-case words, the same for the same seed. */
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

  /** One word as a PNG crop sized to it: 28-pixel sans-serif, anti-aliased, a small margin. */
  public static byte[] png(String word) {
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D pg = probe.createGraphics();
    FontMetrics metrics = pg.getFontMetrics(FONT);
    pg.dispose();
    BufferedImage image =
        new BufferedImage(
            metrics.stringWidth(word) + 12, metrics.getHeight() + 8, BufferedImage.TYPE_INT_RGB);
    draw(image, word, FONT, 6, 4 + metrics.getAscent(), true);
    return encode(image, "png");
  }

  /**
   * A word in an image of the given size and type ({@link BufferedImage#TYPE_INT_RGB}, a 16-bit
   * grey, one with alpha, ...): the font scaled to the height, on white, or on transparent when the
   * type has alpha.
   */
  public static BufferedImage image(String word, int width, int height, int type) {
    BufferedImage image = new BufferedImage(width, height, type);
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, Math.min(64, Math.max(6, height * 2 / 3)));
    draw(image, word, font, Math.max(1, height / 6), height * 3 / 4, false);
    return image;
  }

  private static void draw(
      BufferedImage image, String word, Font font, int x, int baseline, boolean antialias) {
    Graphics2D g = image.createGraphics();
    if (antialias) {
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    }
    if (image.getColorModel().hasAlpha()) {
      g.setComposite(AlphaComposite.Clear); // a transparent background
    } else {
      g.setColor(Color.WHITE);
    }
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setComposite(AlphaComposite.SrcOver);
    g.setColor(Color.BLACK);
    g.setFont(font);
    g.drawString(word, x, baseline);
    g.dispose();
  }

  /**
   * An image encoded by ImageIO ({@code png}, {@code jpeg}, {@code gif}, {@code bmp}).
   *
   * @throws IllegalArgumentException when ImageIO has no writer for this format and image type
   */
  public static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalArgumentException("no " + format + " writer for this image");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
