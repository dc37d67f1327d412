package dev.grcnn.ocr.cli;

import dev.grcnn.ocr.training.data.LmdbDataset;
import dev.grcnn.ocr.training.data.LmdbDatasetWriter;
import dev.grcnn.ocr.training.render.DatasetRenderer;
import dev.grcnn.ocr.training.render.FontCatalog;
import dev.grcnn.ocr.training.render.PhotoBackgrounds;
import dev.grcnn.ocr.training.render.SampleSheet;
import dev.grcnn.ocr.training.render.WordRenderer;
import dev.grcnn.ocr.training.render.WordSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ocr render}: a synthetic word dataset (LMDB) and/or a sheet of samples. */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = {
      "Renders synthetic word crops (Synth90k-style: real words, many fonts, photo and synthetic",
      "backgrounds, geometry, blur, noise, JPEG) into an LMDB dataset. Labels are lower-case",
      "[0-9a-z]. The same seed, count and resources give identical bytes on any thread count."
    })
final class RenderCommand implements Callable<Integer> {

  @Option(names = "--out", paramLabel = "DIR", description = "New dataset folder.")
  Path out;

  @Option(names = "--count", paramLabel = "N", description = "Samples to render.")
  Long count;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--fonts",
      arity = "1..*",
      paramLabel = "DIR",
      description =
          "Font folders, .ttf/.otf (default: /usr/share/fonts, /usr/local/share/fonts and the"
              + " project's training/fonts, else the JDK's fonts).")
  List<Path> fontDirs;

  @Option(
      names = "--words",
      arity = "1..*",
      paramLabel = "FILE",
      description = "Word lists, a word a line (default: /usr/share/dict English lists).")
  List<Path> wordFiles;

  @Option(
      names = "--backgrounds",
      arity = "1..*",
      paramLabel = "DIR",
      description =
          "Photograph folders, .jpg/.png (default: /usr/share/backgrounds, /usr/share/wallpapers).")
  List<Path> backgroundDirs;

  @Option(names = "--no-photos", description = "Synthetic backgrounds only.")
  boolean noPhotos;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Rendering threads (default: the number of processors).")
  Integer threads;

  @Option(
      names = "--sheet",
      paramLabel = "PNG",
      description = "Also write a sheet of the first 48 samples (8 rows of 6) with labels.")
  Path sheet;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (out == null && sheet == null) {
      throw new UsageException("give --out DIR --count N, or --sheet PNG, or both");
    }
    if (out != null && (count == null || count < 1)) {
      throw new UsageException("--count N (at least 1) is required with --out");
    }
    if (out == null && count != null) {
      throw new UsageException("--count goes with --out");
    }
    int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (workers < 1) {
      throw new UsageException("--threads must be at least 1");
    }
    if (out != null && LmdbDataset.isLmdb(out)) {
      throw new UsageException("--out: " + out + " already holds a dataset; choose a new folder");
    }
    WordRenderer renderer = renderer();
    PrintWriter o = spec.commandLine().getOut();
    o.printf(
        Locale.ROOT,
        "render: seed %d, %d font faces in %d families, %d dictionary words, %d photographs%n",
        seed,
        renderer.fonts().faces(),
        renderer.fonts().families(),
        renderer.words().dictionarySize(),
        renderer.photos().size());
    o.flush();
    if (sheet != null) {
      List<WordRenderer.Sample> samples = new ArrayList<>();
      for (int i = 0; i < 48; i++) {
        samples.add(renderer.render(i));
      }
      if (sheet.toAbsolutePath().getParent() != null) {
        Files.createDirectories(sheet.toAbsolutePath().getParent());
      }
      ImageIO.write(SampleSheet.draw(samples, 6), "png", sheet.toFile());
      o.println("render: sample sheet " + sheet);
    }
    if (out != null) {
      DatasetRenderer.Result result;
      try (LmdbDatasetWriter writer = LmdbDatasetWriter.create(out);
          ProgressBar bar =
              new ProgressBarBuilder()
                  .setTaskName("render")
                  .setInitialMax(count)
                  .showSpeed()
                  .build()) {
        result = DatasetRenderer.render(renderer, count, workers, writer, bar::stepTo);
      }
      o.printf(
          Locale.ROOT,
          "render: %d samples to %s in %.1f s: %.0f samples/s on %d threads (%d cores)%n",
          result.samples(),
          out,
          result.seconds(),
          result.samplesPerSecond(),
          workers,
          Runtime.getRuntime().availableProcessors());
    }
    o.flush();
    return 0;
  }

  private WordRenderer renderer() throws IOException {
    FontCatalog fonts;
    if (fontDirs == null) {
      fonts = FontCatalog.discover(FontCatalog.DEFAULT_DIRS);
    } else {
      requireDirs("--fonts", fontDirs);
      fonts = FontCatalog.discover(fontDirs);
    }
    WordSource words;
    if (wordFiles == null) {
      words = WordSource.loadDefault();
    } else {
      for (Path f : wordFiles) {
        if (!Files.isRegularFile(f)) {
          throw new UsageException("--words: no such file " + f);
        }
      }
      words = WordSource.load(wordFiles);
      if (words.dictionarySize() == 0) {
        throw new UsageException(
            "--words: no usable word ([A-Za-z0-9], 1-16 letters) in the lists");
      }
    }
    PhotoBackgrounds photos;
    if (noPhotos) {
      photos = PhotoBackgrounds.none();
    } else if (backgroundDirs == null) {
      photos = PhotoBackgrounds.load(PhotoBackgrounds.DEFAULT_DIRS);
    } else {
      requireDirs("--backgrounds", backgroundDirs);
      photos = PhotoBackgrounds.load(backgroundDirs);
    }
    return new WordRenderer(seed, fonts, words, photos);
  }

  private static void requireDirs(String option, List<Path> dirs) {
    for (Path d : dirs) {
      if (!Files.isDirectory(d)) {
        throw new UsageException(option + ": no such directory " + d);
      }
    }
  }
}
