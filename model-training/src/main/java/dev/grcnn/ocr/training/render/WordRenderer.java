package dev.grcnn.ocr.training.render;

import dev.grcnn.ocr.training.data.PositionRandom;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.font.LineMetrics;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Renders synthetic word crops in the spirit of Synth90k and SynthText: a word from a {@link
 * WordSource} in a font from a {@link FontCatalog}, with random size, tracking, colours and
 * contrast, backgrounds (flat, gradient, texture, noise, crops of photographs) whose colours and
 * the text's are often taken from a photograph, pieces of the neighbouring words and lines cut by
 * the crop's edges, geometry (rotation, shear, perspective, rarely a curved baseline), text effects
 * (fake bold, outline, shadow), tight or loose crops, uneven lighting, blur, low resolution, noise
 * and JPEG artefacts.
 *
 * <p>Sample {@code i} depends only on the seed, {@code i} and the fonts, words and photographs
 * given, never on which thread renders it or in what order, so a dataset is reproducible. Instances
 * are immutable and safe to share between threads.
 */
public final class WordRenderer {

  /** A rendered sample: the encoded image (JPEG or PNG), its label and the text as drawn. */
  public record Sample(byte[] image, String label, String text) {}

  /** Size glyphs are drawn at before the crop is scaled to its final height. */
  static final float DRAW_SIZE = 48f;

  private static final FontRenderContext FRC = new FontRenderContext(null, true, true);

  private final long seed;
  private final FontCatalog fonts;
  private final WordSource words;
  private final PhotoBackgrounds photos;
  private final boolean augment;

  /** A renderer with all augmentations. */
  public WordRenderer(long seed, FontCatalog fonts, WordSource words, PhotoBackgrounds photos) {
    this(seed, fonts, words, photos, true);
  }

  /**
   * A renderer.
   *
   * @param augment false draws dark text on a plain light background with no geometry or
   *     degradation (font and word still vary): for checking what is drawn
   */
  public WordRenderer(
      long seed, FontCatalog fonts, WordSource words, PhotoBackgrounds photos, boolean augment) {
    if (fonts.faces() == 0) {
      throw new IllegalArgumentException("no usable font");
    }
    this.seed = seed;
    this.fonts = fonts;
    this.words = words;
    this.photos = photos;
    this.augment = augment;
  }

  /**
   * A renderer over the default resources: fonts under /usr/share/fonts (or the JDK's), Debian's
   * English word lists, photographs under /usr/share/backgrounds; whichever exist.
   */
  public static WordRenderer withDefaults(long seed) throws java.io.IOException {
    Defaults d = defaults();
    return new WordRenderer(seed, d.fonts(), d.words(), d.photos());
  }

  /** The default resources, read once a process: a trainer's two renderers share them. */
  private record Defaults(FontCatalog fonts, WordSource words, PhotoBackgrounds photos) {}

  private static Defaults defaults;

  private static synchronized Defaults defaults() throws java.io.IOException {
    if (defaults == null) {
      defaults =
          new Defaults(
              FontCatalog.discover(FontCatalog.DEFAULT_DIRS),
              WordSource.loadDefault(),
              PhotoBackgrounds.load(PhotoBackgrounds.DEFAULT_DIRS));
    }
    return defaults;
  }

  /** The fonts drawn with. */
  public FontCatalog fonts() {
    return fonts;
  }

  /** The words drawn. */
  public WordSource words() {
    return words;
  }

  /** The photographs backgrounds are cropped from. */
  public PhotoBackgrounds photos() {
    return photos;
  }

  /**
   * Renders sample {@code index} (any non-negative number; the same index gives the same bytes).
   */
  public Sample render(long index) {
    Random r = randomFor(index);
    String text = words.sample(r);
    BufferedImage image;
    if (augment) {
      image = compose(text, r, true).canvas();
      finish(image, r);
      image = degrade(image, r);
    } else {
      image = plain(text, fonts.sample(r), DRAW_SIZE);
    }
    byte[] bytes;
    if (augment && r.nextDouble() < 0.75) {
      bytes = ImageOps.jpeg(image, (float) (0.25 + 0.7 * Math.sqrt(r.nextDouble())));
    } else {
      bytes = ImageOps.png(image);
    }
    return new Sample(bytes, WordSource.label(text), text);
  }

