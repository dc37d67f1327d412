package dev.grcnn.ocr.training.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grcnn.ocr.model.Alphabet;
import dev.grcnn.ocr.model.image.ImagePreprocessor;
import dev.grcnn.ocr.training.data.LmdbDataset;
import dev.grcnn.ocr.training.data.LmdbDatasetWriter;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordRendererTest {

  private static final List<String> WORDS =
      List.of("shop", "exit", "university", "a", "pizza", "street", "closeout", "the", "bus");

  private static FontCatalog fonts;
  private static PhotoBackgrounds photos;

  @TempDir static Path tmp;

  @BeforeAll
  static void resources() throws IOException {
    fonts = FontCatalog.discover(FontCatalog.DEFAULT_DIRS);
    // A handmade "photograph", so the photo-background path runs without wallpaper packages.
    Path dir = Files.createDirectories(tmp.resolve("photos"));
    BufferedImage photo = new BufferedImage(320, 200, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = photo.createGraphics();
    g.setPaint(new GradientPaint(0, 0, Color.ORANGE, 320, 200, new Color(20, 60, 30)));
    g.fillRect(0, 0, 320, 200);
    g.dispose();
    ImageIO.write(photo, "png", dir.resolve("photo.png").toFile());
    photos = PhotoBackgrounds.load(List.of(dir));
  }

  private static WordRenderer renderer(long seed) {
    return new WordRenderer(seed, fonts, WordSource.of(WORDS), photos);
  }

  @Test
  void fontsAndPhotosAreFound() {
    assertTrue(fonts.faces() > 0, "no usable font found");
    assertEquals(1, photos.size());
  }

  @Test
  void oneSeedGivesTheSameBytesAndAnotherSeedDifferent() {
    WordRenderer a = renderer(7);
    WordRenderer b = renderer(7);
    WordRenderer c = renderer(8);
    int differ = 0;
    for (long i = 0; i < 60; i++) {
      WordRenderer.Sample x = a.render(i);
      // Out of order and from a second instance: still the same bytes.
      WordRenderer.Sample y = b.render(i);
      assertArrayEquals(x.image(), y.image(), "sample " + i);
      assertEquals(x.label(), y.label());
      if (!Arrays.equals(x.image(), c.render(i).image())) {
        differ++;
      }
    }
    assertEquals(60, differ);
  }

  @Test
  void labelsAreInTheAlphabetAndImagesDecode() throws Exception {
    WordRenderer renderer =
        new WordRenderer(3, fonts, WordSource.of(WORDS), PhotoBackgrounds.none());
    ImagePreprocessor decoder = new ImagePreprocessor();
    for (long i = 0; i < 200; i++) {
      WordRenderer.Sample s = renderer.render(i);
      assertFalse(s.label().isEmpty());
      assertTrue(s.label().matches("[0-9a-z]+"), s.label());
      assertTrue(s.text().matches("[0-9A-Za-z]+"), s.text());
      assertEquals(WordSource.label(s.text()), s.label());
      assertTrue(Alphabet.DEFAULT.encode(s.label()).isPresent());
      BufferedImage img = decoder.decode(s.image());
      assertTrue(img.getHeight() >= 16 && img.getHeight() <= 96, "height " + img.getHeight());
      assertEquals(32 * 100, ImagePreprocessor.toInput(img).length);
    }
  }

  @Test
  void theInkIsWhereTheLabelSaysItIs() {
    java.awt.Font font = fonts.sample(new java.util.Random(1));
    int narrow = inkColumns(WordRenderer.plain("i", font, 48));
    int wide = inkColumns(WordRenderer.plain("wwwwww", font, 48));
    int two = inkColumns(WordRenderer.plain("ww", font, 48));
    assertTrue(narrow > 0);
    assertTrue(wide > 4 * narrow, narrow + " vs " + wide);
    assertTrue(wide > 2 * two, two + " vs " + wide);
  }

  /** Columns holding a dark pixel. */
  private static int inkColumns(BufferedImage img) {
    int columns = 0;
    for (int x = 0; x < img.getWidth(); x++) {
      for (int y = 0; y < img.getHeight(); y++) {
        if ((img.getRGB(x, y) & 0xff) < 128) {
          columns++;
          break;
        }
      }
    }
    return columns;
  }

  @Test
  void aRenderedDatasetReadsBackWithTheCountWhateverTheThreads() throws IOException {
    WordRenderer renderer = renderer(11);
    Path one = tmp.resolve("one-thread");
    Path two = tmp.resolve("three-threads");
    AtomicLong progress = new AtomicLong();
    try (LmdbDatasetWriter out = LmdbDatasetWriter.create(one)) {
      DatasetRenderer.render(renderer, 150, 1, out, progress::set);
    }
    assertEquals(150, progress.get());
    try (LmdbDatasetWriter out = LmdbDatasetWriter.create(two)) {
      assertEquals(150, DatasetRenderer.render(renderer, 150, 3, out, null).samples());
    }
    try (LmdbDataset a = LmdbDataset.open(one);
        LmdbDataset b = LmdbDataset.open(two)) {
      assertEquals(150, a.size());
      assertEquals(150, b.size());
      for (int i = 0; i < 150; i++) {
        assertArrayEquals(a.get(i).image(), b.get(i).image());
        assertEquals(a.get(i).label(), b.get(i).label());
        assertArrayEquals(renderer.render(i).image(), a.get(i).image());
      }
    }
  }

  @Test
  void theSampleSheetHasACellPerSample() {
    WordRenderer renderer = renderer(5);
    List<WordRenderer.Sample> samples = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      samples.add(renderer.render(i));
    }
    BufferedImage sheet = SampleSheet.draw(samples, 6);
    BufferedImage half = SampleSheet.draw(samples.subList(0, 6), 6);
    assertEquals(sheet.getWidth(), half.getWidth());
    assertNotEquals(sheet.getHeight(), half.getHeight());
  }

  @Test
  void wordListsAreFilteredToLettersAndDigits() throws IOException {
    Path list = tmp.resolve("words.txt");
    Files.writeString(list, "Hello\ndon't\ncafé\nx-ray\nR2D2\n\nabcdefghijklmnopqrstuvwxyz\n");
    WordSource words = WordSource.load(List.of(list));
    assertEquals(3, words.dictionarySize()); // hello, dont, r2d2
  }

  @Test
  void theProjectFontFolderIsScannedAndMayBeAbsent() throws IOException {
    assertTrue(FontCatalog.DEFAULT_DIRS.contains(FontCatalog.PROJECT_DIR));
    assertTrue(FontCatalog.PROJECT_DIR.endsWith(Path.of("training", "fonts")));
    // Laid out as training/install-fonts does: a folder a package, .ttf files in sub-folders.
    Path system;
    try (var walk = Files.walk(Path.of("/usr/share/fonts"))) {
      system =
          walk.filter(p -> p.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".ttf"))
              .filter(p -> isUsableFont(p))
              .sorted()
              .findFirst()
              .orElse(null);
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(system != null, "no .ttf font installed");
    Path project = tmp.resolve("project-fonts");
    Path file = Files.createDirectories(project.resolve("some-family/400Regular"));
    Files.copy(system, file.resolve("SomeFamily_400Regular.ttf"));
    FontCatalog scanned = FontCatalog.discover(List.of(project));
    assertEquals(1, scanned.faces());
    assertEquals(1, scanned.families());
    // Absent folders are skipped: the system's (or the JDK's) fonts still serve.
    FontCatalog without =
        FontCatalog.discover(List.of(tmp.resolve("not-installed"), Path.of("/usr/share/fonts")));
    assertTrue(without.faces() > 0);
  }

  private static boolean isUsableFont(Path p) {
    try {
      return FontCatalog.usable(java.awt.Font.createFont(java.awt.Font.TRUETYPE_FONT, p.toFile()));
    } catch (java.awt.FontFormatException | IOException e) {
      return false;
    }
  }

  @Test
  void weightAndRepeatedWidthWordsFoldIntoTheFamily() {
    assertEquals("Barlow Condensed", FontCatalog.familyName("Barlow Condensed ExtraBold"));
    assertEquals("Encode Sans Condensed", FontCatalog.familyName("Encode Sans Condensed ExLight"));
    assertEquals("Saira Condensed", FontCatalog.familyName("Saira Condensed Condensed"));
    assertEquals("Saira SemiCondensed", FontCatalog.familyName("Saira SemiCondensed SemiCond"));
    assertEquals("Roboto Condensed", FontCatalog.familyName("Roboto Condensed"));
    assertEquals("Lato", FontCatalog.familyName("Lato Black"));
    assertEquals(
        "Fira Sans Extra Condensed", FontCatalog.familyName("Fira Sans Extra Condensed Thin"));
  }

  @Test
  void aPictureInSeveralSizesIsReadOnceAndPreviewsNotAtAll() {
    Path kde = Path.of("/w/Path/contents");
    List<Path> files =
        List.of(
            kde.resolve("images/720x1440.jpg"),
            kde.resolve("images/1280x800.jpg"),
            kde.resolve("images/1920x1080.jpg"),
            kde.resolve("images/1080x1920.jpg"),
            kde.resolve("images/5120x2880.png"),
            kde.resolve("images_dark/5120x2880.png"),
            kde.resolve("screenshot.png"),
            Path.of("/b/Elephants.jpg"),
            Path.of("/b/Elephants_3840x2160.jpg"),
            Path.of("/b/Wine_by_Jakub.jpg"));
    assertEquals(
        List.of(
            Path.of("/b/Elephants.jpg"),
            Path.of("/b/Wine_by_Jakub.jpg"),
            kde.resolve("images/1280x800.jpg"),
            kde.resolve("images_dark/5120x2880.png")),
        PhotoBackgrounds.onePerPicture(new ArrayList<>(files).stream().sorted().toList()));
  }

  @Test
  void neighbouringTextShowsAtTheEdgesOfAboutOneCropInFive() {
    WordRenderer renderer = renderer(21);
    int n = 300;
    int with = 0;
    int shown = 0;
    java.util.EnumMap<WordRenderer.Side, Integer> sides =
        new java.util.EnumMap<>(WordRenderer.Side.class);
    for (long i = 0; i < n; i++) {
      WordRenderer.Composition inked = renderer.composition(i, true);
      WordRenderer.Composition bare = renderer.composition(i, false);
      BufferedImage a = inked.canvas();
      BufferedImage b = bare.canvas();
      assertEquals(inked.neighbours(), bare.neighbours());
      assertEquals(a.getWidth(), b.getWidth());
      assertEquals(a.getHeight(), b.getHeight());
      if (inked.neighbours().isEmpty()) {
        assertArrayEquals(ImageOps.pixels(a), ImageOps.pixels(b), "sample " + i);
        continue;
      }
      with++;
      // Where the neighbours' ink is: off the word's glyphs, on the side planned.
      java.awt.Shape word = inked.word();
      java.awt.geom.Rectangle2D box = word.getBounds2D();
      int over = 0;
      int off = 0;
      double sumX = 0;
      double sumY = 0;
      for (int y = 0; y < a.getHeight(); y++) {
        for (int x = 0; x < a.getWidth(); x++) {
          if (a.getRGB(x, y) != b.getRGB(x, y)) {
            if (word.contains(x + 0.5, y + 0.5)) {
              over++;
            } else {
              off++;
            }
            sumX += x + 0.5;
            sumY += y + 0.5;
          }
        }
      }
      assertTrue(over <= 0.1 * (over + off), "sample " + i + ": over the word's glyphs");
      if (off > 0) {
        shown++;
        if (inked.neighbours().size() == 1) {
          double dx = (sumX / (over + off) - box.getCenterX()) / box.getWidth();
          double dy = (sumY / (over + off) - box.getCenterY()) / box.getHeight();
          WordRenderer.Side side = inked.neighbours().iterator().next();
          boolean there =
              switch (side) {
                case LEFT -> dx < -0.4;
                case RIGHT -> dx > 0.4;
                case ABOVE -> dy < -0.3;
                case BELOW -> dy > 0.3;
              };
          assertTrue(there, "sample " + i + ": " + side + " ink at " + dx + ", " + dy);
        }
      }
      inked.neighbours().forEach(s -> sides.merge(s, 1, Integer::sum));
    }
    double share = (double) with / n;
    assertTrue(share > 0.12 && share < 0.28, "share with neighbours " + share);
    assertTrue(shown >= 0.95 * with, shown + " of " + with + " show their neighbours");
    for (WordRenderer.Side side : WordRenderer.Side.values()) {
      assertTrue(sides.getOrDefault(side, 0) >= 5, side + ": " + sides);
    }
  }

  @Test
  void aCatalogFoundTwiceRendersTheSameBytesOnAnyThread() throws Exception {
    // With the project's fonts where training/install-fonts has put them (not on CI).
    List<Path> dirs = new ArrayList<>(FontCatalog.DEFAULT_DIRS);
    dirs.add(Path.of("..", "training", "fonts"));
    FontCatalog one = FontCatalog.discover(dirs);
    FontCatalog again = FontCatalog.discover(dirs);
    assertEquals(one.faces(), again.faces());
    assertEquals(one.families(), again.families());
    WordRenderer a = new WordRenderer(31, one, WordSource.of(WORDS), photos);
    WordRenderer b = new WordRenderer(31, again, WordSource.of(WORDS), photos);
    List<byte[]> parallel =
        java.util.stream.LongStream.range(0, 80)
            .parallel()
            .mapToObj(i -> b.render(i).image())
            .toList();
    for (int i = 0; i < 80; i++) {
      assertArrayEquals(a.render(i).image(), parallel.get(i), "sample " + i);
    }
  }

  @Test
  void theWordMixIsNearRealCrops() {
    // Words of every length, so that the length distribution is the source's own.
    java.util.Random g = new java.util.Random(1);
    List<String> words = new ArrayList<>();
    for (int length = 1; length <= WordSource.MAX_LENGTH; length++) {
      for (int k = 0; k < 40; k++) {
        StringBuilder w = new StringBuilder();
        for (int j = 0; j < length; j++) {
          w.append((char) ('a' + g.nextInt(26)));
        }
        words.add(w.toString());
      }
    }
    WordSource source = WordSource.of(words);
    java.util.Random r = new java.util.Random(2);
    int n = 20000;
    int upper = 0;
    int capitalised = 0;
    int lower = 0;
    int camel = 0;
    int digits = 0;
    int shortWords = 0;
    for (int i = 0; i < n; i++) {
      String t = source.sample(r);
      String letters = t.replaceAll("[^A-Za-z]", "");
      if (letters.isEmpty()) {
        digits++;
      } else if (letters.length() == t.length() && letters.length() > 1) {
        if (letters.equals(letters.toUpperCase(java.util.Locale.ROOT))) {
          upper++;
        } else if (letters.equals(letters.toLowerCase(java.util.Locale.ROOT))) {
          lower++;
        } else if (letters.substring(1).equals(letters.substring(1).toLowerCase())) {
          capitalised++;
        } else {
          camel++;
        }
      }
      if (t.length() == 3 || t.length() == 4) {
        shortWords++;
      }
    }
    // ICDAR 2015 training words: 53% UPPER, 25% Capitalised, 14% lower, 5% digits only, 45% of
    // 3-4 characters.
    assertBetween("UPPER", upper, n, 0.38, 0.55);
    assertBetween("Capitalised", capitalised, n, 0.18, 0.30);
    assertBetween("lower", lower, n, 0.10, 0.20);
    assertBetween("CamelCase", camel, n, 0.015, 0.06);
    assertBetween("digits only", digits, n, 0.04, 0.10);
    assertBetween("3-4 characters", shortWords, n, 0.33, 0.48);
  }

  private static void assertBetween(String what, int count, int n, double lo, double hi) {
    double share = (double) count / n;
    assertTrue(share >= lo && share <= hi, what + ": " + share);
  }
}
