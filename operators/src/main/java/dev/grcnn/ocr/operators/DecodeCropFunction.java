package dev.grcnn.ocr.operators;

import dev.grcnn.ocr.model.image.ImagePreprocessor;
import dev.grcnn.ocr.model.image.InvalidImageException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes and validates each input record into a network input; whatever cannot be used goes to the
 * {@link #DEAD_LETTERS} side output with its reason, so bad input never fails the job and every
 * record ends in exactly one of the two outputs.
 */
public final class DecodeCropFunction extends ProcessFunction<CropRecord, DecodedCrop> {

  private static final long serialVersionUID = 1L;

  /** Header with the record's own candidate words, comma-separated UTF-8. */
  public static final String LEXICON_HEADER = "ocr.lexicon";

  /** The side output of records that cannot be recognised. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

  private final int maxBytes;
  private final long maxPixels;
  private final int maxLexiconWords;

  private transient ImagePreprocessor preprocessor;
  private transient Counter dead;

  /**
   * Creates the function.
   *
   * @param maxBytes largest encoded image accepted
   * @param maxPixels largest width x height accepted (checked from the header)
   * @param maxLexiconWords most words a record's lexicon may hold
   */
  public DecodeCropFunction(int maxBytes, long maxPixels, int maxLexiconWords) {
    this.maxBytes = maxBytes;
    this.maxPixels = maxPixels;
    this.maxLexiconWords = maxLexiconWords;
  }

  @Override
  public void open(OpenContext context) {
    preprocessor = new ImagePreprocessor(maxBytes, maxPixels);
    dead = getRuntimeContext().getMetricGroup().counter("deadLetters");
  }

  @Override
  public void processElement(CropRecord record, Context ctx, Collector<DecodedCrop> out) {
    try {
      String lexicon = lexicon(record);
      float[] input = preprocessor.preprocess(record.value);
      out.collect(
          new DecodedCrop(
              record.id(), input, lexicon, record.topic, record.partition, record.offset));
    } catch (InvalidImageException e) {
      reject(ctx, record, e.kind().name(), e.getMessage());
    } catch (BadLexicon e) {
      reject(ctx, record, "BAD_LEXICON", e.getMessage());
    } catch (RuntimeException e) {
      // A decoder bug must not stop the stream: the record is kept with what went wrong.
      reject(ctx, record, "INTERNAL", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private void reject(Context ctx, CropRecord record, String kind, String reason) {
    dead.inc();
    ctx.output(DEAD_LETTERS, new DeadLetter(record, kind, reason));
  }

  private String lexicon(CropRecord record) throws BadLexicon {
    byte[] raw = record.header(LEXICON_HEADER);
    if (raw == null) {
      return null;
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(raw))
              .toString();
    } catch (CharacterCodingException e) {
      throw new BadLexicon("the " + LEXICON_HEADER + " header is not UTF-8");
    }
    long words = text.chars().filter(c -> c == ',').count() + 1;
    if (words > maxLexiconWords) {
      throw new BadLexicon(
          "the "
              + LEXICON_HEADER
              + " header has "
              + words
              + " words; the limit is "
              + maxLexiconWords);
    }
    return text;
  }

  /** A lexicon header that cannot be used. */
  private static final class BadLexicon extends Exception {
    private static final long serialVersionUID = 1L;

    BadLexicon(String message) {
      super(message);
    }
  }
}