  /** Where other text shows at a crop's edges. */
  enum Side {
    /** The end of the previous word. */
    LEFT,
    /** The start of the next word. */
    RIGHT,
    /** The bottom of the line above. */
    ABOVE,
    /** The top of the line below. */
    BELOW
  }

  /**
   * Sample {@code index} as composed, before lighting and degradation: the canvas, where the word
   * is on it and which neighbours were drawn (for tests; a renderer without augmentation has none).
   *
   * @param neighbourInk false plans everything the same but leaves the neighbours undrawn
   */
  Composition composition(long index, boolean neighbourInk) {
    Random r = randomFor(index);
    String text = words.sample(r);
    return compose(text, r, neighbourInk);
  }

  /** A composed crop: the canvas, the word's outline on it and the neighbours drawn. */
  record Composition(BufferedImage canvas, Shape word, Set<Side> neighbours) {}

  private Random randomFor(long index) {
    return PositionRandom.of(seed, index, RENDER_SALT);
  }

  /** Keeps the renderer's streams apart from the augmentation's of the same position. */
  private static final long RENDER_SALT = 0x632BE59BD9B4E019L;

  /**
   * Black text on white, cropped to the ink with a 4-pixel margin, nothing else: what the word
   * looks like with every augmentation off.
   */
  public static BufferedImage plain(String text, Font face, float size) {
    Font font = face.deriveFont(size);
    Shape glyphs = font.createGlyphVector(FRC, text).getOutline();
    Rectangle2D ink = glyphs.getBounds2D();
    int margin = 4;
    BufferedImage img =
        ImageOps.newRgb(
            (int) Math.ceil(ink.getWidth()) + 2 * margin,
            (int) Math.ceil(ink.getHeight()) + 2 * margin);
    Graphics2D g = graphics(img);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.translate(margin - ink.getX(), margin - ink.getY());
    g.setColor(Color.BLACK);
    g.fill(glyphs);
    g.dispose();
    return img;
  }

  private Composition compose(String text, Random r, boolean neighbourInk) {
    float size = DRAW_SIZE - 6 + r.nextInt(13);
    Font font = fonts.sample(r).deriveFont(size);
    GlyphVector gv = font.createGlyphVector(FRC, text);
    double tracking = size * tracking(r);
    track(gv, tracking);
    boolean curved = r.nextDouble() < 0.04;
    if (curved) {
      curve(gv, r, size);
    }
    Shape glyphs = gv.getOutline();
    Rectangle2D ink = glyphs.getBounds2D();
    LineMetrics metrics = font.getLineMetrics(text, FRC);
    // Annotated boxes hug the ink; some detectors box the whole line height instead.
    Rectangle2D box =
        r.nextDouble() < 0.3
            ? new Rectangle2D.Double(
                ink.getX(),
                -metrics.getAscent() * 0.85,
                ink.getWidth(),
                metrics.getAscent() * 0.85 + metrics.getDescent())
            : ink;
    Map<Side, Shape> others = neighbours(r, text, font, tracking, ink, box, curved);

    Geometry geometry = Geometry.sample(r, box);
    Shape shape = geometry.apply(glyphs);
    Rectangle2D crop = box == ink ? shape.getBounds2D() : geometry.apply(box).getBounds2D();
    double h = crop.getHeight();
    double left = h * margin(r, 0.3);
    double right = h * margin(r, 0.3);
    double top = h * margin(r, 0.22);
    double bottom = h * margin(r, 0.22);
    Map<Side, Shape> placedOthers = new EnumMap<>(Side.class);
    for (Map.Entry<Side, Shape> e : others.entrySet()) {
      Shape other = geometry.apply(e.getValue());
      // The crop reaches past the gap into the neighbour by a fraction of the word's height:
      // mostly less than half a letter, so that the word itself stays the obvious text.
      double into = h * (0.04 + 0.24 * r.nextDouble());
      double edge = nearestEdge(other, e.getKey(), crop);
      if (Double.isNaN(edge) || shareWithin(other, crop) > 0.08) {
        // Not beside the word, or turned so far that it would run through the word's box.
        continue;
      }
      switch (e.getKey()) {
        case LEFT -> left = Math.max(0, crop.getMinX() - edge) + into;
        case RIGHT -> right = Math.max(0, edge - crop.getMaxX()) + into;
        case ABOVE -> top = Math.max(0, crop.getMinY() - edge) + into;
        case BELOW -> bottom = Math.max(0, edge - crop.getMaxY()) + into;
      }
      placedOthers.put(e.getKey(), other);
    }
    int width = Math.max(8, (int) Math.ceil(crop.getWidth() + left + right));
    int height = Math.max(8, (int) Math.ceil(h + top + bottom));
    AffineTransform place =
        AffineTransform.getTranslateInstance(left - crop.getX(), top - crop.getY());

    BufferedImage canvas = ImageOps.newRgb(width, height);
    Graphics2D g = graphics(canvas);
    Backdrop backdrop = background(canvas, g, r);
    double backgroundLuminance = backdrop.luminance();
    double contrast =
        r.nextDouble() < 0.08 ? 0.18 + 0.17 * r.nextDouble() : 0.35 + 0.5 * r.nextDouble();
    double textLuminance =
        backgroundLuminance > 0.5
            ? Math.max(0, backgroundLuminance - contrast)
            : Math.min(1, backgroundLuminance + contrast);
    Color ink1 = inkColour(r, backdrop, textLuminance);
    if (r.nextDouble() < 0.06) {
      frame(g, r, width, height, ink1);
    }
    Shape placed = place.createTransformedShape(shape);
    Shape drawn = placed;
    if (!placedOthers.isEmpty()) {
      // Neighbours are mostly the same paint as the word (one sign, one line of print).
      boolean sameColour = r.nextDouble() < 0.8;
      Color otherColour =
          sameColour
              ? ink1
              : inkColour(r, backdrop, clamp01(textLuminance + 0.12 * r.nextGaussian()));
      Path2D.Double all = new Path2D.Double(placed);
      for (Shape other : placedOthers.values()) {
        Shape o = place.createTransformedShape(other);
        if (!neighbourInk) {
          continue;
        }
        if (sameColour) {
          all.append(o, false);
        } else {
          g.setColor(otherColour);
          g.fill(o);
        }
      }
      drawn = all;
    }
    drawText(g, r, drawn, placed.getBounds2D(), size, ink1, backgroundLuminance, textLuminance);
    g.dispose();
    return new Composition(
        canvas,
        placed,
        placedOthers.isEmpty()
            ? EnumSet.noneOf(Side.class)
            : EnumSet.copyOf(placedOthers.keySet()));
  }

