package dev.grcnn.ocr.model;

import java.util.Locale;
import java.util.Optional;

/**
 * The output classes: index 0 is the CTC blank, then the characters in order. The default is the
 * paper's 36 case-insensitive classes, 0-9 and a-z.
 */
public final class Alphabet {

  /** The CTC blank's class index. */
  public static final int BLANK = 0;

  /** The paper's characters: digits then lower-case letters. */
  public static final Alphabet DEFAULT = new Alphabet("0123456789abcdefghijklmnopqrstuvwxyz");

  private final String characters;
  private final int[] indexOf = new int[Character.MAX_VALUE + 1];

  /**
   * Creates an alphabet from its characters (without the blank).
   *
   * @throws IllegalArgumentException when a character repeats
   */
  public Alphabet(String characters) {
    if (characters.isEmpty()) {
      throw new IllegalArgumentException("alphabet is empty");
    }
    this.characters = characters;
    for (int i = 0; i < characters.length(); i++) {
      char c = characters.charAt(i);
      if (indexOf[c] != 0) {
        throw new IllegalArgumentException("alphabet repeats '" + c + "'");
      }
      indexOf[c] = i + 1;
    }
  }

  /** The characters, without the blank. */
  public String characters() {
    return characters;
  }

  /** The number of classes including the blank. */
  public int size() {
    return characters.length() + 1;
  }

  /** The character of a non-blank class. */
  public char charAt(int classIndex) {
    return characters.charAt(classIndex - 1);
  }

  /** The class of a character, 0 when it is not in the alphabet. */
  public int classOf(char c) {
    return indexOf[c];
  }

  /**
   * Maps text onto the alphabet as the 36-class protocol does: lower-cased, and characters outside
   * the alphabet (punctuation, spaces) dropped.
   */
  public String normalize(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(lower.length());
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (classOf(c) != 0) {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Encodes text that is already in the alphabet.
   *
   * @return the class indices, or empty when a character is outside the alphabet
   */
  public Optional<int[]> encode(String text) {
    int[] out = new int[text.length()];
    for (int i = 0; i < out.length; i++) {
      int k = classOf(text.charAt(i));
      if (k == 0) {
        return Optional.empty();
      }
      out[i] = k;
    }
    return Optional.of(out);
  }
}
