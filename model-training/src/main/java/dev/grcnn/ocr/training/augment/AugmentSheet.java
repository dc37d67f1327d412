package dev.grcnn.ocr.training.augment;

import dev.grcnn.ocr.model.GrcnnConfig;
import dev.grcnn.ocr.model.image.ImagePreprocessor;
import dev.grcnn.ocr.model.image.InvalidImageException;
import dev.grcnn.ocr.training.data.DatasetBuilder;
import dev.grcnn.ocr.training.image.ContactSheet;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;

/**
 * A sheet for judging the augmentation by eye: each crop in a row, first as it is, then in {@code
 * variants} augmented versions (drawn again while nothing was applied, so that every cell shows
 * something). Each cell shows the crop (enlarged at most 3 times), under it the 100x32 network
 * input {@link ImagePreprocessor#toInput} makes of it, at its own size, then the label and the
 * families applied.
 *
 * <pre>
 * java -cp ... dev.grcnn.ocr.training.augment.AugmentSheet [data-dir] [out.png] [crops] [seed]
 * </pre>
 *
 * defaults: {@code ../shared/data/ic15-train} (a folder with {@code gt.txt}), {@code
 * docs/augment-samples.png}, 12 crops, seed 1.
 */
public final class AugmentSheet {

  /** A crop and its label. */
  public record Crop(BufferedImage image, String label) {}

  private static final int CELL_W = 170;
  private static final int IMAGE_H = 60;
  private static final int NET_H = GrcnnConfig.HEIGHT + 4;
  private static final int TEXT_H = 28;
  private static final int PAD = 6;

  private AugmentSheet() {}

  /** Draws one row a crop: the crop, then {@code variants} augmentations of it. */
  public static BufferedImage draw(List<Crop> crops, Augmenter augmenter, int variants, long seed) {
    int columns = variants + 1;
    int cellH = IMAGE_H + NET_H + TEXT_H + PAD;
    BufferedImage sheet =
        new BufferedImage(
            columns * (CELL_W + PAD) + PAD,
            Math.max(1, crops.size()) * cellH + PAD,
            BufferedImage.TYPE_INT_RGB);
    Graphics2D g = ContactSheet.open(sheet);
    Font labelFont = new Font(Font.MONOSPACED, Font.BOLD, 12);
    Font familyFont = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    Random random = new Random(seed);
    for (int row = 0; row < crops.size(); row++) {
      Crop crop = crops.get(row);
      int y = PAD + row * cellH;
      for (int col = 0; col < columns; col++) {
        int x = PAD + col * (CELL_W + PAD);
        Augmenter.Outcome o = new Augmenter.Outcome(crop.image(), List.of());
        for (int attempt = 0; col > 0 && o.applied().isEmpty() && attempt < 50; attempt++) {
          o = augmenter.run(crop.image(), random);
        }
        BufferedImage img = o.image();
        ContactSheet.drawFitted(g, img, x, y, CELL_W, IMAGE_H, 3.0);
        g.drawImage(networkView(img), x, y + IMAGE_H + 4, null);
        int text = y + IMAGE_H + NET_H;
        g.setColor(Color.DARK_GRAY);
        g.setFont(labelFont);
        g.drawString(crop.label(), x, text + 12);
        g.setColor(col == 0 ? new Color(0, 110, 0) : new Color(150, 40, 40));
        g.setFont(familyFont);
        g.drawString(col == 0 ? "original" : names(o.applied()), x, text + 24);
      }
    }
    g.dispose();
    return sheet;
  }

  /** The network input as a grey image. */
  static BufferedImage networkView(BufferedImage crop) {
    float[] input = ImagePreprocessor.toInput(crop);
    BufferedImage view =
        new BufferedImage(GrcnnConfig.WIDTH, GrcnnConfig.HEIGHT, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < input.length; i++) {
      int v = Plane.grey(input[i] * 128 + 128);
      view.setRGB(i % GrcnnConfig.WIDTH, i / GrcnnConfig.WIDTH, (v << 16) | (v << 8) | v);
    }
    return view;
  }

  private static String names(List<Family> families) {
    return families.stream()
        .map(f -> f.name().toLowerCase(Locale.ROOT).replace('_', ' '))
        .collect(Collectors.joining(" + "));
  }

  /**
   * Reads {@code count} crops of a folder with a {@code gt.txt} ({@code file<TAB>label}), chosen at
   * random with a seed, skipping what does not decode.
   */
  public static List<Crop> load(Path dir, int count, long seed) throws IOException {
    List<DatasetBuilder.Entry> entries =
        new ArrayList<>(DatasetBuilder.readLabelsFile(dir.resolve("gt.txt"), dir));
    java.util.Collections.shuffle(entries, new Random(seed));
    ImagePreprocessor decoder = new ImagePreprocessor();
    List<Crop> out = new ArrayList<>();
    for (DatasetBuilder.Entry e : entries) {
      if (out.size() >= count) {
        break;
      }
      if (e.label() == null || !Files.isRegularFile(e.image())) {
        continue;
      }
      try {
        out.add(new Crop(decoder.decode(Files.readAllBytes(e.image())), e.label()));
      } catch (InvalidImageException ex) {
        // skipped
      }
    }
    return out;
  }

  /** Writes the sheet; arguments as in the class documentation. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "../shared/data/ic15-train");
    Path out = Path.of(args.length > 1 ? args[1] : "docs/augment-samples.png");
    int count = args.length > 2 ? Integer.parseInt(args[2]) : 12;
    long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
    List<Crop> crops = load(dir, count, seed);
    BufferedImage sheet = draw(crops, Augmenter.standard(), 5, seed);
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    ImageIO.write(sheet, "png", out.toFile());
    System.out.println("wrote " + out + ": " + crops.size() + " crops x 6");
  }
}
