package dev.grcnn.ocr.model.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.grcnn.ocr.model.image.InvalidImageException.Kind;
import dev.grcnn.ocr.testkit.AnimatedGifs;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;

/** Inputs a camera or detector pipeline can send by mistake or malice: each has one outcome. */
class HostileImagesTest {

  private final ImagePreprocessor preprocessor = new ImagePreprocessor();

  private static byte[] png(BufferedImage image) throws IOException {
    return ImagePreprocessorTest.encode(image, "png");
  }

  private Kind kindOf(byte[] bytes) {
    return assertThrows(InvalidImageException.class, () -> preprocessor.preprocess(bytes)).kind();
  }

  @Test
  void oneByteIsNotAnImage() {
    assertEquals(Kind.NOT_AN_IMAGE, kindOf(new byte[] {(byte) 0x89}));
  }

  @Test
  void svgIsNotARasterImage() {
    byte[] svg =
        "<svg xmlns='http://www.w3.org/2000/svg' width='100' height='32'><text>hi</text></svg>"
            .getBytes(StandardCharsets.UTF_8);
    assertEquals(Kind.NOT_AN_IMAGE, kindOf(svg));
  }

  @Test
  void aGifScreenOfMaximalSizeIsRefusedFromItsHeader() throws IOException {
    byte[] gif = ImagePreprocessorTest.encode(ImagePreprocessorTest.word(8, 8), "gif");
    // Logical screen and first image descriptor both claim 65535 x 65535.
    gif[6] = gif[7] = gif[8] = gif[9] = (byte) 0xff;
    int descriptor = indexOf(gif, (byte) 0x2c);
    for (int i = descriptor + 5; i < descriptor + 9; i++) {
      gif[i] = (byte) 0xff;
    }
    assertEquals(Kind.TOO_LARGE, kindOf(gif));
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 13; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    throw new AssertionError("no image descriptor");
  }

  /**
   * 1.2 KB the fuzz test found: the JDK's JPEG decoder warns "Truncated File - Missing EOI marker"
   * 32,458 times before it gives up (0.4-1.3 s each time). The first damage warning ends the read.
   */
  @Test
  void aJpegOnWhichTheDecoderLoopsIsRefusedAtItsFirstWarning() throws IOException {
    byte[] jpeg;
    try (var in =
        HostileImagesTest.class.getResourceAsStream(
            "ImageDecoderFuzzTestInputs/decodesOrRefusesWithAReason/slow-missing-eoi-loop.jpg")) {
      jpeg = in.readAllBytes();
    }
    InvalidImageException e =
        assertThrows(InvalidImageException.class, () -> preprocessor.preprocess(jpeg));
    assertEquals(Kind.CORRUPT, e.kind());
    assertEquals(
        "jpeg data is damaged: Corrupt JPEG data: 178 extraneous bytes before marker 0xe2",
        e.getMessage());
  }

  @Test
  void tinyAndExtremeAspectImagesAreRead() throws Exception {
    assertEquals(
        3200,
        preprocessor.preprocess(png(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB))).length);
    assertEquals(3200, preprocessor.preprocess(png(ImagePreprocessorTest.word(10_000, 10))).length);
    assertEquals(3200, preprocessor.preprocess(png(ImagePreprocessorTest.word(10, 3_000))).length);
  }

  @Test
  void sixteenBitGreyPngIsRead() throws Exception {
    BufferedImage deep = new BufferedImage(120, 40, BufferedImage.TYPE_USHORT_GRAY);
    WritableRaster raster = deep.getRaster();
    for (int x = 0; x < 120; x++) {
      for (int y = 0; y < 40; y++) {
        raster.setSample(x, y, 0, 65535);
      }
    }
    float[] in = preprocessor.preprocess(png(deep));
    assertEquals(127 / 128f, in[0], 0.02f);
  }

  @Test
  void animatedGifGivesItsFirstFrame() throws Exception {
    BufferedImage frame = ImagePreprocessorTest.word(100, 32);
    byte[] gif = AnimatedGifs.of(List.of(frame, frame, frame));
    float[] in = preprocessor.preprocess(gif);
    assertEquals(-1f, in[16 * 100 + 50], 0.05f);
  }

  @Test
  void fourChannelJpegWithoutAdobeMarkerIsRead() throws Exception {
    WritableRaster cmyk =
        Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, 64, 24, 4, null);
    for (int x = 0; x < 64; x++) {
      for (int y = 0; y < 24; y++) {
        cmyk.setPixel(x, y, new int[] {10, 200, 30, 40});
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.write(new IIOImage(cmyk, null, null));
    }
    writer.dispose();
    // TwelveMonkeys' JPEG reader takes four components as CMYK (OtherEncodersTest has real files
    // with Adobe markers and checks their colours).
    assertEquals(3200, preprocessor.preprocess(out.toByteArray()).length);
  }
}