  /** Uneven lighting over the composed crop. */
  private static void finish(BufferedImage canvas, Random r) {
    if (r.nextDouble() < 0.3) {
      double swing = 0.15 + 0.4 * r.nextDouble();
      ImageOps.lighting(canvas, r.nextDouble() * 2 * Math.PI, 1 + swing / 2, 1 - swing / 2);
    }
  }

  /**
   * Other text next to the word, as detectors' crops of real scenes often show (about one sample in
   * five): the end of the previous word and the start of the next on the same baseline, pieces of
   * the lines above and below; mostly in the same font. Outlines are in the word's coordinates,
   * before geometry, limited to the glyphs near the word; the crop then reaches into them.
   */
  private Map<Side, Shape> neighbours(
      Random r,
      String text,
      Font font,
      double tracking,
      Rectangle2D ink,
      Rectangle2D box,
      boolean curved) {
    Map<Side, Shape> out = new EnumMap<>(Side.class);
    if (r.nextDouble() >= 0.22 || curved) {
      // A curved word is a logo or a badge: it keeps to itself.
      return out;
    }
    double u = r.nextDouble();
    boolean sides = u < 0.7;
    boolean lines = u >= 0.5;
    float size = font.getSize2D();
    Font other = r.nextDouble() < 0.85 ? font : fonts.sample(r).deriveFont(size);
    Rectangle2D near =
        new Rectangle2D.Double(
            box.getX() - 1.6 * box.getHeight(),
            box.getY() - 1.6 * box.getHeight(),
            box.getWidth() + 3.2 * box.getHeight(),
            box.getHeight() + 3.2 * box.getHeight());
    if (sides) {
      double v = r.nextDouble();
      for (Side side : v < 0.4 ? List.of(Side.LEFT) : v < 0.8 ? List.of(Side.RIGHT) : SIDES) {
        GlyphVector gv = other.createGlyphVector(FRC, likeText(words.sample(r), text, r));
        track(gv, tracking);
        Rectangle2D b = gv.getVisualBounds();
        // A word space: wider in spaced-out lettering.
        double space = size * (0.25 + 0.35 * r.nextDouble()) + 2 * Math.max(0, tracking);
        double dx =
            side == Side.LEFT
                ? ink.getMinX() - space - b.getMaxX()
                : ink.getMaxX() + space - b.getMinX();
        Shape s = glyphsNear(gv, dx, 0, near);
        if (s != null) {
          out.put(side, s);
        }
      }
    }
    if (lines) {
      double v = r.nextDouble();
      for (Side side : v < 0.5 ? List.of(Side.ABOVE) : v < 0.85 ? List.of(Side.BELOW) : LINES) {
        Font lineFont =
            r.nextDouble() < 0.7
                ? other
                : other.deriveFont(size * (float) (0.7 + 0.6 * r.nextDouble()));
        StringBuilder line = new StringBuilder(likeText(words.sample(r), text, r));
        for (int i = 0; i < 3; i++) {
          line.append(' ').append(likeText(words.sample(r), text, r));
        }
        GlyphVector gv = lineFont.createGlyphVector(FRC, line.toString());
        track(gv, tracking);
        Rectangle2D b = gv.getVisualBounds();
        // The space between the other line's ink and the word's box (which is the line height
        // for some crops), whatever the fonts' own line spacing says.
        double leading = size * (0.05 + 0.4 * r.nextDouble());
        double dy =
            side == Side.ABOVE
                ? box.getMinY() - leading - b.getMaxY()
                : box.getMaxY() + leading - b.getMinY();
        double dx =
            ink.getMinX()
                - b.getMinX()
                - r.nextDouble() * Math.max(0, b.getWidth() - ink.getWidth());
        Shape s = glyphsNear(gv, dx, dy, near);
        if (s != null) {
          out.put(side, s);
        }
      }
    }
    return out;
  }

