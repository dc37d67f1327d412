package dev.grcnn.ocr.local;

import dev.grcnn.ocr.testkit.KafkaBroker;
import dev.grcnn.ocr.testkit.WordCrops;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code ocr bench soak}: pushes many crops through the streaming job in rounds and reads this
 * JVM's memory after each, to show that nothing accumulates: the operator frees each batch's
 * NDArrays, the sinks their transactions, the source its fetches. The broker should run in a
 * process of its own: a broker in this JVM fills its metric reservoirs for many minutes, which
 * would count as the job's growth.
 */
public final class SoakBenchmark {

  /**
   * What to run.
   *
   * @param modelDir the model
   * @param device inference device
   * @param count crops in all
   * @param sampleEvery crops per round; memory is read after each
   * @param warmUpRounds rounds before the baseline reading (caches, JIT, allocator pools fill)
   * @param batchSize the job's batch size
   * @param checkpointMillis the job's checkpoint interval
   */
  public record Settings(
      Path modelDir,
      String device,
      int count,
      int sampleEvery,
      int warmUpRounds,
      int batchSize,
      long checkpointMillis) {}

  /**
   * Memory after a round.
   *
   * @param crops crops through the job so far
   * @param seconds since the first round started
   * @param cropsPerSecond throughput of this round
   * @param memory the reading
   */
  public record Sample(
      long crops, double seconds, double cropsPerSecond, MemoryProbe.Reading memory) {}

  /**
   * All readings.
   *
   * @param samples one per round
   * @param baseline the reading growth is measured from (the last warm-up round's)
   * @param deadLetters dead letters seen (0 expected: all crops are valid)
   */
  public record Result(List<Sample> samples, Sample baseline, int deadLetters) {

    /** Growth of the largest later reading over the baseline, as a fraction, per measure. */
    public double growth(java.util.function.ToLongFunction<MemoryProbe.Reading> measure) {
      long base = measure.applyAsLong(baseline.memory());
      if (base <= 0) {
        return Double.NaN;
      }
      long max = base;
      for (Sample s : samples) {
        if (s.crops() > baseline.crops()) {
          max = Math.max(max, measure.applyAsLong(s.memory()));
        }
      }
      return (max - base) / (double) base;
    }
  }

  private SoakBenchmark() {}

  /**
   * Runs the rounds through {@code kafka} (best a process of its own, see above); {@code onSample}
   * hears each reading as it is taken.
   */
  public static Result run(
      Settings s, KafkaBroker kafka, Consumer<Sample> onSample, Consumer<String> progress)
      throws Exception {
    List<byte[]> crops = WordCrops.render(512, 7);
    List<Sample> samples = new ArrayList<>();
    int dead = 0;
    try (BenchRig rig =
        new BenchRig(
            new BenchRig.JobSettings(
                s.modelDir(), s.device(), s.batchSize(), 50, s.checkpointMillis(), 1),
            kafka)) {
      progress.accept("job started; " + s.count() + " crops in rounds of " + s.sampleEvery());
      long start = System.nanoTime();
      long done = 0;
      int round = 0;
      while (done < s.count()) {
        int n = (int) Math.min(s.sampleEvery(), s.count() - done);
        CropRound r = rig.round("r" + round, n, crops, 0);
        dead += r.dead;
        done += n;
        round++;
        Sample sample =
            new Sample(
                done, (System.nanoTime() - start) / 1e9, n / r.seconds(), MemoryProbe.read());
        samples.add(sample);
        onSample.accept(sample);
      }
    }
    Sample baseline = samples.get(Math.min(s.warmUpRounds(), samples.size()) - 1);
    return new Result(samples, baseline, dead);
  }
}
