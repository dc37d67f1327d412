package dev.grcnn.ocr.model.decode;

import dev.grcnn.ocr.model.Alphabet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The most likely texts of a CTC output, not only the text of the best path: a prefix beam search
 * (Hannun et al. 2014) keeps the {@code beamWidth} likeliest prefixes step by step, each with the
 * summed probability of its alignments ending in a blank and ending in its last character, so that
 * a text spread over many paths beats one path that is likelier than each of them. The survivors
 * are then scored exactly ({@link CtcScorer}) and ranked, so the probabilities returned are those
 * of {@link Recognition#confidence()}, not the beam's lower bounds.
 *
 * <p>Classes of probability 0 (masked by a {@link CharacterAllowlist}) are never appended, so no
 * text with a character outside the allowlist comes out, and fewer than {@code k} texts come out
 * when fewer have a probability above 0 (nor do texts that need a class where it is below {@link
 * #MIN_CLASS_PROBABILITY}).
 */
public final class CtcPrefixBeamSearch {

  /**
   * A class below this probability at a step is not appended there: its paths hold too little to
   * change which texts are likeliest, and a trained network's output puts most classes below it,
   * which makes the search several times faster. The texts found are scored exactly all the same.
   */
  static final double MIN_CLASS_PROBABILITY = 1e-4;

  /** The beam is at least this wide, whatever k: a narrower one misses likely texts. */
  public static final int MIN_BEAM_WIDTH = 16;

  private CtcPrefixBeamSearch() {}

  /** The width used for {@code k} texts: {@link #MIN_BEAM_WIDTH}, or {@code 2k} when wider. */
  public static int beamWidth(int k) {
    return Math.max(MIN_BEAM_WIDTH, 2 * k);
  }

  /**
   * The {@code k} likeliest texts, best first (ties in alphabetical order).
   *
   * @param logProbs [T][classes] log-probabilities (already masked when an allowlist applies)
   * @param alphabet the classes
   * @param k how many texts at most
   * @param beamWidth prefixes kept per step, at least {@code k}
   */
  public static List<Alternative> best(
      float[][] logProbs, Alphabet alphabet, int k, int beamWidth) {
    if (k < 1 || beamWidth < k) {
      throw new IllegalArgumentException(
          "need 1 <= k <= beam width, not k " + k + ", beam " + beamWidth);
    }
    double[][] probs = CtcScorer.probabilities(logProbs);
    Prefixes prefixes = new Prefixes();
    // Beam entries: prefix id -> {P(ending in blank), P(ending in its last label)}, relative to a
    // scale that is renormalised every step, so no logarithm is needed per extension.
    Map<Integer, double[]> beam = new HashMap<>();
    beam.put(Prefixes.EMPTY, new double[] {1, 0});
    for (double[] p : probs) {
      Map<Integer, double[]> next = new HashMap<>();
      for (Map.Entry<Integer, double[]> e : beam.entrySet()) {
        int prefix = e.getKey();
        double blank = e.getValue()[0];
        double label = e.getValue()[1];
        int last = prefixes.last(prefix);
        for (int c = 0; c < p.length; c++) {
          if (p[c] < MIN_CLASS_PROBABILITY) {
            continue;
          }
          if (c == Alphabet.BLANK) {
            entry(next, prefix)[0] += (blank + label) * p[c];
          } else if (c == last) {
            // A repeat merges unless a blank came between: the same prefix, or one letter more.
            entry(next, prefix)[1] += label * p[c];
            if (blank > 0) {
              entry(next, prefixes.extend(prefix, c))[1] += blank * p[c];
            }
          } else {
            entry(next, prefixes.extend(prefix, c))[1] += (blank + label) * p[c];
          }
        }
      }
      beam = prune(next, beamWidth);
    }
    List<Alternative> scored = new ArrayList<>(beam.size());
    for (int prefix : beam.keySet()) {
      int[] labels = prefixes.labels(prefix);
      double logP = CtcScorer.scaledLogProbability(logProbs, probs, labels, Alphabet.BLANK);
      if (logP > Double.NEGATIVE_INFINITY) {
        scored.add(new Alternative(text(labels, alphabet), Math.exp(logP)));
      }
    }
    scored.sort(
        Comparator.comparingDouble(Alternative::confidence)
            .reversed()
            .thenComparing(Alternative::text));
    return List.copyOf(scored.subList(0, Math.min(k, scored.size())));
  }

  private static String text(int[] labels, Alphabet alphabet) {
    StringBuilder out = new StringBuilder(labels.length);
    for (int c : labels) {
      out.append(alphabet.charAt(c));
    }
    return out.toString();
  }

  private static double[] entry(Map<Integer, double[]> beam, int prefix) {
    return beam.computeIfAbsent(prefix, x -> new double[2]);
  }

  /** The {@code width} likeliest prefixes, rescaled so that the likeliest has probability 1. */
  private static Map<Integer, double[]> prune(Map<Integer, double[]> next, int width) {
    List<Map.Entry<Integer, double[]>> entries = new ArrayList<>(next.entrySet());
    entries.sort(
        Comparator.comparingDouble((Map.Entry<Integer, double[]> e) -> -total(e.getValue()))
            .thenComparingInt(Map.Entry::getKey));
    Map<Integer, double[]> kept = new HashMap<>();
    double top = entries.isEmpty() ? 0 : total(entries.get(0).getValue());
    for (Map.Entry<Integer, double[]> e : entries.subList(0, Math.min(width, entries.size()))) {
      double[] v = e.getValue();
      if (total(v) > 0 && top > 0) {
        kept.put(e.getKey(), new double[] {v[0] / top, v[1] / top});
      }
    }
    return kept;
  }

  private static double total(double[] v) {
    return v[0] + v[1];
  }

  /** Prefixes as a trie: an id per prefix, its parent and last label. */
  private static final class Prefixes {

    static final int EMPTY = 0;

    private final List<Integer> parent = new ArrayList<>(List.of(-1));
    private final List<Integer> label = new ArrayList<>(List.of(Alphabet.BLANK));
    private final Map<Long, Integer> children = new HashMap<>();

    int last(int prefix) {
      return label.get(prefix);
    }

    int extend(int prefix, int c) {
      return children.computeIfAbsent(
          ((long) prefix << 16) | c,
          key -> {
            parent.add(prefix);
            label.add(c);
            return parent.size() - 1;
          });
    }

    int[] labels(int prefix) {
      int n = 0;
      for (int p = prefix; p != EMPTY; p = parent.get(p)) {
        n++;
      }
      int[] out = new int[n];
      for (int p = prefix; p != EMPTY; p = parent.get(p)) {
        out[--n] = label.get(p);
      }
      return out;
    }
  }
}
