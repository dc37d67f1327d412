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
}
