package dev.grcnn.ocr.training.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grcnn.ocr.model.image.ImagePreprocessor;
import dev.grcnn.ocr.model.image.InvalidImageException;
import dev.grcnn.ocr.training.render.FontCatalog;
import dev.grcnn.ocr.training.render.PhotoBackgrounds;
import dev.grcnn.ocr.training.render.WordRenderer;
import dev.grcnn.ocr.training.render.WordSource;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The augmenter on real crops: a few ICDAR 2015 training crops (when {@code
 * ../../shared/data/ic15-train} or the folder in {@code -Dic15.dir} is there; those tests are
 * skipped otherwise) and words from the renderer, plain and fully degraded.
 */
class AugmenterTest {

  private static final Path IC15 =
      Path.of(System.getProperty("ic15.dir", "../../shared/data/ic15-train"));

  /** Rendered words: always there. */
  private static final List<AugmentSheet.Crop> rendered = new ArrayList<>();

  /** Real crops: empty when the data is not on this machine. */
  private static List<AugmentSheet.Crop> real = List.of();

  @BeforeAll
  static void crops() throws IOException, InvalidImageException {
    FontCatalog fonts = FontCatalog.discover(FontCatalog.DEFAULT_DIRS);
    Random r = new Random(3);
    for (String word : List.of("Station", "EXIT", "42nd")) {
      BufferedImage big = WordRenderer.plain(word, fonts.sample(r), 48f);
      rendered.add(new AugmentSheet.Crop(big, word));
    }
    WordRenderer renderer =
        new WordRenderer(
            11, fonts, WordSource.of(List.of("coffee", "market", "bus")), PhotoBackgrounds.none());
    ImagePreprocessor decoder = new ImagePreprocessor();
    for (long i = 0; i < 3; i++) {
      WordRenderer.Sample s = renderer.render(i);
      rendered.add(new AugmentSheet.Crop(decoder.decode(s.image()), s.label()));
    }
    if (Files.isRegularFile(IC15.resolve("gt.txt"))) {
      real = AugmentSheet.load(IC15, 6, 7);
    }
  }

  private static List<AugmentSheet.Crop> all() {
    List<AugmentSheet.Crop> out = new ArrayList<>(rendered);
    out.addAll(real);
    return out;
  }

  private static int[] pixels(BufferedImage img) {
    return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
  }

  private static Augmenter only(Family f) {
    AugmentProfile.Setting s = AugmentProfile.standard().setting(f);
    return Augmenter.of(AugmentProfile.only(f, (s.min() + s.max()) / 2));
  }

  @Test
  void theRealCropsAreThere() {
    Assumptions.assumeTrue(Files.isDirectory(IC15), "no ICDAR 2015 crops at " + IC15);
    assertEquals(6, real.size());
  }

