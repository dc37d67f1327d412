package dev.grcnn.ocr.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetBuilderTest {

  @TempDir Path tmp;

  private static byte[] image(String format, int width, int height) throws IOException {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.fillRect(width / 4, height / 4, width / 2, height / 2);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, format, out);
    return out.toByteArray();
  }

  @Test
  void aLabelsFileBuildsTheValidImagesAndCountsTheRestByReason() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("images"));
    byte[] png = image("png", 60, 20);
    byte[] jpg = image("jpg", 80, 30);
    Files.write(root.resolve("a.png"), png);
    Files.createDirectories(root.resolve("sub"));
    Files.write(root.resolve("sub/b.jpg"), jpg);
    Files.write(root.resolve("corrupt.png"), Arrays.copyOf(png, png.length / 2));
    Files.writeString(root.resolve("text.png"), "not an image at all");
    Path absolute = tmp.resolve("elsewhere.png");
    Files.write(absolute, png);
    Path labels = tmp.resolve("labels.tsv");
    Files.writeString(
        labels,
        String.join(
            "\n",
            "a.png\tHello",
            "sub/b.jpg\tworld 2",
            "corrupt.png\tbroken",
            "text.png\ttext",
            "missing.png\tghost",
            "no-tab-here.png",
            "",
            absolute + "\tabsolute",
            ""),
        StandardCharsets.UTF_8);

    Path out = tmp.resolve("lmdb");
    DatasetBuilder.Summary summary;
    try (LmdbDatasetWriter writer = LmdbDatasetWriter.create(out)) {
      summary =
          new DatasetBuilder().build(DatasetBuilder.readLabelsFile(labels, root), writer, null);
    }

    assertEquals(3, summary.written());
    assertEquals(4, summary.skippedTotal());
    assertEquals(
        Map.of(
            "CORRUPT",
            1L,
            "NOT_AN_IMAGE",
            1L,
            DatasetBuilder.MISSING_FILE,
            1L,
            DatasetBuilder.MALFORMED_LINE,
            1L),
        summary.skipped());
    try (LmdbDataset data = LmdbDataset.open(out)) {
      assertEquals(3, data.size());
      assertArrayEquals(png, data.record(1).image());
      assertEquals("Hello", data.record(1).label());
      assertArrayEquals(jpg, data.record(2).image());
      assertEquals("world 2", data.record(2).label());
      assertEquals("absolute", data.record(3).label());
      assertNull(data.record(3).lexicon());
    }
  }

  @Test
  void theIc03LayoutResolvesImagesByFileNameAndKeepsLexicons() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("ic03"));
    Files.write(dir.resolve("img_0001.jpg"), image("jpg", 50, 20));
    Files.write(dir.resolve("img_0002.jpg"), new byte[0]);
    Files.write(dir.resolve("img_0003.jpg"), image("jpg", 40, 25));
    Files.writeString(
        dir.resolve("test.txt"),
        "/root/crnn/data/IC03/img_0001.jpg\n/root/crnn/data/IC03/img_0002.jpg\n"
            + "C:\\data\\IC03\\img_0003.jpg\n");
    Files.writeString(dir.resolve("test_label.txt"), "shop\nempty\nexit\n");
    Files.writeString(dir.resolve("lexicon_50.txt"), "shop,ship,stop\na,b\nexit, exist\n");

    Path out = tmp.resolve("ic03-lmdb");
    DatasetBuilder.Summary summary;
    try (LmdbDatasetWriter writer = LmdbDatasetWriter.create(out)) {
      summary = new DatasetBuilder().build(DatasetBuilder.readIc03(dir), writer, null);
    }

    assertEquals(2, summary.written());
    assertEquals(Map.of("EMPTY", 1L), summary.skipped());
    try (LmdbDataset data = LmdbDataset.open(out)) {
      assertEquals(2, data.size());
      assertEquals("shop", data.record(1).label());
      assertEquals("shop,ship,stop", data.record(1).lexicon());
      assertEquals("exit", data.record(2).label());
      assertEquals("exit,exist", data.record(2).lexicon());
    }
  }

  @Test
  void ic03FilesOfDifferentLengthsAreRefused() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("bad"));
    Files.writeString(dir.resolve("test.txt"), "a.jpg\nb.jpg\n");
    Files.writeString(dir.resolve("test_label.txt"), "a\n");
    IOException e = assertThrows(IOException.class, () -> DatasetBuilder.readIc03(dir));
    assertEquals(true, e.getMessage().contains("2 lines"));
    assertEquals(
        List.of(), DatasetBuilder.readLabelsFile(Files.writeString(tmp.resolve("e"), "\n"), dir));
  }
}
