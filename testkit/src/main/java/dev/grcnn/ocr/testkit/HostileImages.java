package dev.grcnn.ocr.testkit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Images whose headers lie: the decoder must refuse them before it decodes a pixel. */
public final class HostileImages {

  private HostileImages() {}

  /**
   * A well-formed PNG (valid chunk CRCs) whose header claims {@code width} x {@code height} grey
   * pixels, followed by a token of image data.
   */
  public static byte[] pngClaiming(int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
    out.writeBytes(
        pngChunk(
            "IHDR",
            ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).array())); // grey
    out.writeBytes(pngChunk("IDAT", new byte[] {0x78, (byte) 0x9c, 3, 0, 0, 0, 0, 1}));
    out.writeBytes(pngChunk("IEND", new byte[0]));
    return out.toByteArray();
  }

  private static byte[] pngChunk(String type, byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DataOutputStream d = new DataOutputStream(out)) {
      byte[] name = type.getBytes(StandardCharsets.US_ASCII);
      d.writeInt(data.length);
      d.write(name);
      d.write(data);
      CRC32 crc = new CRC32();
      crc.update(name);
      crc.update(data);
      d.writeInt((int) crc.getValue());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
