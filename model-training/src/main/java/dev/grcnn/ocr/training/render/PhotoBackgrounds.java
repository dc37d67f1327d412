package dev.grcnn.ocr.training.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Photographs that word backgrounds are cropped from, as SynthText did with natural images: JPEG
 * and PNG files under the given folders (Debian's mate-backgrounds by default), read subsampled to
 * at most {@value #MAX_WIDTH} pixels wide. There may be none; the renderer then uses synthetic
 * backgrounds only.
 */
public final class PhotoBackgrounds {

  /** Folders scanned when none are given. */
  public static final List<Path> DEFAULT_DIRS =
      List.of(Path.of("/usr/share/backgrounds"), Path.of("/usr/share/wallpapers"));

  /** Width photos are reduced to: crops are small, full resolution only costs memory. */
  static final int MAX_WIDTH = 960;

  private static final int MAX_PHOTOS = 64;

  private final List<BufferedImage> photos;

  private PhotoBackgrounds(List<BufferedImage> photos) {
    this.photos = photos;
  }

  /** No photographs. */
  public static PhotoBackgrounds none() {
    return new PhotoBackgrounds(List.of());
  }

  /** Reads the photographs under the folders (sorted by path; unreadable files skipped). */
  public static PhotoBackgrounds load(List<Path> dirs) throws IOException {
    List<Path> files = FileScan.find(dirs, ".jpg", ".jpeg", ".png");
    if (files.size() > MAX_PHOTOS) {
      List<Path> spread = new ArrayList<>();
      for (int i = 0; i < MAX_PHOTOS; i++) {
        spread.add(files.get(i * files.size() / MAX_PHOTOS));
      }
      files = spread;
    }
    List<Path> chosen = files;
    List<BufferedImage> photos =
        IntStream.range(0, chosen.size())
            .parallel()
            .mapToObj(i -> read(chosen.get(i)))
            .filter(Objects::nonNull)
            .toList();
    return new PhotoBackgrounds(photos);
  }

  private static BufferedImage read(Path file) {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return null;
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int width = reader.getWidth(0);
        int step = Math.max(1, (width + MAX_WIDTH - 1) / MAX_WIDTH);
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceSubsampling(step, step, 0, 0);
        BufferedImage raw = reader.read(0, param);
        if (raw.getWidth() < 64 || raw.getHeight() < 32) {
          return null;
        }
        // One pixel layout for all, so crops draw the same way whatever the file was.
        BufferedImage rgb =
            new BufferedImage(raw.getWidth(), raw.getHeight(), BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = rgb.createGraphics();
        g.drawImage(raw, 0, 0, null);
        g.dispose();
        return rgb;
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Number of photographs. */
  public int size() {
    return photos.size();
  }

  /** A photograph (shared: read it, never draw on it). */
  BufferedImage get(int i) {
    return photos.get(i);
  }
}
