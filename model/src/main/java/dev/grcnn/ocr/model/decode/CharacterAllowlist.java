package dev.grcnn.ocr.model.decode;

import dev.grcnn.ocr.model.Alphabet;
import java.util.Arrays;

/**
 * The characters a reading may contain (digits only for meter readings, say). Decoding sees the
 * network's output with every other class masked out and each step renormalised over the classes
 * left (blank always among them), so the best path, the lexicon scores and the confidences are
 * those of the allowed characters, rather than a text filtered after decoding.
 */
public final class CharacterAllowlist {

  private final String characters;
  private final boolean[] allowed;

  private CharacterAllowlist(String characters, boolean[] allowed) {
    this.characters = characters;
    this.allowed = allowed;
  }

  /**
   * The allowlist of {@code characters} on an alphabet: normalised as the alphabet normalises text
   * (lower-cased); characters outside the alphabet are ignored, so an allowlist with none of its
   * characters leaves only the blank and every reading empty.
   */
  public static CharacterAllowlist of(String characters, Alphabet alphabet) {
    boolean[] allowed = new boolean[alphabet.size()];
    allowed[Alphabet.BLANK] = true;
    StringBuilder kept = new StringBuilder();
    for (char c : alphabet.normalize(characters).toCharArray()) {
      int k = alphabet.classOf(c);
      if (k > 0 && !allowed[k]) {
        allowed[k] = true;
        kept.append(c);
      }
    }
    return new CharacterAllowlist(kept.toString(), allowed);
  }

  /** The allowed characters of the alphabet, in the order first given. */
  public String characters() {
    return characters;
  }

  /** Whether the class may be read. */
  public boolean allows(int classIndex) {
    return allowed[classIndex];
  }

  /**
   * A copy of [T][classes] log-probabilities with the disallowed classes at negative infinity and
   * each step renormalised over the allowed ones.
   */
  public float[][] mask(float[][] logProbs) {
    float[][] out = new float[logProbs.length][];
    for (int t = 0; t < logProbs.length; t++) {
      float[] step = logProbs[t];
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < step.length; k++) {
        if (allowed[k]) {
          max = Math.max(max, step[k]);
        }
      }
      double sum = 0;
      for (int k = 0; k < step.length; k++) {
        if (allowed[k]) {
          sum += Math.exp(step[k] - max);
        }
      }
      float logTotal = (float) (max + Math.log(sum));
      float[] masked = new float[step.length];
      Arrays.fill(masked, Float.NEGATIVE_INFINITY);
      for (int k = 0; k < step.length; k++) {
        if (allowed[k]) {
          masked[k] = step[k] - logTotal;
        }
      }
      out[t] = masked;
    }
    return out;
  }
}
