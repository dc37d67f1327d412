package dev.grcnn.ocr.job;

import static dev.grcnn.ocr.testkit.WordCrops.encode;
import static dev.grcnn.ocr.testkit.WordCrops.image;

import dev.grcnn.ocr.testkit.AnimatedGifs;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Encoded images a camera or detector pipeline can send by mistake or malice, made here with
 * javax.imageio or byte by byte: odd but valid images, damaged ones, and headers that lie (the PNG
 * one is the test kit's {@code HostileImages}, the words its {@code WordCrops}).
 */
final class HostileCrops {

  private HostileCrops() {}

  /** The first half of an encoding. */
  static byte[] truncated(byte[] encoded) {
    return Arrays.copyOf(encoded, encoded.length / 2);
  }

  /** Bytes of a seeded generator (seed 42 starts with no image format's signature). */
  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /**
   * A GIF whose logical screen and image descriptor claim 65535 x 65535, the most its 16-bit fields
   * can hold, with a 2-pixel LZW stream.
   */
  static byte[] gifClaimingMaximalSize() {
    byte ff = (byte) 0xff;
    return new byte[] {
      'G', 'I', 'F', '8', '9', 'a', ff, ff, ff, ff, 0, 0, 0, // screen, no colour table
      0x2c, 0, 0, 0, 0, ff, ff, ff, ff, 0, // image descriptor
      2, 2, 0x44, 1, 0, // LZW minimum code size 2, one sub-block, terminator
      0x3b
    };
  }

  /** A real JPEG whose start-of-frame header is patched to claim the given size. */
  static byte[] jpegClaiming(byte[] jpeg, int width, int height) {
    byte[] b = jpeg.clone();
    for (int i = 2; i + 8 < b.length; i++) {
      if ((b[i] & 0xff) == 0xff && ((b[i + 1] & 0xff) == 0xc0 || (b[i + 1] & 0xff) == 0xc2)) {
        // FF C0, length (2), precision (1), height (2), width (2)
        b[i + 5] = (byte) (height >> 8);
        b[i + 6] = (byte) height;
        b[i + 7] = (byte) (width >> 8);
        b[i + 8] = (byte) width;
        return b;
      }
    }
    throw new IllegalArgumentException("no start-of-frame marker");
  }

  /**
   * A four-channel (CMYK) JPEG as Photoshop writes them: the ImageIO writer encodes a 4-band raster
   * (ink in K where {@code ink} is dark, stored inverted as Adobe's CMYK JPEGs are), and an Adobe
   * APP14 segment with transform 0 (no colour transform: CMYK) is inserted after the start-of-image
   * marker. Real files from other encoders are in {@link dev.grcnn.ocr.testkit.ImageFiles}.
   */
  static byte[] cmykJpeg(BufferedImage ink) throws IOException {
    int w = ink.getWidth();
    int h = ink.getHeight();
    WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
    for (int x = 0; x < w; x++) {
      for (int y = 0; y < h; y++) {
        int k = (ink.getRGB(x, y) & 0xff) < 128 ? 255 : 0;
        cmyk.setPixel(x, y, new int[] {255, 255, 255, 255 - k});
      }
    }
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(plain)) {
      writer.setOutput(ios);
      writer.write(new IIOImage(cmyk, null, null));
    } finally {
      writer.dispose();
    }
    byte[] jpeg = plain.toByteArray();
    byte[] app14 = {
      (byte) 0xff, (byte) 0xee, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0 // transform 0
    };
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.write(app14);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  /** A 16-bit grey PNG of a word. */
  static byte[] sixteenBitGreyPng(String text) throws IOException {
    return encode(image(text, 160, 48, BufferedImage.TYPE_USHORT_GRAY), "png");
  }

  /** An animated GIF whose frames are words; readers must give the first. */
  static byte[] animatedGif(String... frames) throws IOException {
    List<BufferedImage> images = new ArrayList<>();
    for (String text : frames) {
      images.add(image(text, 160, 48, BufferedImage.TYPE_INT_RGB));
    }
    return AnimatedGifs.of(images);
  }

  /** A PNG of random colours: incompressible, so about 3 bytes a pixel. */
  static byte[] noisePng(int width, int height, long seed) throws IOException {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < width; x++) {
      for (int y = 0; y < height; y++) {
        image.setRGB(x, y, random.nextInt());
      }
    }
    return encode(image, "png");
  }

  /** A blank grey PNG: a decompression bomb, a few kilobytes for {@code side}² pixels. */
  static byte[] blankPng(int side) throws IOException {
    return encode(new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY), "png");
  }

  /** {@code n} comma-separated words. */
  static String words(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append('w').append(i);
    }
    return b.toString();
  }
}
