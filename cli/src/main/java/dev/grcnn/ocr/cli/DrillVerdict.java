package dev.grcnn.ocr.cli;

import dev.grcnn.ocr.local.cluster.FaultDrill;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The last line of a fault drill ({@code cluster fault-test}, {@code deploy smoke}) and its exit
 * code: both drills count crops the same way, so scripts read both lines the same way.
 */
final class DrillVerdict {

  private DrillVerdict() {}

  /**
   * Prints "{@code drill} passed (or FAILED): in, out, dead, lost, duplicated (misrouted, failures
   * recovered, {@code more})" and returns 0 when the drill passed, {@link OcrCli#FAILED} when not.
   */
  static int print(PrintWriter out, String drill, FaultDrill.Counts c, String more) {
    out.printf(
        Locale.ROOT,
        "%s %s: in %d, out %d, dead %d, lost %d, duplicated %d (misrouted %d, failures recovered"
            + " %d, %s)%n",
        drill,
        c.passed() ? "passed" : "FAILED",
        c.in(),
        c.out(),
        c.dead(),
        c.lost(),
        c.duplicated(),
        c.misrouted(),
        c.failures(),
        more);
    out.flush();
    return c.passed() ? 0 : OcrCli.FAILED;
  }
}
