package dev.grcnn.ocr.testkit;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * {@code ocr.lexicon} headers made to cost the job as much decoding work as its default limits let
 * through (64 KiB, words of up to 64 characters, 10,000 words), for the hostile-input test and the
 * job benchmark. Each is comma-separated text.
 */
public final class HostileLexicons {

  /** The bytes a lexicon of the default limits may take. */
  public static final int MAX_BYTES = 64 * 1024;

  private HostileLexicons() {}

  /**
   * As many words as fit in {@code maxBytes}, each of {@code length} letters and none two equal
   * letters in a row: too long for 26 output steps when {@code length} is above 26, else each is
   * scored in full when there are at most 2,000.
   */
  public static String longWords(int length, int maxBytes, long seed) {
    Random random = new Random(seed);
    StringBuilder b = new StringBuilder();
    while (b.length() + length + 1 <= maxBytes) {
      if (b.length() > 0) {
        b.append(',');
      }
      char last = 0;
      for (int i = 0; i < length; i++) {
        char c;
        do {
          c = (char) ('a' + random.nextInt(26));
        } while (c == last);
        b.append(c);
        last = c;
      }
    }
    return b.toString();
  }

  /**
   * Distinct words within edit distance 3 of {@code word}, as many as fit in {@code maxBytes} (at
   * most {@code maxWords}): every one a candidate of lexicon decoding when the crop reads {@code
   * word}, so each would be scored.
   */
  public static String nearWords(String word, int maxBytes, int maxWords, long seed) {
    Random random = new Random(seed);
    Set<String> words = new LinkedHashSet<>();
    int bytes = 0;
    int tries = 0;
    while (words.size() < maxWords && tries++ < 50 * maxWords) {
      StringBuilder w = new StringBuilder(word);
      int edits = 1 + random.nextInt(3);
      for (int e = 0; e < edits; e++) {
        char c = (char) ('a' + random.nextInt(26));
        int at = random.nextInt(w.length() + 1);
        switch (random.nextInt(3)) {
          case 0 -> w.insert(at, c);
          case 1 -> {
            if (at < w.length()) {
              w.setCharAt(at, c);
            }
          }
          default -> {
            if (at < w.length() && w.length() > 1) {
              w.deleteCharAt(at);
            }
          }
        }
      }
      String s = w.toString();
      if (bytes + s.length() + 1 > maxBytes) {
        break;
      }
      if (words.add(s)) {
        bytes += s.length() + 1;
      }
    }
    return String.join(",", List.copyOf(words));
  }
}
