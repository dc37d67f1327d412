package dev.grcnn.ocr.training.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Photographs that word backgrounds are cropped from, as SynthText did with natural images: JPEG
 * and PNG files under the given folders (by default those of Debian's wallpaper packages in
 * training/apt-packages: mate-backgrounds, lomiri-wallpapers-16.04 and -20.04,
 * plasma-workspace-wallpapers), read subsampled to at most {@value #MAX_WIDTH} pixels wide. One
 * picture that comes in several sizes (KDE's {@code Name/contents/images/1920x1080.jpg}, MATE's
 * {@code Elephants_3840x2160.jpg}) is read once, and previews ({@code screenshot.png}) not at all.
 * There may be none; the renderer then uses synthetic backgrounds only.
 */
public final class PhotoBackgrounds {

  /** Folders scanned when none are given. */
  public static final List<Path> DEFAULT_DIRS =
      List.of(Path.of("/usr/share/backgrounds"), Path.of("/usr/share/wallpapers"));

  /** Width photos are reduced to: crops are small, full resolution only costs memory. */
  static final int MAX_WIDTH = 960;

  private static final int MAX_PHOTOS = 200;

  private static final Pattern SIZE_NAME = Pattern.compile("(\\d{3,5})x(\\d{3,5})\\.[^.]+");
  private static final Pattern SIZE_SUFFIX =
      Pattern.compile("[_-](\\d{3,5})x(\\d{3,5})(?=\\.[^.]+$)");

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
    List<Path> files = onePerPicture(FileScan.find(dirs, ".jpg", ".jpeg", ".png"));
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

  /**
   * The files less previews and less all but one size of each picture: the smallest that is still
   * at least {@value #MAX_WIDTH} wide (decoding a 5120-pixel PNG takes a second), else the largest;
   * a name without a size counts as a typical 1920 x 1080. Keeps the sorted order.
   */
  static List<Path> onePerPicture(List<Path> files) {
    Map<String, Path> best = new LinkedHashMap<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      if (name.toLowerCase(Locale.ROOT).startsWith("screenshot.")) {
        continue;
      }
      String key;
      Matcher whole = SIZE_NAME.matcher(name);
      Matcher suffix = SIZE_SUFFIX.matcher(name);
      if (whole.matches()) {
        key = file.getParent().toString();
      } else if (suffix.find()) {
        key = file.resolveSibling(suffix.replaceFirst("")).toString();
      } else {
        key = file.toString();
      }
      best.merge(key, file, (a, b) -> cost(b) < cost(a) ? b : a);
    }
    List<Path> chosen = new ArrayList<>(best.values());
    chosen.sort(null);
    return chosen;
  }

  /** The pixels to decode for a size variant; too narrow ones after all others. */
  private static double cost(Path file) {
    String name = file.getFileName().toString();
    Matcher m = SIZE_NAME.matcher(name);
    if (!m.matches()) {
      m = SIZE_SUFFIX.matcher(name);
      if (!m.find()) {
        return 1920.0 * 1080;
      }
    }
    double width = Integer.parseInt(m.group(1));
    double pixels = width * Integer.parseInt(m.group(2));
    return width >= MAX_WIDTH ? pixels : 1e12 - pixels;
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
