package dev.grcnn.ocr.training.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The classes of a PaddleOCR recogniser: the CTC blank first, then its keys file a line each, then
 * a space last ({@code use_space_char}). Tokens are strings: one key is outside Java's 16-bit
 * chars, so the project's {@code Alphabet} cannot hold them.
 */
public final class CtcDictionary {

  private final List<String> tokens;

  private CtcDictionary(List<String> tokens) {
    this.tokens = List.copyOf(tokens);
  }

  /** Reads a keys file (UTF-8, one character a line). */
  public static CtcDictionary read(InputStream keys) throws IOException {
    List<String> tokens = new ArrayList<>();
    tokens.add("");
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(keys, StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        tokens.add(line);
      }
    }
    tokens.add(" ");
    return new CtcDictionary(tokens);
  }

  /** The number of classes, blank and space included. */
  public int size() {
    return tokens.size();
  }

  /** Best-path decoding: the most likely class at each step, repeats merged, blanks dropped. */
  public String greedy(float[][] scores) {
    StringBuilder out = new StringBuilder();
    int previous = 0;
    for (float[] step : scores) {
      int best = 0;
      for (int k = 1; k < step.length; k++) {
        if (step[k] > step[best]) {
          best = k;
        }
      }
      if (best != 0 && best != previous) {
        out.append(tokens.get(best));
      }
      previous = best;
    }
    return out.toString();
  }
}
