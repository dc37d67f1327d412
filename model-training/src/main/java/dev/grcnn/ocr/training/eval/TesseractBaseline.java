package dev.grcnn.ocr.training.eval;

import dev.grcnn.ocr.model.Alphabet;
import dev.grcnn.ocr.model.decode.EditDistance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Tesseract (LSTM engine, one word per image: {@code --oem 1 --psm 8}) scored like the model:
 * lexicon-free on its 36-class normalised output, and with a lexicon by the word nearest in edit
 * distance, the usual way to give a lexicon to a recogniser that has no CTC scores.
 */
public final class TesseractBaseline {

  private final String executable;
  private final int threads;

  /** A baseline running {@code executable} on {@code threads} images at once. */
  public TesseractBaseline(String executable, int threads) {
    this.executable = executable;
    this.threads = threads;
  }

  /** Whether the executable answers {@code --version}. */
  public boolean available() {
    try {
      Process p = new ProcessBuilder(executable, "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Reads every sample and scores it as {@link Evaluator} does. */
  public EvaluationReport evaluate(List<EvalSample> samples) throws IOException {
    Alphabet alphabet = Alphabet.DEFAULT;
    Path work = Files.createTempDirectory("tesseract-baseline");
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    try {
      List<Future<String>> outputs = new ArrayList<>();
      for (int i = 0; i < samples.size(); i++) {
        Path file = work.resolve(i + "-" + samples.get(i).name());
        Files.write(file, samples.get(i).image());
        outputs.add(pool.submit(() -> read(file)));
      }
      boolean perImage = samples.stream().allMatch(s -> !s.lexicon().isEmpty());
      Set<String> union = new LinkedHashSet<>();
      samples.forEach(s -> s.lexicon().forEach(w -> union.add(alphabet.normalize(w))));
      int[] correct = new int[3];
      for (int i = 0; i < samples.size(); i++) {
        EvalSample s = samples.get(i);
        String truth = alphabet.normalize(s.label());
        String text = alphabet.normalize(outputs.get(i).get());
        correct[0] += text.equals(truth) ? 1 : 0;
        if (perImage) {
          List<String> lex = s.lexicon().stream().map(alphabet::normalize).toList();
          correct[1] += nearest(text, lex).equals(truth) ? 1 : 0;
          correct[2] += nearest(text, union).equals(truth) ? 1 : 0;
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Map<String, Double> accuracy = new LinkedHashMap<>();
      int n = samples.size();
      accuracy.put("none", (double) correct[0] / n);
      if (perImage) {
        accuracy.put("lexicon50", (double) correct[1] / n);
        accuracy.put("full", (double) correct[2] / n);
      }
      return new EvaluationReport(n, 0, accuracy, n / seconds);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException("tesseract failed: " + e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
      try (var files = Files.walk(work)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private String read(Path image) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
            executable, image.toString(), "stdout", "--oem", "1", "--psm", "8", "-l", "eng");
    builder.environment().put("OMP_THREAD_LIMIT", "1");
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = builder.start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return text.strip();
  }

  /** The lexicon word nearest in edit distance; the first of equals wins. */
  static String nearest(String text, Iterable<String> lexicon) {
    String best = "";
    int bestDistance = Integer.MAX_VALUE;
    for (String w : lexicon) {
      int d = EditDistance.levenshtein(text, w);
      if (d < bestDistance) {
        bestDistance = d;
        best = w;
      }
    }
    return best;
  }
}
