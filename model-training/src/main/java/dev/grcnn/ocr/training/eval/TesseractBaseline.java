package dev.grcnn.ocr.training.eval;

import dev.grcnn.ocr.model.Folders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Tesseract (LSTM engine, one word per image: {@code --oem 1 --psm 8}) scored like the model by
 * {@link NearestWordScoring}.
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
      List<String> texts = new ArrayList<>(outputs.size());
      for (Future<String> output : outputs) {
        texts.add(output.get());
      }
      return NearestWordScoring.score(samples, texts, (System.nanoTime() - start) / 1e9);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException("tesseract failed: " + e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
      Folders.delete(work);
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
}
