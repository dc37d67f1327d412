package dev.grcnn.ocr.training.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The learning curve of a run: {@code learning-curve.csv} gets a row per display or validation
 * point (appended, so it survives resumes) and {@code learning-curve.png} is redrawn from it.
 */
final class LearningCurve {

  static final String CSV = "learning-curve.csv";
  static final String PNG = "learning-curve.png";
  private static final String HEADER =
      "iteration,samples,seconds,train_loss,val_set,val_loss,val_accuracy,images_per_second,"
          + "learning_rate,cpu_seconds";

  /**
   * The header before the CPU time was counted: such a file gains the column, empty in old rows.
   */
  private static final String HEADER_WITHOUT_CPU =
      HEADER.substring(0, HEADER.length() - ",cpu_seconds".length());

  private final Path csv;
  private final Path png;

  LearningCurve(Path runDir) throws IOException {
    this.csv = runDir.resolve(CSV);
    this.png = runDir.resolve(PNG);
    if (!Files.exists(csv)) {
      Files.writeString(csv, HEADER + "\n", StandardCharsets.UTF_8);
    } else {
      List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
      if (!lines.isEmpty() && lines.get(0).equals(HEADER_WITHOUT_CPU)) {
        List<String> upgraded = new ArrayList<>();
        upgraded.add(HEADER);
        lines.stream().skip(1).map(line -> line + ",").forEach(upgraded::add);
        Files.write(csv, upgraded, StandardCharsets.UTF_8);
      }
    }
  }

  /** Drops rows past an iteration: a resumed run redoes them. */
  void truncateAfter(long iteration) throws IOException {
    List<String> kept = new ArrayList<>();
    for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
      if (line.startsWith("iteration") || Long.parseLong(line.split(",")[0]) <= iteration) {
        kept.add(line);
      }
    }
    Files.write(csv, kept, StandardCharsets.UTF_8);
  }

  void trainPoint(
      long iteration,
      long samples,
      double seconds,
      double cpuSeconds,
      double loss,
      double imagesPerSecond,
      double learningRate)
      throws IOException {
    append(
        String.format(
            Locale.ROOT,
            "%d,%d,%.1f,%.5f,,,,%.1f,%.6g,%.1f",
            iteration,
            samples,
            seconds,
            loss,
            imagesPerSecond,
            learningRate,
            cpuSeconds));
  }

  void validationPoint(
      long iteration,
      long samples,
      double seconds,
      double cpuSeconds,
      String set,
      double loss,
      double accuracy)
      throws IOException {
    append(
        String.format(
            Locale.ROOT,
            "%d,%d,%.1f,,%s,%.5f,%.5f,,,%.1f",
            iteration,
            samples,
            seconds,
            set,
            loss,
            accuracy,
            cpuSeconds));
    draw();
  }

  private void append(String row) throws IOException {
    Files.writeString(csv, row + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  /** Redraws the PNG: losses on the left chart, validation accuracy on the right. */
  void draw() throws IOException {
    List<Double> trainX = new ArrayList<>();
    List<Double> trainY = new ArrayList<>();
    Map<String, Series> validations = new LinkedHashMap<>();
    for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
      if (line.startsWith("iteration")) {
        continue;
      }
      String[] f = line.split(",", -1);
      double x = Double.parseDouble(f[0]);
      if (!f[3].isEmpty()) {
        trainX.add(x);
        trainY.add(Double.parseDouble(f[3]));
      }
      if (!f[4].isEmpty()) {
        Series v = validations.computeIfAbsent(f[4], k -> new Series());
        v.x.add(x);
        v.loss.add(Double.parseDouble(f[5]));
        v.accuracy.add(Double.parseDouble(f[6]));
      }
    }
    if (trainX.isEmpty() && validations.isEmpty()) {
      return;
    }
    LossAndAccuracyChart chart =
        new LossAndAccuracyChart("CTC loss", "validation word accuracy (greedy, %)", "iteration")
            .fullAccuracyRange();
    if (!trainX.isEmpty()) {
      chart.loss("train", trainX, trainY, false);
    }
    for (Map.Entry<String, Series> v : validations.entrySet()) {
      chart.loss("validation " + v.getKey(), v.getValue().x, v.getValue().loss, true);
      chart.accuracy(v.getKey(), v.getValue().x, v.getValue().accuracy);
    }
    chart.save(png);
  }

  /** One validation set's points. */
  private record Series(List<Double> x, List<Double> loss, List<Double> accuracy) {
    Series() {
      this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }
  }
}
