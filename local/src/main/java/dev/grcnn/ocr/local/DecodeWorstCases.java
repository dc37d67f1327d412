package dev.grcnn.ocr.local;

import dev.grcnn.ocr.model.image.ImagePreprocessor;
import dev.grcnn.ocr.model.image.InvalidImageException;
import dev.grcnn.ocr.testkit.HostileImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * What the costliest images the decoder's limits let through (and a few bombs they refuse) cost to
 * decode into the network input with the job's default limits, in one thread: median time and the
 * bytes that thread allocated. The lines of {@code ./ocr bench job}'s hostile phase.
 */
public final class DecodeWorstCases {

  /**
   * One kind of image and its cost.
   *
   * @param name what the image is
   * @param bytes its encoded size
   * @param medianMillis median decode time
   * @param allocatedMegabytes bytes the decoding thread allocated, once, in MB
   * @param outcome "input" or the refusal's kind
   */
  public record Line(
      String name, int bytes, double medianMillis, double allocatedMegabytes, String outcome) {}

  private DecodeWorstCases() {}

  /** Measures each case {@code repeats} times (the first run included). */
  public static List<Line> measure(int repeats) {
    List<Line> lines = new ArrayList<>();
    for (Object[] c : cases()) {
      lines.add(measure((String) c[0], (byte[]) c[1], repeats));
    }
    return lines;
  }

  private static List<Object[]> cases() {
    return List.of(
        new Object[] {"PNG 5000x5000 RGB (pixel limit)", encode(picture(5000, 5000), "png")},
        new Object[] {"PNG 65535x381 grey (longest side)", encode(grey(65_535, 381), "png")},
        new Object[] {"JPEG 5000x5000 (pixel limit)", encode(picture(5000, 5000), "jpeg")},
        new Object[] {"JPEG 65000x384 grey", encode(grey(65_000, 384), "jpeg")},
        new Object[] {"PNG claiming 100000x100000", HostileImages.pngClaiming(100_000, 100_000)},
        new Object[] {"PNG claiming 25000000x1", HostileImages.pngClaiming(25_000_000, 1)});
  }

  private static Line measure(String name, byte[] bytes, int repeats) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    ImagePreprocessor decoder = new ImagePreprocessor();
    double[] millis = new double[repeats];
    double allocated = 0;
    String outcome = "input";
    for (int i = 0; i < repeats; i++) {
      long before = threads.getCurrentThreadAllocatedBytes();
      long start = System.nanoTime();
      try {
        decoder.preprocess(bytes);
      } catch (InvalidImageException e) {
        outcome = e.kind().name();
      }
      millis[i] = (System.nanoTime() - start) / 1e6;
      if (i == 0) {
        allocated = (threads.getCurrentThreadAllocatedBytes() - before) / 1e6;
      }
    }
    Arrays.sort(millis);
    return new Line(name, bytes.length, millis[repeats / 2], allocated, outcome);
  }

  /** White with a dark word-like block: compresses well, so the record stays small. */
  private static BufferedImage picture(int w, int h) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setColor(new Color(30, 60, 90));
    g.fillRect(w / 4, h / 4, w / 2, h / 2);
    g.dispose();
    return image;
  }

  private static BufferedImage grey(int w, int h) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setColor(Color.BLACK);
    g.fillRect(w / 4, h / 4, w / 2, h / 2);
    g.dispose();
    return image;
  }

  private static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, format, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