  private static final List<Side> SIDES = List.of(Side.LEFT, Side.RIGHT);
  private static final List<Side> LINES = List.of(Side.ABOVE, Side.BELOW);

  /**
   * How near a neighbour comes to the word's box from its side, measured where the crop will show
   * it: the lowest point of a line above within the box's columns, the rightmost point of a word on
   * the left within its rows, and so on (turned lines are not level). NaN when none is there.
   */
  private static double nearestEdge(Shape s, Side side, Rectangle2D box) {
    double[] c = new double[6];
    double edge = Double.NaN;
    for (PathIterator it = s.getPathIterator(null, 1.0); !it.isDone(); it.next()) {
      if (it.currentSegment(c) == PathIterator.SEG_CLOSE) {
        continue;
      }
      boolean column = c[0] >= box.getMinX() && c[0] <= box.getMaxX();
      boolean row = c[1] >= box.getMinY() && c[1] <= box.getMaxY();
      double v =
          switch (side) {
            case LEFT -> row ? c[0] : Double.NaN;
            case RIGHT -> row ? -c[0] : Double.NaN;
            case ABOVE -> column ? c[1] : Double.NaN;
            case BELOW -> column ? -c[1] : Double.NaN;
          };
      if (!Double.isNaN(v) && (Double.isNaN(edge) || v > edge)) {
        edge = v;
      }
    }
    return side == Side.RIGHT || side == Side.BELOW ? -edge : edge;
  }

  /** The share of an outline's (flattened) points that lie inside a rectangle. */
  private static double shareWithin(Shape s, Rectangle2D box) {
    double[] c = new double[6];
    int inside = 0;
    int all = 0;
    for (PathIterator it = s.getPathIterator(null, 1.0); !it.isDone(); it.next()) {
      if (it.currentSegment(c) != PathIterator.SEG_CLOSE) {
        all++;
        if (box.contains(c[0], c[1])) {
          inside++;
        }
      }
    }
    return all == 0 ? 0 : (double) inside / all;
  }

  /** A neighbouring word mostly in the word's own case (a line of capitals is all capitals). */
  private static String likeText(String other, String text, Random r) {
    if (r.nextDouble() < 0.3) {
      return other;
    }
    boolean upper = text.equals(text.toUpperCase(Locale.ROOT));
    boolean lower = text.equals(text.toLowerCase(Locale.ROOT));
    if (upper && !lower) {
      return other.toUpperCase(Locale.ROOT);
    }
    if (lower && !upper) {
      return other.toLowerCase(Locale.ROOT);
    }
    return other;
  }

