package dev.grcnn.ocr.training.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs side by side by their learning curves ({@code learning-curve.csv}), against process
 * CPU-hours rather than iterations, so that arms of unequal cost per step (a wider network, more
 * rendering) are compared at equal compute.
 */
public final class CurveComparison {

  private CurveComparison() {}

  /**
   * One run of a comparison.
   *
   * @param name its label
   * @param csv its learning curve
   */
  public record Arm(String name, Path csv) {}

  /**
   * Where a run ended.
   *
   * @param name the arm's label
   * @param iterations the last iteration of the curve
   * @param samples samples trained on
   * @param cpuHours process CPU-hours of training steps
   * @param lastAccuracy accuracy on the validation set at the last validation (0..1), NaN if none
   * @param bestAccuracy the best validation accuracy (0..1), NaN if none
   * @param bestIteration where it was reached, -1 if never
   * @param trainLoss mean training loss over the last five loss points
   */
  public record Summary(
      String name,
      long iterations,
      long samples,
      double cpuHours,
      double lastAccuracy,
      double bestAccuracy,
      long bestIteration,
      double trainLoss) {}

  /** The curve of one arm: CPU-hours, loss and accuracy points. */
  private record Curve(
      List<Double> lossHours,
      List<Double> loss,
      List<Double> accHours,
      List<Double> accuracy,
      List<Long> accIterations,
      long iterations,
      long samples,
      double cpuHours) {}

  /**
   * Summarises each arm on validation set {@code valSet}.
   *
   * @throws IllegalArgumentException when a curve has no CPU time column or no point
   */
  public static List<Summary> summarize(List<Arm> arms, String valSet) throws IOException {
    List<Summary> out = new ArrayList<>();
    for (Arm arm : arms) {
      Curve c = read(arm, valSet);
      double last = c.accuracy.isEmpty() ? Double.NaN : c.accuracy.get(c.accuracy.size() - 1);
      double best = Double.NaN;
      long bestAt = -1;
      for (int i = 0; i < c.accuracy.size(); i++) {
        if (!(c.accuracy.get(i) <= best)) {
          best = c.accuracy.get(i);
          bestAt = c.accIterations.get(i);
        }
      }
      List<Double> tail = c.loss.subList(Math.max(0, c.loss.size() - 5), c.loss.size());
      double loss = tail.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
      out.add(new Summary(arm.name, c.iterations, c.samples, c.cpuHours, last, best, bestAt, loss));
    }
    return out;
  }

  /** Draws training loss and {@code valSet} accuracy of every arm against CPU-hours. */
  public static void draw(List<Arm> arms, String valSet, Path png) throws IOException {
    LossAndAccuracyChart chart =
        new LossAndAccuracyChart(
            "training CTC loss",
            "word accuracy on validation set '" + valSet + "' (%)",
            "CPU-hours of training");
    for (Arm arm : arms) {
      Curve c = read(arm, valSet);
      if (!c.loss.isEmpty()) {
        chart.loss(arm.name, c.lossHours, c.loss, false);
      }
      if (!c.accuracy.isEmpty()) {
        chart.accuracy(arm.name, c.accHours, c.accuracy);
      }
    }
    if (!chart.hasLoss() || !chart.hasAccuracy()) {
      throw new IllegalArgumentException("no loss or no '" + valSet + "' accuracy point to draw");
    }
    chart.save(png);
  }

  private static Curve read(Arm arm, String valSet) throws IOException {
    List<String> lines = Files.readAllLines(arm.csv, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException(arm.csv + " is empty");
    }
    List<String> header = Arrays.asList(lines.get(0).split(","));
    int cpu = header.indexOf("cpu_seconds");
    if (cpu < 0 || !header.contains("val_accuracy")) {
      throw new IllegalArgumentException(
          arm.csv + " is not a learning curve with CPU time (no cpu_seconds column)");
    }
    int iteration = header.indexOf("iteration");
    int samples = header.indexOf("samples");
    int loss = header.indexOf("train_loss");
    int set = header.indexOf("val_set");
    int acc = header.indexOf("val_accuracy");
    Curve c =
        new Curve(
            new ArrayList<>(),
            new ArrayList<>(),
            new ArrayList<>(),
            new ArrayList<>(),
            new ArrayList<>(),
            0,
            0,
            0);
    long lastIteration = 0;
    long lastSamples = 0;
    double lastHours = 0;
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      if (f.length <= cpu || f[cpu].isEmpty()) {
        continue; // written before CPU time was counted
      }
      double hours = Double.parseDouble(f[cpu]) / 3600;
      lastIteration = Long.parseLong(f[iteration]);
      lastSamples = Long.parseLong(f[samples]);
      lastHours = hours;
      if (!f[loss].isEmpty() && !f[loss].equals("NaN")) {
        c.lossHours.add(hours);
        c.loss.add(Double.parseDouble(f[loss]));
      }
      if (f[set].equals(valSet)) {
        c.accHours.add(hours);
        c.accuracy.add(Double.parseDouble(f[acc]));
        c.accIterations.add(lastIteration);
      }
    }
    if (c.loss.isEmpty() && c.accuracy.isEmpty()) {
      throw new IllegalArgumentException(arm.csv + " has no point with CPU time");
    }
    return new Curve(
        c.lossHours,
        c.loss,
        c.accHours,
        c.accuracy,
        c.accIterations,
        lastIteration,
        lastSamples,
        lastHours);
  }
}
