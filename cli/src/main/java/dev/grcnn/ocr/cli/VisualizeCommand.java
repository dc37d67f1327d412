package dev.grcnn.ocr.cli;

import dev.grcnn.ocr.model.OcrModel;
import dev.grcnn.ocr.model.image.ImagePreprocessor;
import dev.grcnn.ocr.model.image.InvalidImageException;
import dev.grcnn.ocr.training.viz.SaliencyMaps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ocr visualize}: the input pixels each decoded character depends on. */
@Command(
    name = "visualize",
    mixinStandardHelpOptions = true,
    description = {
      "Draws, for each character the model reads in IMAGE, the gradient of that character's",
      "score with respect to the input pixels (red = strong), one row per character."
    })
final class VisualizeCommand implements Callable<Integer> {

  @Mixin ModelOptions modelOptions;

  @Parameters(paramLabel = "IMAGE", description = "A word image.")
  Path image;

  @Option(names = "--out", required = true, paramLabel = "PNG", description = "Output PNG.")
  Path out;

  @Option(names = "--scale", defaultValue = "4", description = "Pixels per input pixel.")
  int scale;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (scale < 1 || scale > 16) {
      throw new UsageException("--scale must be between 1 and 16");
    }
    float[] input;
    try {
      input = new ImagePreprocessor().preprocess(Files.readAllBytes(image));
    } catch (NoSuchFileException e) {
      throw new UsageException("no such file " + image);
    } catch (InvalidImageException e) {
      throw new UsageException(image + ": " + e.getMessage());
    }
    try (OcrModel model = modelOptions.load()) {
      List<SaliencyMaps.CharacterSaliency> maps = SaliencyMaps.compute(model, input);
      ImageIO.write(SaliencyMaps.render(input, maps, scale), "png", out.toFile());
      StringBuilder text = new StringBuilder();
      maps.forEach(m -> text.append(m.character()));
      spec.commandLine().getOut().println(image + "\t" + text + "\t" + out);
    }
    return 0;
  }
}
