package dev.grcnn.ocr.deploy;

import ai.djl.engine.Engine;
import ai.djl.util.Utils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Runs once while the image is built (see docker/Dockerfile): starts DJL's PyTorch engine so that
 * it unpacks the native library (about 480 MB) into {@code ENGINE_CACHE_DIR}. TaskManagers then
 * find it there and load it instead of unpacking it at every start.
 *
 * <p>Only for the CPU build. DJL takes its CUDA build only on a machine where the CUDA runtime
 * reports a GPU, which an image build never is: for that build this says so and leaves the
 * unpacking to the first model load on a GPU node.
 */
public final class NativeLibraryWarmUp {

  private NativeLibraryWarmUp() {}

  public static void main(String[] args) throws IOException {
    String flavor = bundledFlavor();
    if (flavor.startsWith("cu")) {
      System.out.println(
          "PyTorch " + flavor + ": unpacked by the first model load on a GPU node, not here");
      return;
    }
    Throwable loadFailure = null;
    try {
      Engine engine = Engine.getEngine("PyTorch");
      System.out.println("PyTorch " + engine.getVersion() + " (" + flavor + ") loads");
    } catch (Throwable e) { // UnsatisfiedLinkError included
      loadFailure = e;
    }
    Path cache = Utils.getEngineCacheDir("pytorch");
    List<Path> unpacked = nativeLibraries(cache);
    if (loadFailure != null || unpacked.isEmpty()) {
      fail("PyTorch did not load from " + cache, loadFailure);
    }
    System.out.println("unpacked into " + cache + ": " + unpacked.size() + " libraries");
  }

  /** The flavour (cpu, cu118, ...) of the native library jar on the class path. */
  private static String bundledFlavor() throws IOException {
    try (InputStream in =
        NativeLibraryWarmUp.class
            .getClassLoader()
            .getResourceAsStream("native/lib/pytorch.properties")) {
      if (in == null) {
        throw new IllegalStateException("no pytorch-native jar on the class path");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("flavor", "unknown");
    }
  }

  private static List<Path> nativeLibraries(Path cache) throws IOException {
    if (!Files.isDirectory(cache)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(cache)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".so")).toList();
    }
  }

  private static void fail(String why, Throwable cause) {
    System.err.println("native library warm-up failed: " + why);
    if (cause != null) {
      cause.printStackTrace();
    }
    System.exit(1);
  }
}
