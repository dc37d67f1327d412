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

  /** Dead-letter kind of a lexicon that is not UTF-8 or too long. */
  public static final String BAD_LEXICON = "BAD_LEXICON";

  /** Dead-letter kind of a JSON envelope that cannot be read. */
  public static final String BAD_ENVELOPE = "BAD_ENVELOPE";

  /** Dead-letter kind of an unexpected failure while decoding (a bug, kept with its record). */
  public static final String INTERNAL = "INTERNAL";

  /** The side output of records that cannot be recognised. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

  private final InputFormat format;
  private final int maxBytes;
  private final long maxPixels;
  private final int maxLexiconWords;

  private transient ImagePreprocessor preprocessor;
  private transient Counter in;
  private transient Counter decoded;
  private transient Counter dead;

  /**
   * Creates the function.
   *
   * @param format how records carry their crops
   * @param maxBytes largest encoded image accepted
   * @param maxPixels largest width x height accepted (checked from the header)
   * @param maxLexiconWords most words a record's lexicon may hold
   */
  public DecodeCropFunction(InputFormat format, int maxBytes, long maxPixels, int maxLexiconWords) {
    this.format = format;
    this.maxBytes = maxBytes;
    this.maxPixels = maxPixels;
    this.maxLexiconWords = maxLexiconWords;
  }

  @Override
  public void open(OpenContext context) {
    preprocessor = new ImagePreprocessor(maxBytes, maxPixels);
    var metrics = getRuntimeContext().getMetricGroup();
    in = metrics.counter("cropsIn");
    decoded = metrics.counter("cropsDecoded");
    dead = metrics.counter("deadLetters");
  }

  @Override
  public void processElement(CropRecord record, Context ctx, Collector<DecodedCrop> out) {
    in.inc();
    DecodedCrop crop = null;
    try {
      crop = format == InputFormat.JSON ? fromEnvelope(record) : fromRaw(record);
    } catch (InvalidImageException e) {
      reject(ctx, record, e.kind().name(), e.getMessage());
    } catch (BadLexicon e) {
      reject(ctx, record, BAD_LEXICON, e.getMessage());
    } catch (CropEnvelope.InvalidEnvelopeException e) {
      reject(ctx, record, BAD_ENVELOPE, e.getMessage());
    } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
      // A decoder bug, or an image that exhausts the heap or the stack of ImageIO, must not stop
      // the stream: the record is kept with what went wrong.
      reject(ctx, record, INTERNAL, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    if (crop == null) {
      return;
    }
    // Outside the try: a failure of a chained downstream operator must fail the task (and be
    // retried from the checkpoint), not turn this good record into a dead letter.
    decoded.inc();
    out.collect(crop);
  }

  private DecodedCrop fromRaw(CropRecord record) throws InvalidImageException, BadLexicon {
    String lexicon = checkedLexicon(headerLexicon(record));
    float[] input = preprocessor.preprocess(record.value);
    return new DecodedCrop(
        record.id(), input, lexicon, record.topic, record.partition, record.offset);
  }

  private DecodedCrop fromEnvelope(CropRecord record)
      throws InvalidImageException, BadLexicon, CropEnvelope.InvalidEnvelopeException {
    CropEnvelope envelope = CropEnvelope.parse(record.value);
    String lexicon =
        checkedLexicon(envelope.lexicon() != null ? envelope.lexicon() : headerLexicon(record));
    float[] input = preprocessor.preprocess(envelope.image());
    String id = envelope.id() != null && !envelope.id().isEmpty() ? envelope.id() : record.id();
    DecodedCrop crop =
        new DecodedCrop(id, input, lexicon, record.topic, record.partition, record.offset);
    crop.meta = envelope.meta();
    return crop;
  }

  private void reject(Context ctx, CropRecord record, String kind, String reason) {
    dead.inc();
    ctx.output(DEAD_LETTERS, new DeadLetter(record, kind, reason));
  }

  private static String headerLexicon(CropRecord record) throws BadLexicon {
    byte[] raw = record.header(LEXICON_HEADER);
    if (raw == null) {
      return null;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      throw new BadLexicon("the " + LEXICON_HEADER + " header is not UTF-8");
    }
  }

  private String checkedLexicon(String text) throws BadLexicon {
    if (text == null) {
      return null;
    }
    long words = text.chars().filter(c -> c == ',').count() + 1;
    if (words > maxLexiconWords) {
      throw new BadLexicon("the lexicon has " + words + " words; the limit is " + maxLexiconWords);
    }
    return text;
  }

  /** A lexicon that cannot be used. */
  private static final class BadLexicon extends Exception {
    private static final long serialVersionUID = 1L;

    BadLexicon(String message) {
      super(message);
    }
  }
}
