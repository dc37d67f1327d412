package dev.grcnn.ocr.training.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The picture of a learning curve: CTC loss on a log scale on the left, word accuracy in percent on
 * the right, against one x axis (iterations or CPU-hours), saved as one PNG.
 */
final class LossAndAccuracyChart {

  private final XYChart losses;
  private final XYChart accuracy;

  LossAndAccuracyChart(String lossTitle, String accuracyTitle, String xAxis) {
    losses = new XYChartBuilder().width(640).height(400).title(lossTitle).xAxisTitle(xAxis).build();
    losses.getStyler().setYAxisLogarithmic(true);
    losses.getStyler().setYAxisDecimalPattern("#0.0#");
    accuracy =
        new XYChartBuilder().width(640).height(400).title(accuracyTitle).xAxisTitle(xAxis).build();
    accuracy.getStyler().setYAxisDecimalPattern("#0");
  }

  /** Fixes the accuracy axis to 0-100 % instead of fitting it to the points. */
  LossAndAccuracyChart fullAccuracyRange() {
    accuracy.getStyler().setYAxisMin(0.0);
    accuracy.getStyler().setYAxisMax(100.0);
    return this;
  }

  /** A loss series, a line without markers when {@code markers} is false. */
  void loss(String name, List<Double> x, List<Double> y, boolean markers) {
    losses.addSeries(name, x, y).setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
  }

  /** An accuracy series, {@code fractions} in [0, 1] drawn as percent. */
  void accuracy(String name, List<Double> x, List<Double> fractions) {
    accuracy.addSeries(name, x, fractions.stream().map(a -> 100 * a).toList());
  }

  boolean hasLoss() {
    return !losses.getSeriesMap().isEmpty();
  }

  boolean hasAccuracy() {
    return !accuracy.getSeriesMap().isEmpty();
  }

  /** Writes the PNG; an empty accuracy chart gets one point at 0 (XChart draws no empty chart). */
  void save(Path png) throws IOException {
    if (!hasAccuracy()) {
      accuracy.addSeries("accuracy", new double[] {0}, new double[] {0});
    }
    BitmapEncoder.saveBitmap(
        List.of(losses, accuracy), 1, 2, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
