package dev.grcnn.ocr.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * One colourful word crop ({@code samples/stabling.jpg}, 159x41) as other encoders wrote it, in
 * formats the JDK's readers do not read right. Made with Debian 12's tools:
 *
 * <pre>
 * convert samples/stabling.jpg png:stabling.png                        # the reference pixels
 * python3 -c "from PIL import Image; Image.open('stabling.png').convert('CMYK').save('stabling-cmyk.jpg', quality=92)"
 * convert stabling.png -colorspace CMYK -quality 92 stabling-ycck.jpg  # ImageMagick 6.9 writes YCCK
 * cwebp -q 85 stabling.png -o stabling-lossy.webp
 * cwebp -lossless stabling.png -o stabling-lossless.webp
 * </pre>
 *
 * <p>Both JPEGs have four components and an Adobe APP14 marker (transform 0, CMYK, from Pillow 9.4;
 * transform 2, YCCK, from ImageMagick) and no ICC profile; {@code identify -verbose} says {@code
 * Colorspace: CMYK} for both.
 */
public enum ImageFiles {
  /** The reference: the sample crop as a PNG. */
  PNG("stabling.png"),
  /** Four-component JPEG, Adobe transform 0 (CMYK, stored inverted as Adobe does). */
  CMYK_JPEG("stabling-cmyk.jpg"),
  /** Four-component JPEG, Adobe transform 2 (YCCK). */
  YCCK_JPEG("stabling-ycck.jpg"),
  /** WebP, lossy (VP8). */
  LOSSY_WEBP("stabling-lossy.webp"),
  /** WebP, lossless (VP8L). */
  LOSSLESS_WEBP("stabling-lossless.webp");

  /** The word every file shows. */
  public static final String WORD = "stabling";

  /** Width and height of every file. */
  public static final int WIDTH = 159;

  public static final int HEIGHT = 41;

  private final String fileName;

  ImageFiles(String fileName) {
    this.fileName = fileName;
  }

  /** The file's name, as a crop id. */
  public String fileName() {
    return fileName;
  }

  /** The file's bytes. */
  public byte[] bytes() {
    try (InputStream in = ImageFiles.class.getResourceAsStream("images/" + fileName)) {
      if (in == null) {
        throw new IllegalStateException("test kit resource images/" + fileName + " is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
