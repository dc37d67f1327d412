package dev.grcnn.ocr.operators;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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

  /** Header holding the characters the crop's reading may contain (UTF-8). */
  public static final String ALLOWLIST_HEADER = "ocr.allowlist";

  /** Dead-letter kind of a lexicon that is not UTF-8 or too long. */
  public static final String BAD_LEXICON = "BAD_LEXICON";

  /** Dead-letter kind of a JSON envelope that cannot be read. */
  public static final String BAD_ENVELOPE = "BAD_ENVELOPE";

  /** Dead-letter kind of an unexpected failure while decoding (a bug, kept with its record). */
  public static final String INTERNAL = "INTERNAL";

  /**
   * More than a result's fields other than its id and meta take as JSON (text and greedy text of at
   * most a few dozen characters, 26 character confidences, up to 10 alternatives of as many
   * characters, decoding, model name and version, topic, numbers: about 2.5 KB at most).
   */
  static final int RESULT_FIXED_BYTES = 4096;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The side output of records that cannot be recognised. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

  private final DecodeSettings settings;

  private transient ImagePreprocessor preprocessor;
  private transient Counter in;
  private transient Counter decoded;
  private transient Counter dead;

  /** Creates the function. */
  public DecodeCropFunction(DecodeSettings settings) {
    this.settings = settings;
  }

  @Override
  public void open(OpenContext context) {
    preprocessor = new ImagePreprocessor(settings.maxImageBytes(), settings.maxImagePixels());
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
      crop = settings.format() == InputFormat.JSON ? fromEnvelope(record) : fromRaw(record);
    } catch (InvalidImageException e) {
      reject(ctx, record, e.kind().name(), e.getMessage());
    } catch (BadLexicon e) {
      reject(ctx, record, BAD_LEXICON, e.getMessage());
    } catch (ResultTooLarge e) {
      reject(ctx, record, InvalidImageException.Kind.TOO_LARGE.name(), e.getMessage());
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
    crop.allowlist = headerText(record, ALLOWLIST_HEADER);
    out.collect(crop);
  }

  private DecodedCrop fromRaw(CropRecord record)
      throws InvalidImageException, BadLexicon, ResultTooLarge {
    String lexicon = checkedLexicon(headerLexicon(record));
    String id = record.id();
    checkResultFits(id, null);
    float[] input = preprocessor.preprocess(record.value);
    DecodedCrop crop =
        new DecodedCrop(id, input, lexicon, record.topic, record.partition, record.offset);
    crop.key = key(record, id);
    return crop;
  }

  /** The record's key bytes as they came, or the id's UTF-8 when it has none. */
  private static byte[] key(CropRecord record, String id) {
    return record.key != null && record.key.length > 0
        ? record.key
        : id.getBytes(StandardCharsets.UTF_8);
  }

  private DecodedCrop fromEnvelope(CropRecord record)
      throws InvalidImageException,
          BadLexicon,
          CropEnvelope.InvalidEnvelopeException,
          ResultTooLarge {
    CropEnvelope envelope = CropEnvelope.parse(record.value);
    String lexicon =
        checkedLexicon(envelope.lexicon() != null ? envelope.lexicon() : headerLexicon(record));
    boolean ownId = envelope.id() != null && !envelope.id().isEmpty();
    String id = ownId ? envelope.id() : record.id();
    checkResultFits(id, envelope.meta());
    float[] input = preprocessor.preprocess(envelope.image());
    DecodedCrop crop =
        new DecodedCrop(id, input, lexicon, record.topic, record.partition, record.offset);
    crop.key = ownId ? id.getBytes(StandardCharsets.UTF_8) : key(record, id);
    crop.meta = envelope.meta();
    return crop;
  }

  /**
   * The result carries the id as its key and in its JSON, and the meta as raw JSON: with them it
   * must stay under the largest record the sink may write, or its send would fail the job.
   */
  private void checkResultFits(String id, String meta) throws ResultTooLarge {
    // At most 3 UTF-8 bytes a char in the key, 6 (an escape) in the JSON, 3 in the raw meta.
    long bound = RESULT_FIXED_BYTES + id.length() * 9L + (meta == null ? 0 : meta.length() * 3L);
    if (bound <= settings.maxRecordBytes()) {
      return; // the common case, without encoding anything
    }
    long exact = RESULT_FIXED_BYTES + id.getBytes(StandardCharsets.UTF_8).length;
    try {
      exact += JSON.writeValueAsBytes(id).length;
    } catch (JsonProcessingException e) {
      throw new ResultTooLarge("the crop id cannot be written as JSON: " + e.getOriginalMessage());
    }
    if (meta != null) {
      exact += meta.getBytes(StandardCharsets.UTF_8).length;
    }
    if (exact > settings.maxRecordBytes()) {
      throw new ResultTooLarge(
          "the crop id ("
              + id.length()
              + " characters) and meta ("
              + (meta == null ? 0 : meta.length())
              + ") would make a result of "
              + exact
              + " bytes, above the limit of "
              + settings.maxRecordBytes());
    }
  }

  private void reject(Context ctx, CropRecord record, String kind, String reason) {
    dead.inc();
    ctx.output(DEAD_LETTERS, new DeadLetter(record, kind, reason));
  }

  /**
   * A header as text; bytes that are not UTF-8 become U+FFFD, which no alphabet holds, so an
   * allowlist keeps only its readable characters.
   */
  private static String headerText(CropRecord record, String header) {
    byte[] raw = record.header(header);
    return raw == null ? null : new String(raw, StandardCharsets.UTF_8);
  }

  private String headerLexicon(CropRecord record) throws BadLexicon {
    byte[] raw = record.header(LEXICON_HEADER);
    if (raw == null) {
      return null;
    }
    if (raw.length > settings.maxLexiconBytes()) {
      // Before decoding: a hostile header costs no more than this check.
      throw new BadLexicon(
          "the "
              + LEXICON_HEADER
              + " header has "
              + raw.length
              + " bytes; the limit is "
              + settings.maxLexiconBytes());
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

  /**
   * The lexicon when within the limits of words, bytes and word length, which bound the work its
   * decoding takes later on the inference task.
   */
  private String checkedLexicon(String text) throws BadLexicon {
    if (text == null) {
      return null;
    }
    // An envelope's lexicon was not counted in bytes yet; UTF-8 takes at least a byte a char.
    if (text.length() > settings.maxLexiconBytes()
        || text.getBytes(StandardCharsets.UTF_8).length > settings.maxLexiconBytes()) {
      throw new BadLexicon(
          "the lexicon has more than "
              + settings.maxLexiconBytes()
              + " bytes; the limit is "
              + settings.maxLexiconBytes());
    }
    long words = 1;
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == ',') {
        int chars = text.substring(start, i).strip().length();
        if (chars > settings.maxLexiconWordChars()) {
          throw new BadLexicon(
              "the lexicon's word "
                  + words
                  + " has "
                  + chars
                  + " characters; the limit is "
                  + settings.maxLexiconWordChars());
        }
        if (i < text.length()) {
          words++;
        }
        start = i + 1;
      }
    }
    if (words > settings.maxLexiconWords()) {
      throw new BadLexicon(
          "the lexicon has " + words + " words; the limit is " + settings.maxLexiconWords());
    }
    return text;
  }

  /** A crop whose result could not be written. */
  private static final class ResultTooLarge extends Exception {
    private static final long serialVersionUID = 1L;

    ResultTooLarge(String message) {
      super(message);
    }
  }

  /** A lexicon that cannot be used. */
  private static final class BadLexicon extends Exception {
    private static final long serialVersionUID = 1L;

    BadLexicon(String message) {
      super(message);
    }
  }
}