  /** The outlines of the glyphs moved by (dx, dy) whose bounds meet an area, or null if none. */
  private static Shape glyphsNear(GlyphVector gv, double dx, double dy, Rectangle2D area) {
    Path2D.Double out = null;
    for (int i = 0; i < gv.getNumGlyphs(); i++) {
      Rectangle2D b = gv.getGlyphVisualBounds(i).getBounds2D();
      if (b.isEmpty()) {
        continue;
      }
      b.setRect(b.getX() + dx, b.getY() + dy, b.getWidth(), b.getHeight());
      if (!b.intersects(area)) {
        continue;
      }
      if (out == null) {
        out = new Path2D.Double(Path2D.WIND_NON_ZERO);
      }
      out.append(gv.getGlyphOutline(i, (float) dx, (float) dy), false);
    }
    return out;
  }

  /** The text's colour: from the photograph behind it when there is one, else from the palette. */
  private Color inkColour(Random r, Backdrop backdrop, double luminance) {
    if (backdrop.photo() != null && r.nextDouble() < 0.85) {
      return Palette.withLuminance(photoColour(backdrop.photo(), r), luminance, 1f);
    }
    return Palette.colour(r, luminance);
  }

  /**
   * The mean colour of a small patch somewhere in a photograph: paint, plants, sky and stone, with
   * the hues and saturations a scene has rather than any colour at all.
   */
  private static Color photoColour(BufferedImage photo, Random r) {
    int x = r.nextInt(Math.max(1, photo.getWidth() - 4));
    int y = r.nextInt(Math.max(1, photo.getHeight() - 4));
    int red = 0;
    int green = 0;
    int blue = 0;
    int n = 0;
    for (int j = y; j < Math.min(photo.getHeight(), y + 4); j++) {
      for (int i = x; i < Math.min(photo.getWidth(), x + 4); i++) {
        int c = photo.getRGB(i, j);
        red += (c >> 16) & 255;
        green += (c >> 8) & 255;
        blue += c & 255;
        n++;
      }
    }
    return new Color(red / n, green / n, blue / n);
  }

  private static double tracking(Random r) {
    double u = r.nextDouble();
    if (u < 0.6) {
      return 0.02 * r.nextGaussian();
    }
    if (u < 0.85) {
      return 0.02 + 0.12 * r.nextDouble();
    }
    if (u < 0.95) {
      return 0.15 + 0.3 * r.nextDouble(); // spaced-out sign lettering
    }
    return -0.03 - 0.05 * r.nextDouble(); // tight, touching letters
  }

  private static void track(GlyphVector gv, double extra) {
    int n = gv.getNumGlyphs();
    for (int i = 1; i <= n; i++) {
      Point2D p = gv.getGlyphPosition(i);
      gv.setGlyphPosition(i, new Point2D.Double(p.getX() + extra * i, p.getY()));
    }
  }

  /** Bends the baseline into a parabola, each glyph turned along it. */
  private static void curve(GlyphVector gv, Random r, float size) {
    int n = gv.getNumGlyphs();
    double width = gv.getGlyphPosition(n).getX();
    if (width <= 0) {
      return;
    }
    double mid = width / 2;
    double sag = size * (0.15 + 0.35 * r.nextDouble()) * (r.nextBoolean() ? 1 : -1);
    double k = sag / (mid * mid);
    for (int i = 0; i < n; i++) {
      Point2D p = gv.getGlyphPosition(i);
      double advance = gv.getGlyphMetrics(i).getAdvance();
      double cx = p.getX() + advance / 2 - mid;
      gv.setGlyphPosition(i, new Point2D.Double(p.getX(), p.getY() + k * cx * cx));
      gv.setGlyphTransform(i, AffineTransform.getRotateInstance(Math.atan(2 * k * cx)));
    }
  }

  /** A margin as a fraction of the word height: usually small, sometimes loose, sometimes cut. */
  private static double margin(Random r, double usual) {
    double u = r.nextDouble();
    if (u < 0.75) {
      return usual * r.nextDouble();
    }
    if (u < 0.87) {
      return usual + 2 * usual * r.nextDouble();
    }
    return -0.07 * r.nextDouble();
  }

  /** What was painted behind the text: its mean luminance and the photograph, if one was used. */
  private record Backdrop(double luminance, BufferedImage photo) {}

