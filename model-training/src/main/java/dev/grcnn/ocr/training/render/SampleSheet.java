package dev.grcnn.ocr.training.render;

import dev.grcnn.ocr.model.image.ImagePreprocessor;
import dev.grcnn.ocr.model.image.InvalidImageException;
import dev.grcnn.ocr.training.image.ContactSheet;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A grid of rendered samples with their labels underneath, for looking at what the renderer makes
 * (the README's sample sheet). Images are decoded from the stored bytes, so JPEG artefacts show.
 */
public final class SampleSheet {

  private static final int CELL_W = 200;
  private static final int IMAGE_H = 64;
  private static final int LABEL_H = 18;
  private static final int PAD = 6;

  private SampleSheet() {}

  /** Draws the samples row by row, {@code columns} a row. */
  public static BufferedImage draw(List<WordRenderer.Sample> samples, int columns) {
    int rows = (samples.size() + columns - 1) / columns;
    int cellH = IMAGE_H + LABEL_H + PAD;
    BufferedImage sheet =
        new BufferedImage(
            columns * (CELL_W + PAD) + PAD, rows * cellH + PAD, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = ContactSheet.open(sheet);
    g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 13));
    ImagePreprocessor decoder = new ImagePreprocessor();
    for (int i = 0; i < samples.size(); i++) {
      int x = PAD + (i % columns) * (CELL_W + PAD);
      int y = PAD + (i / columns) * cellH;
      WordRenderer.Sample s = samples.get(i);
      try {
        BufferedImage img = decoder.decode(s.image());
        ContactSheet.drawFitted(g, img, x, y, CELL_W, IMAGE_H, 2.0);
      } catch (InvalidImageException e) {
        g.setColor(Color.RED);
        g.drawString("undecodable", x, y + IMAGE_H / 2);
      }
      g.setColor(Color.DARK_GRAY);
      g.drawString(s.label(), x, y + IMAGE_H + LABEL_H - 4);
    }
    g.dispose();
    return sheet;
  }
}
