package dev.grcnn.ocr.training.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;

/**
 * The words a renderer draws: mostly real words from word lists (Debian's wamerican, wbritish and
 * their -large variants by default), plus random alphanumerics, numbers (years, prices, phone-like
 * digit runs), word-number mixes and two words run together (CamelCase brand names), in UPPER,
 * Capitalised or lower case. What is drawn is always [A-Za-z0-9], so the label (lower case) says
 * exactly what the image shows.
 *
 * <p>The mix follows the labels of real scene-text word crops (ICDAR 2015 training words: 53%
 * UPPER, 25% Capitalised, 14% lower, 2% other mixed case, 5% digits only, 1.5% letters and digits;
 * lengths peaked at 3-4 characters, mean 5.2), keeping more digits and long words than those so
 * that both are still learnt.
 */
public final class WordSource {

  /** Word lists read when none are given (those that exist). */
  public static final List<Path> DEFAULT_WORD_FILES =
      List.of(
          Path.of("/usr/share/dict/american-english"),
          Path.of("/usr/share/dict/british-english"),
          Path.of("/usr/share/dict/american-english-large"),
          Path.of("/usr/share/dict/british-english-large"),
          Path.of("/usr/share/dict/canadian-english"));

  /** Longest text drawn. */
  public static final int MAX_LENGTH = 16;

  // How often each length is wanted for dictionary words: 3-4 letters dominate scene text (20% and
  // 26% of ICDAR 2015's words), while a dictionary drawn uniformly is mostly long rare words. The
  // tail beyond 9 letters is kept heavier than in real crops (5%) so long words are still learnt.
  private static final double[] LENGTH_WEIGHTS = {
    0, 0.6, 2.5, 17, 22, 14, 12, 10, 6.5, 4.5, 3, 2.2, 1.6, 1.1, 0.7, 0.5, 0.4
  };

  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";
  private static final String DIGITS = "0123456789";
  // Letter frequencies of English text, so pseudo-words look like words to the eye.
  private static final String FREQUENT =
      "eeeeeeeeeeeetttttttttaaaaaaaaoooooooiiiiiiinnnnnnnssssss"
          + "hhhhhhrrrrrrddddlllluuucccmmmwwffggyyppbbvkjxqz";

  private final String[][] byLength;
  private final int words;

  private WordSource(String[][] byLength, int words) {
    this.byLength = byLength;
    this.words = words;
  }

  /** Reads the default word lists that exist (none: pseudo-words stand in). */
  public static WordSource loadDefault() throws IOException {
    return load(DEFAULT_WORD_FILES.stream().filter(Files::isRegularFile).toList());
  }

