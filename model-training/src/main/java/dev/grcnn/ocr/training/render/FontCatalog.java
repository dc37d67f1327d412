package dev.grcnn.ocr.training.render;

import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The fonts a renderer draws with, grouped by family so that a family with twenty weights (Noto) is
 * not twenty times as likely as one with a single face. Only fonts that display all of [A-Za-z0-9]
 * are kept, and symbol, emoji and maths fonts are left out by name.
 */
public final class FontCatalog {

  /**
   * The project's own fonts: Google Fonts families that {@code training/install-fonts} puts under
   * {@code training/fonts} of the project folder (the {@code ocr.home} system property that the
   * {@code ocr} launcher sets, else the working folder). Absent on machines that did not install
   * them, such as CI's.
   */
  public static final Path PROJECT_DIR =
      Path.of(System.getProperty("ocr.home", ".")).resolve("training").resolve("fonts");

  /** Folders scanned when none are given: the system's fonts and the project's. */
  public static final List<Path> DEFAULT_DIRS =
      List.of(Path.of("/usr/share/fonts"), Path.of("/usr/local/share/fonts"), PROJECT_DIR);

  static final String REQUIRED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private static final Pattern NOT_TEXT =
      Pattern.compile(
          "(?i).*(symbol|emoji|dingbat|math|music|braille|ornament|wingding|d050000l|cursor|keyboard|nushu).*");

  private final List<List<Font>> families;
  private final int faces;

  private FontCatalog(List<List<Font>> families) {
    this.families = families;
    this.faces = families.stream().mapToInt(List::size).sum();
  }

  /**
   * Loads every usable .ttf/.otf under the folders (sorted by path, so the catalog is the same from
   * run to run); when there is none, the fonts the JDK sees.
   */
  public static FontCatalog discover(List<Path> dirs) throws IOException {
    List<Path> files = FileScan.find(dirs, ".ttf", ".otf");
    List<Font> fonts = new ArrayList<>();
    for (Path file : files) {
      try {
        fonts.add(Font.createFont(Font.TRUETYPE_FONT, file.toFile()));
      } catch (java.awt.FontFormatException | IOException | RuntimeException e) {
        // Not a font Java can use (bitmap-only, damaged, ...): skip it.
      }
    }
    FontCatalog catalog = of(fonts);
    return catalog.faces() > 0 ? catalog : jdkFonts();
  }

  /** The fonts the JDK (fontconfig) knows, or its logical fonts as a last resort. */
  public static FontCatalog jdkFonts() {
    List<Font> fonts =
        new ArrayList<>(List.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAllFonts()));
    fonts.sort((a, b) -> a.getFontName(Locale.ROOT).compareTo(b.getFontName(Locale.ROOT)));
    FontCatalog catalog = of(fonts);
    if (catalog.faces() > 0) {
      return catalog;
    }
    return of(
        List.of(
            new Font(Font.SANS_SERIF, Font.PLAIN, 1),
            new Font(Font.SERIF, Font.PLAIN, 1),
            new Font(Font.SANS_SERIF, Font.BOLD, 1)));
  }

  /** A catalog of the given fonts that pass the checks, in the given order within families. */
  public static FontCatalog of(List<Font> fonts) {
    TreeMap<String, List<Font>> byFamily = new TreeMap<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Font f : fonts) {
      String name = f.getFontName(Locale.ROOT);
      if (!usable(f) || !seen.add(name)) {
        continue;
      }
      byFamily.computeIfAbsent(familyOf(f), k -> new ArrayList<>()).add(f);
    }
    return new FontCatalog(new ArrayList<>(byFamily.values()));
  }

  /** The family without weight words, so "Lato Black" and "Lato Thin" count as one family. */
  static String familyOf(Font f) {
    return familyName(f.getFamily(Locale.ROOT));
  }

  /** A family name less its weight words ("Barlow Condensed ExtraBold": "Barlow Condensed"). */
  static String familyName(String name) {
    String family = name.strip();
    String previous;
    do {
      previous = family;
      family = WEIGHT_SUFFIX.matcher(family).replaceAll("").strip();
      family = REPEATED_WORD.matcher(family).replaceAll("$1");
    } while (!family.equals(previous) && !family.isEmpty());
    return family.isEmpty() ? name : family;
  }

  private static final Pattern WEIGHT_SUFFIX =
      Pattern.compile(
          "(?i)\\s+(thin|hairline|extralight|exlight|ultralight|light|book|regular|medium|semibold"
              + "|demibold|bold|extrabold|exbold|ultrabold|heavy|black|retina|semicond|[0-9]+)$");

  // Some static instances repeat their width in the family name: "Saira Condensed Condensed".
  private static final Pattern REPEATED_WORD = Pattern.compile("(?i)(\\s\\S+)\\1$");

  static boolean usable(Font f) {
    String name = f.getFontName(Locale.ROOT) + " " + f.getFamily(Locale.ROOT);
    return f.canDisplayUpTo(REQUIRED) == -1 && !NOT_TEXT.matcher(name).matches();
  }

  /** A face: a family uniformly, then one of its faces uniformly. */
  public Font sample(Random r) {
    List<Font> family = families.get(r.nextInt(families.size()));
    return family.get(r.nextInt(family.size()));
  }

  /** Number of faces. */
  public int faces() {
    return faces;
  }

  /** Number of families. */
  public int families() {
    return families.size();
  }
}
