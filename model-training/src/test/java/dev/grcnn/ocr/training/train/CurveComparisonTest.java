package dev.grcnn.ocr.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurveComparisonTest {

  private static final String HEADER =
      "iteration,samples,seconds,train_loss,val_set,val_loss,val_accuracy,images_per_second,"
          + "learning_rate,cpu_seconds\n";

  @TempDir Path dir;

  private Path curve(String name, String rows) throws IOException {
    return Files.writeString(dir.resolve(name + ".csv"), HEADER + rows);
  }

  @Test
  void summarisesWhereEachRunEndedOnTheChosenSetAndDrawsBoth() throws IOException {
    Path a =
        curve(
            "a",
            // A row from before CPU time was counted is left out.
            "50,3200,10.0,3.0,,,,100.0,0.001,\n"
                + "100,6400,20.0,2.0,,,,100.0,0.001,360.0\n"
                + "100,6400,20.0,,real,2.5,0.40,,,360.0\n"
                + "100,6400,20.0,,synthetic,1.5,0.90,,,360.0\n"
                + "200,12800,40.0,1.0,,,,100.0,0.001,720.0\n"
                + "200,12800,40.0,,real,2.4,0.35,,,720.0\n");
    Path b = curve("b", "100,6400,30.0,1.5,,,,80.0,0.001,540.0\n");
    List<CurveComparison.Arm> arms =
        List.of(new CurveComparison.Arm("a", a), new CurveComparison.Arm("b", b));
    List<CurveComparison.Summary> s = CurveComparison.summarize(arms, "real");
    assertEquals(new CurveComparison.Summary("a", 200, 12800, 0.2, 0.35, 0.40, 100, 1.5), s.get(0));
    assertEquals(100, s.get(1).iterations());
    assertEquals(0.15, s.get(1).cpuHours(), 1e-9);
    assertTrue(Double.isNaN(s.get(1).bestAccuracy()) && s.get(1).bestIteration() == -1);
    Path png = dir.resolve("curves.png");
    CurveComparison.draw(arms, "real", png);
    assertTrue(Files.size(png) > 1000);
  }

  @Test
  void refusesACurveWithoutCpuTime() throws IOException {
    Path old =
        Files.writeString(
            dir.resolve("old.csv"),
            "iteration,samples,seconds,train_loss,val_set,val_loss,val_accuracy,"
                + "images_per_second,learning_rate\n100,6400,20.0,2.0,,,,100.0,0.001\n");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CurveComparison.summarize(List.of(new CurveComparison.Arm("old", old)), "real"));
    assertTrue(e.getMessage().contains("no cpu_seconds column"), e.getMessage());
  }
}