  /** Paints the background. */
  private Backdrop background(BufferedImage canvas, Graphics2D g, Random r) {
    int w = canvas.getWidth();
    int h = canvas.getHeight();
    if (photos.size() > 0 && r.nextDouble() < 0.3) {
      BufferedImage photo = photos.get(r.nextInt(photos.size()));
      double scale = 0.4 + 2.6 * r.nextDouble();
      int cw = (int) Math.min(photo.getWidth(), Math.max(8, w * scale));
      int ch = (int) Math.min(photo.getHeight(), Math.max(4, (long) cw * h / w));
      cw = Math.max(1, Math.min(cw, ch * w / Math.max(1, h)));
      int x = r.nextInt(photo.getWidth() - cw + 1);
      int y = r.nextInt(photo.getHeight() - ch + 1);
      g.drawImage(photo, 0, 0, w, h, x, y, x + cw, y + ch, null);
      if (r.nextDouble() < 0.5) {
        // A sign or poster painted over the scene: the photo shows through a coloured layer,
        // often of a colour found in the scene itself.
        double luminance = ImageOps.meanLuminance(canvas);
        float alpha = (float) (0.3 + 0.6 * r.nextDouble());
        g.setColor(
            r.nextBoolean()
                ? Palette.withLuminance(photoColour(photo, r), luminance, alpha)
                : Palette.colour(r, luminance, alpha));
        g.fillRect(0, 0, w, h);
      }
      return new Backdrop(ImageOps.meanLuminance(canvas), photo);
    }
    double luminance = r.nextDouble() < 0.6 ? 0.55 + 0.45 * r.nextDouble() : 0.45 * r.nextDouble();
    // Half the plain backgrounds take their colour from a photograph, and so does their text
    // then: the colour pairs of real scenes rather than of a colour wheel.
    BufferedImage source =
        photos.size() > 0 && r.nextBoolean() ? photos.get(r.nextInt(photos.size())) : null;
    Color base =
        source != null
            ? Palette.withLuminance(photoColour(source, r), luminance, 1f)
            : Palette.colour(r, luminance);
    double u = r.nextDouble();
    if (u < 0.4) {
      g.setColor(base);
      g.fillRect(0, 0, w, h);
    } else if (u < 0.65) {
      Color other = Palette.withLuminance(base, clamp01(luminance + 0.25 * r.nextGaussian()), 1f);
      if (source == null && r.nextBoolean()) {
        other = Palette.colour(r, Palette.luminance(other));
      }
      boolean vertical = r.nextBoolean();
      g.setPaint(
          new GradientPaint(
              0, 0, base, vertical ? 0 : w, vertical ? h : 0, other, r.nextDouble() < 0.2));
      g.fillRect(0, 0, w, h);
    } else if (u < 0.9) {
      texture(canvas, r, base);
    } else {
      g.setColor(base);
      g.fillRect(0, 0, w, h);
      ImageOps.addNoise(canvas, r, 5 + 20 * r.nextDouble(), r.nextBoolean());
    }
    return new Backdrop(ImageOps.meanLuminance(canvas), source);
  }

