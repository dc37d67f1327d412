package dev.grcnn.ocr.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class PositionRandomTest {

  @Test
  void aPositionsStreamIsFixedByItsSeedPositionAndSalt() {
    // Pinned: runs resumed across sessions redraw the samples they drew before only if these
    // values never change.
    assertEquals(-160755406930160727L, PositionRandom.of(1, 0, 0x632BE59BD9B4E019L).nextLong());
    assertEquals(869132307559555888L, PositionRandom.of(1, 64, 0x3C6EF372FE94F82AL).nextLong());
    assertEquals(
        PositionRandom.of(7, 1000, 5).nextLong(), PositionRandom.of(7, 1000, 5).nextLong());
    assertNotEquals(
        PositionRandom.of(7, 1000, 5).nextLong(), PositionRandom.of(7, 1001, 5).nextLong());
    assertNotEquals(
        PositionRandom.of(7, 1000, 5).nextLong(), PositionRandom.of(7, 1000, 6).nextLong());
  }
}
