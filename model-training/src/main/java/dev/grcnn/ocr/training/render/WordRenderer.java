package dev.grcnn.ocr.training.render;

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
import java.util.Random;

/**
 * Renders synthetic word crops in the spirit of Synth90k and SynthText: a word from a {@link
 * WordSource} in a font from a {@link FontCatalog}, with random size, tracking, colours and
 * contrast, backgrounds (flat, gradient, texture, noise, crops of photographs, neighbouring text),
 * geometry (rotation, shear, perspective, rarely a curved baseline), text effects (fake bold,
 * outline, shadow), tight or loose crops, uneven lighting, blur, low resolution, noise and JPEG
 * artefacts.
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
    return new WordRenderer(
        seed,
        FontCatalog.discover(FontCatalog.DEFAULT_DIRS),
        WordSource.loadDefault(),
        PhotoBackgrounds.load(PhotoBackgrounds.DEFAULT_DIRS));
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
    BufferedImage image = augment ? compose(text, r) : plain(text, fonts.sample(r), DRAW_SIZE);
    byte[] bytes;
    if (augment && r.nextDouble() < 0.75) {
      bytes = ImageOps.jpeg(image, (float) (0.25 + 0.7 * Math.sqrt(r.nextDouble())));
    } else {
      bytes = ImageOps.png(image);
    }
    return new Sample(bytes, WordSource.label(text), text);
  }

  private Random randomFor(long index) {
    // SplitMix64 finaliser: neighbouring indices get unrelated streams.
    long z = seed * 0x9E3779B97F4A7C15L + index + 0x632BE59BD9B4E019L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return new Random(z ^ (z >>> 31));
  }

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

  private BufferedImage compose(String text, Random r) {
    float size = DRAW_SIZE - 6 + r.nextInt(13);
    Font font = fonts.sample(r).deriveFont(size);
    GlyphVector gv = font.createGlyphVector(FRC, text);
    track(gv, size * tracking(r));
    if (r.nextDouble() < 0.04) {
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

    Geometry geometry = Geometry.sample(r, box);
    Shape shape = geometry.apply(glyphs);
    Rectangle2D crop = box == ink ? shape.getBounds2D() : geometry.apply(box).getBounds2D();
    double h = crop.getHeight();
    double left = h * margin(r, 0.3);
    double right = h * margin(r, 0.3);
    double top = h * margin(r, 0.22);
    double bottom = h * margin(r, 0.22);
    int width = Math.max(8, (int) Math.ceil(crop.getWidth() + left + right));
    int height = Math.max(8, (int) Math.ceil(h + top + bottom));
    AffineTransform place =
        AffineTransform.getTranslateInstance(left - crop.getX(), top - crop.getY());

    BufferedImage canvas = ImageOps.newRgb(width, height);
    Graphics2D g = graphics(canvas);
    double backgroundLuminance = background(canvas, g, r);
    double contrast =
        r.nextDouble() < 0.08 ? 0.18 + 0.17 * r.nextDouble() : 0.35 + 0.5 * r.nextDouble();
    double textLuminance =
        backgroundLuminance > 0.5
            ? Math.max(0, backgroundLuminance - contrast)
            : Math.min(1, backgroundLuminance + contrast);
    Color ink1 = Palette.colour(r, textLuminance);
    if (r.nextDouble() < 0.10) {
      distractor(g, r, width, height, size, Palette.colour(r, textLuminance));
    }
    if (r.nextDouble() < 0.06) {
      frame(g, r, width, height, ink1);
    }
    Shape placed = place.createTransformedShape(shape);
    drawText(g, r, placed, size, ink1, backgroundLuminance, textLuminance);
    g.dispose();

    if (r.nextDouble() < 0.3) {
      double swing = 0.15 + 0.4 * r.nextDouble();
      ImageOps.lighting(canvas, r.nextDouble() * 2 * Math.PI, 1 + swing / 2, 1 - swing / 2);
    }
    return degrade(canvas, r);
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

  /** Paints the background and returns its mean luminance. */
  private double background(BufferedImage canvas, Graphics2D g, Random r) {
    int w = canvas.getWidth();
    int h = canvas.getHeight();
    if (photos.size() > 0 && r.nextDouble() < 0.25) {
      BufferedImage photo = photos.get(r.nextInt(photos.size()));
      double scale = 0.4 + 2.6 * r.nextDouble();
      int cw = (int) Math.min(photo.getWidth(), Math.max(8, w * scale));
      int ch = (int) Math.min(photo.getHeight(), Math.max(4, (long) cw * h / w));
      cw = Math.max(1, Math.min(cw, ch * w / Math.max(1, h)));
      int x = r.nextInt(photo.getWidth() - cw + 1);
      int y = r.nextInt(photo.getHeight() - ch + 1);
      g.drawImage(photo, 0, 0, w, h, x, y, x + cw, y + ch, null);
      if (r.nextDouble() < 0.6) {
        // A sign or poster painted over the scene: the photo shows through a coloured layer.
        g.setColor(
            Palette.colour(
                r, ImageOps.meanLuminance(canvas), (float) (0.3 + 0.6 * r.nextDouble())));
        g.fillRect(0, 0, w, h);
      }
      return ImageOps.meanLuminance(canvas);
    }
    double luminance = r.nextDouble() < 0.6 ? 0.55 + 0.45 * r.nextDouble() : 0.45 * r.nextDouble();
    Color base = Palette.colour(r, luminance);
    double u = r.nextDouble();
    if (u < 0.4) {
      g.setColor(base);
      g.fillRect(0, 0, w, h);
    } else if (u < 0.65) {
      Color other = Palette.colour(r, clamp01(luminance + 0.25 * r.nextGaussian()));
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
    return ImageOps.meanLuminance(canvas);
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

  /** Part of another word or line cut by the crop, as word crops from real scenes often show. */
  private void distractor(Graphics2D g, Random r, int w, int h, float size, Color colour) {
    Font font = fonts.sample(r).deriveFont(size * (float) (0.7 + 0.6 * r.nextDouble()));
    Shape other = font.createGlyphVector(FRC, words.sample(r)).getOutline();
    Rectangle2D b = other.getBounds2D();
    boolean above = r.nextBoolean();
    double showing = b.getHeight() * (0.1 + 0.25 * r.nextDouble());
    double dy = above ? -b.getMaxY() + showing : h - b.getY() - showing;
    double dx = -b.getX() + (r.nextDouble() - 0.5) * w;
    g.setColor(colour);
    g.fill(AffineTransform.getTranslateInstance(dx, dy).createTransformedShape(other));
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
      Rectangle2D b = text.getBounds2D();
      Color other = Palette.colour(r, clamp01(textLuminance + 0.15 * r.nextGaussian()));
      fill = new GradientPaint(0, (float) b.getY(), colour, 0, (float) b.getMaxY(), other);
    }
    if (u < 0.08) {
      // Outlined lettering: a contrasting rim, sometimes hollow letters.
      Color rim = Palette.colour(r, textLuminance < 0.5 ? clamp01(textLuminance + 0.6) : 0.05);
      g.setStroke(strokeOf(size * (0.04 + 0.08 * r.nextDouble())));
      g.setColor(r.nextDouble() < 0.3 ? colour : rim);
      g.draw(text);
      if (r.nextDouble() < 0.7) {
        g.setPaint(g.getColor() == colour ? Palette.colour(r, backgroundLuminance) : fill);
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
        double w = m[6] * u + m[7] * v + 1;
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
