package dev.grcnn.ocr.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MixedStreamTest {

  private static SampleStream named(String prefix) {
    return i -> new LabeledImages.Sample(new byte[0], prefix + i);
  }

  @Test
  void everyBatchHoldsTheFixedShareAndEachStreamIsReadInOrder() {
    MixedStream mix = new MixedStream(named("real"), 3, named("synth"), 8);
    for (long batch = 0; batch < 5; batch++) {
      for (int slot = 0; slot < 8; slot++) {
        String label = mix.get(batch * 8 + slot).label();
        if (slot < 3) {
          assertEquals("real" + (batch * 3 + slot), label);
        } else {
          assertEquals("synth" + (batch * 5 + slot - 3), label);
        }
      }
    }
  }

  @Test
  void sharesRoundToWholeSamplesAndOutOfRangeMixesAreRefused() {
    assertEquals(16, MixedStream.perBatch(0.25, 64));
    assertEquals(6, MixedStream.perBatch(0.1, 64));
    assertEquals(0, MixedStream.perBatch(0, 64));
    assertThrows(IllegalArgumentException.class, () -> MixedStream.perBatch(1.5, 64));
    assertThrows(
        IllegalArgumentException.class, () -> new MixedStream(named("a"), 9, named("b"), 8));
  }

  @Test
  void shuffledPassesVisitEverySampleOncePerEpochInADifferentOrder() {
    InMemoryImages data = new InMemoryImages(List.of("a", "b", "c", "d", "e", "f", "g"));
    SampleStream stream = SampleStream.shuffled(data, 3);
    StringBuilder first = new StringBuilder();
    StringBuilder second = new StringBuilder();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      first.append(stream.get(i).label());
      second.append(stream.get(7 + i).label());
      seen.add(stream.get(i).label());
    }
    assertEquals(7, seen.size(), "one epoch holds every sample once: " + first);
    assertTrue(!first.toString().contentEquals(second), "epochs differ: " + first);
    // The same position gives the same sample, from a new stream too.
    assertEquals(first.toString(), labels(SampleStream.shuffled(data, 3), 0, 7));
  }

  private static String labels(SampleStream s, int from, int to) {
    StringBuilder b = new StringBuilder();
    for (int i = from; i < to; i++) {
      b.append(s.get(i).label());
    }
    return b.toString();
  }
}