  @Test
  void theSameSeedGivesTheSamePixelsOnAnyThread() throws Exception {
    Augmenter a = Augmenter.standard();
    List<AugmentSheet.Crop> crops = all();
    List<int[]> first = new ArrayList<>();
    int differentFromSeedPlusOne = 0;
    for (AugmentSheet.Crop c : crops) {
      for (long seed = 0; seed < 20; seed++) {
        Random r1 = new Random(seed);
        Random r2 = new Random(seed);
        BufferedImage x = a.apply(c.image(), r1);
        BufferedImage y = a.apply(c.image(), r2);
        assertEquals(x.getWidth(), y.getWidth());
        assertEquals(x.getHeight(), y.getHeight());
        assertArrayEquals(pixels(x), pixels(y), c.label() + " seed " + seed);
        assertEquals(r1.nextLong(), r2.nextLong(), "the Random is left in the same state");
        first.add(pixels(x));
        int[] other = pixels(a.apply(c.image(), new Random(seed + 1000)));
        if (!java.util.Arrays.equals(pixels(x), other)) {
          differentFromSeedPlusOne++;
        }
      }
    }
    // Another seed usually gives another result (both clean happens ~6% of the time).
    assertTrue(differentFromSeedPlusOne > crops.size() * 20 * 0.8, "" + differentFromSeedPlusOne);

    // The same again from two threads at once, in another order.
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<int[]>> again = new ArrayList<>();
      for (int i = crops.size() - 1; i >= 0; i--) {
        for (long seed = 19; seed >= 0; seed--) {
          BufferedImage img = crops.get(i).image();
          long s = seed;
          again.add(pool.submit(() -> pixels(a.apply(img, new Random(s)))));
        }
      }
      for (int k = 0; k < again.size(); k++) {
        int i = crops.size() - 1 - k / 20;
        int seed = 19 - k % 20;
        assertArrayEquals(first.get(i * 20 + seed), again.get(k).get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theInputIsNotModified() {
    for (AugmentSheet.Crop c : all()) {
      int[] before = pixels(c.image());
      for (Family f : Family.values()) {
        only(f).apply(c.image(), new Random(1));
      }
      assertArrayEquals(before, pixels(c.image()), c.label());
    }
  }

  @Test
  void extremeSizesNeverThrow() {
    int[][] sizes = {{1, 1}, {1, 500}, {500, 1}, {2000, 40}, {2, 2}, {3, 1}, {1, 3}, {7, 700}};
    int[] types = {
      BufferedImage.TYPE_INT_RGB,
      BufferedImage.TYPE_BYTE_GRAY,
      BufferedImage.TYPE_INT_ARGB,
      BufferedImage.TYPE_3BYTE_BGR
    };
    Random content = new Random(5);
    List<Augmenter> augmenters = new ArrayList<>();
    for (Family f : Family.values()) {
      AugmentProfile.Setting s = AugmentProfile.standard().setting(f);
      augmenters.add(Augmenter.of(AugmentProfile.only(f, s.min())));
      augmenters.add(Augmenter.of(AugmentProfile.only(f, s.max())));
    }
    for (int k = 0; k < sizes.length; k++) {
      BufferedImage img = new BufferedImage(sizes[k][0], sizes[k][1], types[k % types.length]);
      for (int y = 0; y < img.getHeight(); y++) {
        for (int x = 0; x < img.getWidth(); x++) {
          img.setRGB(x, y, content.nextInt());
        }
      }
      List<Augmenter> these = new ArrayList<>(augmenters);
      these.add(Augmenter.standard());
      for (Augmenter a : these) {
        int draws = a == Augmenter.standard() ? 40 : 2;
        for (int seed = 0; seed < draws; seed++) {
          BufferedImage out = a.apply(img, new Random(seed));
          assertTrue(out.getWidth() >= 1 && out.getHeight() >= 1);
          ImagePreprocessor.toInput(out); // and the trainer's next step takes it
        }
      }
    }
  }

  @Test
  void theStandardMixStaysWithinTheDocumentedSizeBounds() {
    for (AugmentSheet.Crop c : all()) {
      int w = c.image().getWidth();
      int h = c.image().getHeight();
      for (long seed = 0; seed < 60; seed++) {
        BufferedImage out = Augmenter.standard().apply(c.image(), new Random(seed));
        assertTrue(out.getWidth() >= 1 && out.getHeight() >= 1);
        assertTrue(out.getWidth() <= w + h / 2 + 4, c.label() + " width " + out.getWidth());
        assertTrue(out.getHeight() <= 2 * h + w / 10 + 4, c.label() + " height " + out.getHeight());
      }
    }
  }

  @Test
  void largeCropsAreWorkedOnAtTwiceTheNetworkResolution() {
    BufferedImage big = new BufferedImage(1200, 400, BufferedImage.TYPE_INT_RGB);
    BufferedImage out = only(Family.INVERT).apply(big, new Random(1));
    assertEquals(200, out.getWidth()); // max(64 / 400, 200 / 1200) = 1 / 6
    assertEquals(67, out.getHeight());
    BufferedImage line = new BufferedImage(1200, 40, BufferedImage.TYPE_INT_RGB);
    assertEquals(1200, only(Family.INVERT).apply(line, new Random(1)).getWidth());
  }

  @Test
  void everyFamilyChangesTheImage() {
    for (AugmentSheet.Crop c : all()) {
      if (c.image().getHeight() < 20) {
        continue; // a tiny crop is already below what low resolution and defocus take away
      }
      Plane before = Plane.of(c.image());
      for (Family f : Family.values()) {
        for (long seed = 0; seed < 3; seed++) {
          Augmenter.Outcome o = only(f).run(c.image(), new Random(seed));
          assertEquals(List.of(f), o.applied());
          Plane after = Plane.of(o.image());
          boolean resized = after.width != before.width || after.height != before.height;
          assertTrue(
              resized || meanAbsoluteDifference(before, after) > 0.5,
              f + " did not change " + c.label() + " (seed " + seed + ")");
        }
      }
    }
  }

  @Test
  void theFamiliesDoWhatTheySay() {
    BufferedImage text = rendered.get(0).image(); // black on white, sharp
    Plane in = Plane.of(text);
    Random r = new Random(2);

    Plane inverted = Plane.of(only(Family.INVERT).apply(text, r));
    for (int i = 0; i < in.v.length; i++) {
      assertEquals(255 - in.v[i], inverted.v[i]);
    }
    for (Family blur :
        EnumSet.of(
            Family.GAUSSIAN_BLUR, Family.MOTION_BLUR, Family.DEFOCUS_BLUR, Family.LOW_RESOLUTION)) {
      Plane out = Plane.of(only(blur).apply(text, r));
      assertTrue(edges(out) < 0.9 * edges(in), blur + ": " + edges(out) + " vs " + edges(in));
    }
    // Pixelation keeps hard edges but repeats rows and columns.
    Plane blocks = Plane.of(only(Family.PIXELATE).apply(text, r));
    assertTrue(changes(blocks, true) < 0.8 * changes(in, true), "rows");
    assertTrue(changes(blocks, false) < 0.8 * changes(in, false), "columns");
    // Noise on a flat mid-grey (on black and white, half of it is clipped away).
    BufferedImage grey = new BufferedImage(60, 30, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 30; y++) {
      for (int x = 0; x < 60; x++) {
        grey.setRGB(x, y, 0x808080);
      }
    }
    for (Family noise : EnumSet.of(Family.GAUSSIAN_NOISE, Family.SHOT_NOISE)) {
      Plane out = Plane.of(only(noise).apply(grey, r));
      assertTrue(edges(out) > 20, noise + ": " + edges(out));
      assertEquals(128, out.mean(), 2, noise + " is unbiased");
    }
    Plane lowContrast = Plane.of(only(Family.CONTRAST).apply(text, r));
    assertTrue(deviation(lowContrast) < 0.9 * deviation(in));
    assertEquals(in.mean(), lowContrast.mean(), 1.0);

    Plane rotated = Plane.of(only(Family.ROTATION).apply(text, r));
    assertTrue(rotated.width > in.width && rotated.height > in.height);
    Plane sheared = Plane.of(only(Family.SHEAR).apply(text, r));
    assertTrue(sheared.width > in.width);
    assertEquals(in.height, sheared.height);
    Plane curved = Plane.of(only(Family.CURVE).apply(text, r));
    assertTrue(curved.height > in.height);
    Plane stretched = Plane.of(only(Family.STRETCH).apply(text, r));
    assertEquals(in.width, stretched.width);

    // Crop jitter: every side moves by at most 4 network pixels out and half that in.
    double unit = in.unit();
    for (long seed = 0; seed < 30; seed++) {
      BufferedImage out =
          Augmenter.of(AugmentProfile.only(Family.CROP_JITTER, 4)).apply(text, new Random(seed));
      int dw = out.getWidth() - in.width;
      int dh = out.getHeight() - in.height;
      assertTrue(dw <= 2 * Math.round(4 * unit) && dw >= -2 * Math.round(2 * unit), "dw " + dw);
      assertTrue(dh <= 2 * Math.round(4 * unit) && dh >= -2 * Math.round(1.4 * unit), "dh " + dh);
    }
  }

  @Test
  void noneIsTheIdentity() {
    for (AugmentSheet.Crop c : all()) {
      Random r = new Random(9);
      assertSame(c.image(), Augmenter.none().apply(c.image(), r));
      assertEquals(new Random(9).nextLong(), r.nextLong(), "none() draws no random number");
    }
    assertTrue(Augmenter.none().profile().isNone());
    assertEquals(1.0, Augmenter.none().profile().cleanShare());
  }

  @Test
  void aCleanCropComesBackAsItIsAndGreyingAloneKeepsTheNetworkInput() {
    int clean = 0;
    for (long seed = 0; seed < 40; seed++) {
      Augmenter.Outcome o = Augmenter.standard().run(rendered.get(1).image(), new Random(seed));
      if (o.applied().isEmpty()) {
        assertSame(rendered.get(1).image(), o.image());
        clean++;
      }
    }
    assertTrue(clean > 0);
    // The grey conversion matches ImagePreprocessor's, on every kind of image.
    List<BufferedImage> images = new ArrayList<>();
    for (AugmentSheet.Crop c : all()) {
      images.add(c.image());
    }
    Random content = new Random(4);
    for (int type :
        new int[] {
          BufferedImage.TYPE_INT_ARGB,
          BufferedImage.TYPE_4BYTE_ABGR,
          BufferedImage.TYPE_BYTE_GRAY,
          BufferedImage.TYPE_INT_ARGB_PRE,
          BufferedImage.TYPE_USHORT_GRAY
        }) {
      BufferedImage img = new BufferedImage(37, 23, type);
      for (int y = 0; y < 23; y++) {
        for (int x = 0; x < 37; x++) {
          img.setRGB(x, y, content.nextInt());
        }
      }
      images.add(img);
    }
    for (BufferedImage img : images) {
      assertArrayEquals(
          ImagePreprocessor.toInput(img),
          ImagePreprocessor.toInput(Plane.of(img).toImage()),
          "type " + img.getType());
    }
  }

  @Test
  void theStandardMixLeavesAQuarterCleanAndAppliesAtMostThree() {
    AugmentProfile p = AugmentProfile.standard();
    assertTrue(p.cleanShare() > 0.2 && p.cleanShare() < 0.3, "clean " + p.cleanShare());
    BufferedImage tiny = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
    int n = 4000;
    int clean = 0;
    int[] counts = new int[4];
    Random r = new Random(1);
    for (int i = 0; i < n; i++) {
      List<Family> applied = Augmenter.standard().run(tiny, r).applied();
      assertTrue(applied.size() <= 3, applied.toString());
      Set<Family.Group> groups = EnumSet.noneOf(Family.Group.class);
      for (int k = 0; k < applied.size(); k++) {
        assertTrue(groups.add(applied.get(k).group()), "two of one group: " + applied);
        if (k > 0) {
          assertTrue(applied.get(k - 1).ordinal() < applied.get(k).ordinal(), "order");
        }
      }
      counts[applied.size()]++;
      clean += applied.isEmpty() ? 1 : 0;
    }
    assertEquals(p.cleanShare(), clean / (double) n, 0.025);
    assertTrue(counts[1] > counts[2] && counts[2] > counts[3] && counts[3] > 0);
  }

  @Test
  void profilesAreChecked() {
    AugmentProfile.Setting half = new AugmentProfile.Setting(0.6, 1, 2);
    assertThrows(
        IllegalArgumentException.class,
        () -> new AugmentProfile(Map.of(Family.ROTATION, half, Family.SHEAR, half), 3));
    assertThrows(IllegalArgumentException.class, () -> new AugmentProfile.Setting(1.5, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new AugmentProfile.Setting(0.5, 2, 1));
    AugmentProfile p = AugmentProfile.standard().with(Family.INVERT, AugmentProfile.Setting.OFF);
    assertEquals(0, p.setting(Family.INVERT).probability());
    assertNotEquals(AugmentProfile.standard(), p);
    for (Family f : Family.values()) {
      assertTrue(AugmentProfile.standard().setting(f).probability() > 0, f + " is in the mix");
    }
  }

  @Test
  void theSampleSheetHasARowPerCropAndSixColumns() {
    BufferedImage one = AugmentSheet.draw(rendered.subList(0, 1), Augmenter.standard(), 5, 1);
    BufferedImage three = AugmentSheet.draw(rendered.subList(0, 3), Augmenter.standard(), 5, 1);
    assertEquals(one.getWidth(), three.getWidth());
    assertTrue(three.getHeight() > 2 * one.getHeight());
    BufferedImage again = AugmentSheet.draw(rendered.subList(0, 3), Augmenter.standard(), 5, 1);
    assertArrayEquals(pixels(three), pixels(again));
  }

  private static double meanAbsoluteDifference(Plane a, Plane b) {
    double sum = 0;
    for (int i = 0; i < a.v.length; i++) {
      sum += Math.abs(a.v[i] - b.v[i]);
    }
    return sum / a.v.length;
  }

  /**
   * Mean squared difference of horizontal and vertical neighbours: how sharp or noisy (squared,
   * since the absolute differences across a blurred edge still add up to the step).
   */
  private static double edges(Plane p) {
    double sum = 0;
    for (int y = 0; y + 1 < p.height; y++) {
      for (int x = 0; x + 1 < p.width; x++) {
        float c = p.v[y * p.width + x];
        float dx = c - p.v[y * p.width + x + 1];
        float dy = c - p.v[(y + 1) * p.width + x];
        sum += dx * dx + dy * dy;
      }
    }
    return sum / p.v.length;
  }

  /** How many rows (or columns) differ from the one before. */
  private static int changes(Plane p, boolean rows) {
    int n = 0;
    int lines = rows ? p.height : p.width;
    int length = rows ? p.width : p.height;
    for (int a = 1; a < lines; a++) {
      for (int b = 0; b < length; b++) {
        float here = rows ? p.v[a * p.width + b] : p.v[b * p.width + a];
        float before = rows ? p.v[(a - 1) * p.width + b] : p.v[b * p.width + a - 1];
        if (here != before) {
          n++;
          break;
        }
      }
    }
    return n;
  }

  private static double deviation(Plane p) {
    double mean = p.mean();
    double sum = 0;
    for (float f : p.v) {
      sum += (f - mean) * (f - mean);
    }
    return Math.sqrt(sum / p.v.length);
  }
}
