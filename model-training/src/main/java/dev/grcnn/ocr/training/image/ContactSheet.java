package dev.grcnn.ocr.training.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** What the project's sheets of crops (rendered samples, augmentations) draw alike. */
public final class ContactSheet {

  private ContactSheet() {}

  /** A light grey sheet and its graphics, smooth scaling and anti-aliased text on. */
  public static Graphics2D open(BufferedImage sheet) {
    Graphics2D g = sheet.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(new Color(245, 245, 245));
    g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
    return g;
  }

  /**
   * Draws {@code image} in the box at ({@code x}, {@code y}) of {@code width} x {@code height},
   * resting on its bottom edge, as large as fits but enlarged at most {@code maxScale} times, so
   * that small crops stay visibly small.
   */
  public static void drawFitted(
      Graphics2D g, BufferedImage image, int x, int y, int width, int height, double maxScale) {
    double scale = Math.min(1.0 * width / image.getWidth(), 1.0 * height / image.getHeight());
    scale = Math.min(scale, maxScale);
    int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
    int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
    g.drawImage(image, x, y + (height - h), w, h, null);
  }
}
