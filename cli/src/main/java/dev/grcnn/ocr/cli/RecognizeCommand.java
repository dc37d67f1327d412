package dev.grcnn.ocr.cli;

import dev.grcnn.ocr.model.OcrModel;
import dev.grcnn.ocr.model.decode.Lexicon;
import dev.grcnn.ocr.model.decode.LexiconDecoder;
import dev.grcnn.ocr.model.decode.Recognition;
import dev.grcnn.ocr.model.image.ImagePreprocessor;
import dev.grcnn.ocr.model.image.InvalidImageException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ocr recognize}: prints image, text and confidence for each image. */
@Command(
    name = "recognize",
    mixinStandardHelpOptions = true,
    description = {
      "Reads the word in each image and prints image<TAB>text<TAB>confidence.",
      "Images that cannot be read are reported on stderr; the exit code is then 1."
    })
final class RecognizeCommand implements Callable<Integer> {

  @Mixin ModelOptions modelOptions;

  @Option(
      names = "--lexicon",
      paramLabel = "FILE",
      description = "Word list (one word a line, or comma-separated); the answer is a word of it.")
  Path lexicon;

  @Option(
      names = "--batch",
      defaultValue = "32",
      description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
  int batch;

  @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files.")
  List<Path> images;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (batch < 1) {
      throw new UsageException("--batch must be at least 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ImagePreprocessor preprocessor = new ImagePreprocessor();
    int failed = 0;
    try (OcrModel model = modelOptions.load()) {
      LexiconDecoder decoder =
          lexicon == null ? null : new LexiconDecoder(readLexicon(model), model.alphabet());
      List<Path> pending = new ArrayList<>();
      List<float[]> inputs = new ArrayList<>();
      for (Path image : images) {
        try {
          inputs.add(preprocessor.preprocess(Files.readAllBytes(image)));
          pending.add(image);
        } catch (InvalidImageException e) {
          err.println(
              image + ": " + e.kind().name().toLowerCase(Locale.ROOT) + ": " + e.getMessage());
          failed++;
        } catch (IOException e) {
          err.println(image + ": cannot read: " + e.getMessage());
          failed++;
        }
        if (inputs.size() == batch) {
          print(out, pending, model.recognize(inputs, decoder));
          pending.clear();
          inputs.clear();
        }
      }
      print(out, pending, model.recognize(inputs, decoder));
    }
    err.flush();
    return failed == 0 ? 0 : 1;
  }

  private Lexicon readLexicon(OcrModel model) throws IOException {
    if (!Files.isRegularFile(lexicon)) {
      throw new UsageException("--lexicon: no such file " + lexicon);
    }
    List<String> words = new ArrayList<>();
    for (String line : Files.readAllLines(lexicon)) {
      for (String w : line.split(",")) {
        words.add(w);
      }
    }
    Lexicon parsed = Lexicon.of(words, model.alphabet());
    if (parsed.size() == 0) {
      throw new UsageException("--lexicon: " + lexicon + " holds no word of the alphabet");
    }
    return parsed;
  }

  private static void print(PrintWriter out, List<Path> images, List<Recognition> results) {
    for (int i = 0; i < images.size(); i++) {
      Recognition r = results.get(i);
      out.printf(Locale.ROOT, "%s\t%s\t%.4f%n", images.get(i), r.text(), r.confidence());
    }
    out.flush();
  }
}