  /**
   * Reads word lists (one word a line): apostrophes are dropped, words with any other character
   * outside [A-Za-z0-9] are left out, the rest lower-cased and de-duplicated.
   */
  public static WordSource load(List<Path> files) throws IOException {
    TreeSet<String> all = new TreeSet<>();
    for (Path file : files) {
      // ISO-8859-1 reads any byte: accented words are then dropped by the filter below.
      for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
        String w = line.strip().replace("'", "").toLowerCase(Locale.ROOT);
        if (!w.isEmpty() && w.length() <= MAX_LENGTH && w.chars().allMatch(WordSource::isAlnum)) {
          all.add(w);
        }
      }
    }
    return of(all);
  }

  /** A source over the given words (lower case [a-z0-9]). */
  public static WordSource of(java.util.Collection<String> words) {
    List<List<String>> lists = new ArrayList<>();
    for (int i = 0; i <= MAX_LENGTH; i++) {
      lists.add(new ArrayList<>());
    }
    new TreeSet<>(words).forEach(w -> lists.get(w.length()).add(w));
    String[][] byLength = new String[MAX_LENGTH + 1][];
    for (int i = 0; i <= MAX_LENGTH; i++) {
      byLength[i] = lists.get(i).toArray(String[]::new);
    }
    return new WordSource(byLength, new TreeSet<>(words).size());
  }

  /** Number of distinct dictionary words. */
  public int dictionarySize() {
    return words;
  }

  /** The label of a drawn text: lower case, [0-9a-z] only. */
  public static String label(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
      if (isAlnum(c)) {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** A text to draw, with its case. */
  public String sample(Random r) {
    double u = r.nextDouble();
    String text;
    if (u < 0.81) {
      text = withCase(dictionaryWord(r), r);
    } else if (u < 0.84) {
      text = camelCase(r);
    } else if (u < 0.91) {
      text = number(r);
    } else if (u < 0.95) {
      text = mixed(r);
    } else {
      text = randomAlnum(r);
    }
    return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) : text;
  }

  /** Two words run together, each capitalised, as brand and place names are (HarbourFront). */
  private String camelCase(Random r) {
    String first = dictionaryWordOfAtMost(r, 7);
    String second = dictionaryWordOfAtMost(r, 7);
    String text = capitalised(first) + capitalised(second);
    if (r.nextDouble() < 0.15) {
      // A lower-case first letter: iPhone, eBay.
      text = Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
    return text;
  }

  private static String capitalised(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  private String dictionaryWord(Random r) {
    int length = sampleLength(r);
    for (int tries = 0; tries < 4; tries++) {
      String[] pool = byLength[length];
      if (pool.length > 0) {
        return pool[r.nextInt(pool.length)];
      }
      length = sampleLength(r);
    }
    return pseudoWord(r, length);
  }

  private static int sampleLength(Random r) {
    double total = 0;
    for (double w : LENGTH_WEIGHTS) {
      total += w;
    }
    double u = r.nextDouble() * total;
    for (int i = 1; i < LENGTH_WEIGHTS.length; i++) {
      u -= LENGTH_WEIGHTS[i];
      if (u <= 0) {
        return i;
      }
    }
    return 5;
  }

  private static String pseudoWord(Random r, int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(FREQUENT.charAt(r.nextInt(FREQUENT.length())));
    }
    return b.toString();
  }

  /** UPPER 55%, Capitalised 28%, lower 17%: near real crops, with a little more lower case. */
  private static String withCase(String word, Random r) {
    double u = r.nextDouble();
    if (u < 0.55) {
      return word.toUpperCase(Locale.ROOT);
    }
    if (u < 0.83) {
      return capitalised(word);
    }
    return word;
  }

  private static String number(Random r) {
    double u = r.nextDouble();
    if (u < 0.25) {
      return Integer.toString(1900 + r.nextInt(131)); // years
    }
    if (u < 0.50) {
      return Integer.toString(r.nextInt(r.nextBoolean() ? 100 : 1000)); // small counts, numbers
    }
    if (u < 0.70) {
      return (1 + r.nextInt(99)) + (r.nextBoolean() ? "99" : "95"); // prices without the point
    }
    // Phone-like digit runs, often with a leading zero.
    int length = 4 + r.nextInt(8);
    StringBuilder b = new StringBuilder(r.nextBoolean() ? "0" : "");
    while (b.length() < length) {
      b.append(DIGITS.charAt(r.nextInt(10)));
    }
    return b.toString();
  }

  private String mixed(Random r) {
    String digits = Integer.toString(r.nextInt(r.nextBoolean() ? 10 : 1000));
    if (r.nextDouble() < 0.5) {
      String word = byLength[1 + r.nextInt(4)].length > 0 ? dictionaryWordOfAtMost(r, 5) : "a";
      return withCase(word + digits, r);
    }
    String suffix =
        new String[] {"st", "nd", "rd", "th", "h", "m", "km", "kg", "p", "am", "pm", "x"}
            [r.nextInt(12)];
    return withCase(digits + suffix, r);
  }

  private String dictionaryWordOfAtMost(Random r, int max) {
    int length = 2 + r.nextInt(max - 1);
    String[] pool = byLength[length];
    return pool.length > 0 ? pool[r.nextInt(pool.length)] : pseudoWord(r, length);
  }

  private static String randomAlnum(Random r) {
    int length = 1 + r.nextInt(10);
    double digitShare = r.nextDouble() * 0.6;
    boolean upper = r.nextDouble() < 0.5;
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      char c =
          r.nextDouble() < digitShare
              ? DIGITS.charAt(r.nextInt(10))
              : LETTERS.charAt(r.nextInt(26));
      b.append(upper ? Character.toUpperCase(c) : c);
    }
    return b.toString();
  }

  private static boolean isAlnum(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
