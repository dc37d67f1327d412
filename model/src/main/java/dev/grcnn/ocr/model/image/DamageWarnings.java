package dev.grcnn.ocr.model.image;

import java.util.regex.Pattern;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;

/**
 * Stops a read at the first warning that means damaged pixel data. A truncated JPEG decodes
 * "successfully", grey below the cut, with only a warning ("Premature end of JPEG file"), so such a
 * warning refuses the image; and it must do so at once: the JDK's JPEG decoder repeats "Truncated
 * File - Missing EOI marker" for as long as it finds no image data (32,458 times, 0.4-1.3 s of CPU,
 * for a 1.2 KB file the fuzz test found). Throwing from the listener ends the native decode
 * (imageioJPEG.c exits on a pending exception).
 *
 * <p>Warnings about metadata do not stop the read: TwelveMonkeys' JPEG reader warns that a CMYK
 * JPEG without an ICC profile is converted with a generic one, or that an Exif or APPn segment is
 * ignored, and the pixels are whole.
 */
final class DamageWarnings implements IIOReadWarningListener {

  private static final Pattern METADATA =
      Pattern.compile(
          "\\b(icc|color profile|colour profile|app\\d{1,2}|exif|xmp|jfif|jfxx|thumbnail)\\b",
          Pattern.CASE_INSENSITIVE);

  /** Thrown out of the reader at the first damage warning; the message is the warning. */
  static final class Damaged extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Damaged(String warning) {
      super(warning, null, false, false);
    }
  }

  @Override
  public void warningOccurred(ImageReader source, String warning) {
    if (warning != null && METADATA.matcher(warning).find()) {
      return;
    }
    throw new Damaged(warning == null ? "a warning without text" : warning);
  }
}