  /** Stains, paper grain, brushed metal: value noise at one or two scales around a colour. */
  private static void texture(BufferedImage canvas, Random r, Color base) {
    int w = canvas.getWidth();
    int h = canvas.getHeight();
    float[] coarse = ImageOps.valueNoise(w, h, 4 + 40 * r.nextDouble(), r);
    float[] fine = ImageOps.valueNoise(w, h, 1 + 3 * r.nextDouble(), r);
    double amplitude = 20 + 60 * r.nextDouble();
    double fineShare = r.nextDouble();
    boolean streaks = r.nextDouble() < 0.25;
    int[] p = ImageOps.pixels(canvas);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        double n = (1 - fineShare) * coarse[i] + fineShare * fine[streaks ? x % w : i];
        float d = (float) ((n - 0.5) * amplitude);
        p[i] = ImageOps.rgb(base.getRed() + d, base.getGreen() + d, base.getBlue() + d);
      }
    }
  }

  /** A sign's border or an underline near the edge. */
  private static void frame(Graphics2D g, Random r, int w, int h, Color colour) {
    g.setColor(colour);
    float stroke = (float) (1 + h * 0.05 * r.nextDouble());
    g.setStroke(new BasicStroke(stroke));
    if (r.nextBoolean()) {
      double inset = h * 0.05 * r.nextDouble();
      g.draw(new Rectangle2D.Double(inset, inset, w - 2 * inset, h - 2 * inset));
    } else {
      double y = r.nextBoolean() ? h * (0.9 + 0.08 * r.nextDouble()) : h * 0.08 * r.nextDouble();
      g.draw(new java.awt.geom.Line2D.Double(0, y, w, y));
    }
  }

  private static void drawText(
      Graphics2D g,
      Random r,
      Shape text,
      Rectangle2D word,
      float size,
      Color colour,
      double backgroundLuminance,
      double textLuminance) {
    if (r.nextDouble() < 0.10) {
      double dx = size * (0.02 + 0.06 * r.nextDouble()) * (r.nextBoolean() ? 1 : -1);
      double dy = size * (0.02 + 0.06 * r.nextDouble());
      double shadowLuminance =
          textLuminance < backgroundLuminance
              ? clamp01(textLuminance + 0.3)
              : clamp01(backgroundLuminance - 0.3);
      g.setColor(Palette.colour(r, shadowLuminance));
      g.fill(AffineTransform.getTranslateInstance(dx, dy).createTransformedShape(text));
    }
    double u = r.nextDouble();
    Paint fill = colour;
    if (r.nextDouble() < 0.12) {
      Rectangle2D b = word;
      Color other = Palette.colour(r, clamp01(textLuminance + 0.15 * r.nextGaussian()));
      fill = new GradientPaint(0, (float) b.getY(), colour, 0, (float) b.getMaxY(), other);
    }
    if (u < 0.08) {
      // Outlined lettering: letters with a rim of another luminance, or hollow letters whose rim
      // is the text colour (filled with the background's luminance, or not at all).
      Color rim = Palette.colour(r, textLuminance < 0.5 ? clamp01(textLuminance + 0.6) : 0.05);
      g.setStroke(strokeOf(size * (0.04 + 0.08 * r.nextDouble())));
      boolean hollow = r.nextDouble() < 0.3;
      g.setColor(hollow ? colour : rim);
      g.draw(text);
      boolean filled = r.nextDouble() < 0.7;
      if (!hollow || filled) {
        g.setPaint(hollow ? Palette.colour(r, backgroundLuminance) : fill);
        g.fill(text);
      }
      return;
    }
    g.setPaint(fill);
    g.fill(text);
    if (u < 0.25) {
      // Fake bold: fatten the strokes in the text's own colour.
      g.setStroke(strokeOf(size * (0.015 + 0.045 * r.nextDouble())));
      g.draw(text);
    }
  }

  private static BasicStroke strokeOf(double width) {
    return new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  }

  /** Final size, low resolution, blur, noise, grey: what cameras and detectors do to text. */
  private static BufferedImage degrade(BufferedImage canvas, Random r) {
    int height = (int) Math.round(34 * Math.exp(0.35 * r.nextGaussian()));
    height = Math.max(16, Math.min(96, height));
    double aspect = 0.85 + 0.3 * r.nextDouble();
    int width =
        Math.max(8, (int) Math.round(canvas.getWidth() * aspect * height / canvas.getHeight()));
    BufferedImage img = ImageOps.resize(canvas, width, height, false);
    if (r.nextDouble() < 0.2) {
      double factor = 0.3 + 0.4 * r.nextDouble();
      BufferedImage small =
          ImageOps.resize(
              img,
              Math.max(4, (int) Math.round(width * factor)),
              Math.max(4, (int) Math.round(height * factor)),
              false);
      img = ImageOps.resize(small, width, height, factor > 0.5 && r.nextDouble() < 0.3);
    }
    if (r.nextDouble() < 0.35) {
      ImageOps.gaussianBlur(img, 0.3 + 1.1 * r.nextDouble());
    }
    if (r.nextDouble() < 0.04) {
      ImageOps.motionBlur(img, 2 + r.nextInt(3));
    }
    if (r.nextDouble() < 0.3) {
      ImageOps.addNoise(img, r, 1 + 8 * r.nextDouble(), r.nextBoolean());
    }
    if (r.nextDouble() < 0.08) {
      ImageOps.toGrey(img);
    }
    return img;
  }

  private static Graphics2D graphics(BufferedImage img) {
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    return g;
  }

  private static double clamp01(double v) {
    return Math.max(0, Math.min(1, v));
  }

  /**
   * Where the word's outline goes: horizontal stretch, shear (slanted lettering), a small rotation,
   * and sometimes a perspective view, all applied to vector outlines so edges stay sharp until the
   * degradations.
   */
  private record Geometry(AffineTransform affine, double[] homography, Rectangle2D frame) {

    static Geometry sample(Random r, Rectangle2D box) {
      double cx = box.getCenterX();
      double cy = box.getCenterY();
      AffineTransform a = new AffineTransform();
      a.translate(cx, cy);
      a.rotate(
          Math.toRadians(r.nextDouble() < 0.7 ? 1.5 * r.nextGaussian() : 4 * r.nextGaussian()));
      if (r.nextDouble() < 0.25) {
        a.shear(0.25 * r.nextGaussian(), 0);
      }
      a.scale(r.nextDouble() < 0.3 ? 0.7 + 0.6 * r.nextDouble() : 1, 1);
      a.translate(-cx, -cy);
      double[] homography = null;
      if (r.nextDouble() < 0.25) {
        double h = box.getHeight();
        double j = 0.12 * h;
        double[] quad = new double[8];
        double[][] corners = {
          {box.getMinX(), box.getMinY()},
          {box.getMaxX(), box.getMinY()},
          {box.getMaxX(), box.getMaxY()},
          {box.getMinX(), box.getMaxY()}
        };
        // Mostly a turn about a vertical axis: one side taller than the other.
        double taller = h * 0.25 * r.nextGaussian();
        for (int i = 0; i < 4; i++) {
          boolean rightSide = i == 1 || i == 2;
          boolean topSide = i < 2;
          double grow = (rightSide ? taller : -taller) / 2 * (topSide ? -1 : 1);
          quad[2 * i] = corners[i][0] + j * r.nextGaussian() * 0.5;
          quad[2 * i + 1] = corners[i][1] + grow / 2 + j * r.nextGaussian() * 0.5;
        }
        homography = Homography.squareToQuad(quad);
      }
      return new Geometry(a, homography, box);
    }

    Shape apply(Shape s) {
      Shape out = s;
      if (homography != null) {
        out = Homography.warp(out, homography, frame);
      }
      return affine.createTransformedShape(out);
    }
  }

  /** Projective maps of outlines (Java2D has only affine ones). */
  static final class Homography {
    private Homography() {}

    /** The map from the unit square to a quadrilateral (corners clockwise from top-left). */
    static double[] squareToQuad(double[] q) {
      double x0 = q[0], y0 = q[1], x1 = q[2], y1 = q[3], x2 = q[4], y2 = q[5], x3 = q[6], y3 = q[7];
      double dx1 = x1 - x2, dx2 = x3 - x2, dx3 = x0 - x1 + x2 - x3;
      double dy1 = y1 - y2, dy2 = y3 - y2, dy3 = y0 - y1 + y2 - y3;
      double det = dx1 * dy2 - dx2 * dy1;
      double g = (dx3 * dy2 - dx2 * dy3) / det;
      double h = (dx1 * dy3 - dx3 * dy1) / det;
      return new double[] {
        x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h
      };
    }

    /** Maps an outline: points normalised to the frame, then through the map. */
    static Shape warp(Shape s, double[] m, Rectangle2D frame) {
      Path2D.Double out = new Path2D.Double(Path2D.WIND_NON_ZERO);
      double[] c = new double[6];
      for (PathIterator it = s.getPathIterator(null, 0.2); !it.isDone(); it.next()) {
        int type = it.currentSegment(c);
        if (type == PathIterator.SEG_CLOSE) {
          out.closePath();
          continue;
        }
        double u = (c[0] - frame.getX()) / frame.getWidth();
        double v = (c[1] - frame.getY()) / frame.getHeight();
        // Neighbouring text lies outside the frame: keep far points in front of the camera.
        double w = Math.max(0.2, m[6] * u + m[7] * v + 1);
        double x = (m[0] * u + m[1] * v + m[2]) / w;
        double y = (m[3] * u + m[4] * v + m[5]) / w;
        if (type == PathIterator.SEG_MOVETO) {
          out.moveTo(x, y);
        } else {
          out.lineTo(x, y);
        }
      }
      return out;
    }
  }
}
