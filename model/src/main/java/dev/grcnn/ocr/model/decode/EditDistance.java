package dev.grcnn.ocr.model.decode;

/** Levenshtein distance: insertions, deletions and substitutions each cost one. */
public final class EditDistance {

  private EditDistance() {}

  /** The edit distance between two strings. */
  public static int levenshtein(String a, String b) {
    // No edit distance exceeds the longer length: the bound never cuts the table short.
    return atMost(a, b, Math.max(a.length(), b.length()));
  }

  /**
   * The edit distance when it is at most {@code max}, else {@code max + 1}; stops as soon as a row
   * exceeds {@code max}, so a long word far from the other costs little.
   */
  public static int atMost(String a, String b, int max) {
    if (Math.abs(a.length() - b.length()) > max) {
      return max + 1;
    }
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      int rowMin = cur[0];
      char ca = a.charAt(i - 1);
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (ca == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
        rowMin = Math.min(rowMin, cur[j]);
      }
      if (rowMin > max) {
        return max + 1;
      }
      int[] swap = prev;
      prev = cur;
      cur = swap;
    }
    return Math.min(prev[b.length()], max + 1);
  }
}
