package dev.grcnn.ocr.operators;

import dev.grcnn.ocr.model.image.ImagePreprocessor;
import java.io.Serializable;

/**
 * What the decode function checks each record against, shipped with the job graph.
 *
 * @param format how records carry their crops
 * @param maxImageBytes largest encoded image accepted
 * @param maxImagePixels largest width x height accepted (checked from the header)
 * @param maxLexiconWords most words a record's own lexicon may hold
 * @param maxLexiconBytes most bytes (UTF-8) a record's own lexicon may take
 * @param maxLexiconWordChars most characters one word of a record's own lexicon may have
 * @param maxRecordBytes largest record the job may write: a crop whose result could be larger
 *     (because of a huge id or meta) is a {@code TOO_LARGE} dead letter, not a sink failure
 */
public record DecodeSettings(
    InputFormat format,
    int maxImageBytes,
    long maxImagePixels,
    int maxLexiconWords,
    int maxLexiconBytes,
    int maxLexiconWordChars,
    int maxRecordBytes)
    implements Serializable {

  /** The most words of a record's own lexicon unless set otherwise. */
  public static final int DEFAULT_MAX_LEXICON_WORDS = 10_000;

  /** The most bytes of a record's own lexicon unless set otherwise (64 KiB). */
  public static final int DEFAULT_MAX_LEXICON_BYTES = 64 * 1024;

  /**
   * The longest word of a record's own lexicon unless set otherwise: well above what the model's 26
   * output steps can read, so a long word with punctuation still passes (it is skipped at scoring
   * when it cannot fit), while a hostile one of megabytes is refused.
   */
  public static final int DEFAULT_MAX_LEXICON_WORD_CHARS = 64;

  /** Checks the values. */
  public DecodeSettings {
    if (format == null) {
      throw new IllegalArgumentException("an input format is required");
    }
    if (maxImageBytes < 1
        || maxImagePixels < 0
        || maxLexiconWords < 1
        || maxLexiconBytes < 1
        || maxLexiconWordChars < 1) {
      throw new IllegalArgumentException(
          "image bytes and lexicon words, bytes and word characters must be >= 1, image pixels"
              + " >= 0");
    }
    if (maxRecordBytes < DeadLetterSerializer.MIN_MAX_RECORD_BYTES) {
      throw new IllegalArgumentException(
          "the largest record must be at least " + DeadLetterSerializer.MIN_MAX_RECORD_BYTES);
    }
  }

  /** The defaults of every limit, for records in {@code format}. */
  public static DecodeSettings defaults(InputFormat format) {
    return new DecodeSettings(
        format,
        ImagePreprocessor.DEFAULT_MAX_BYTES,
        ImagePreprocessor.DEFAULT_MAX_PIXELS,
        DEFAULT_MAX_LEXICON_WORDS,
        DEFAULT_MAX_LEXICON_BYTES,
        DEFAULT_MAX_LEXICON_WORD_CHARS,
        DeadLetterSerializer.DEFAULT_MAX_RECORD_BYTES);
  }

  /** The same settings with another lexicon limit. */
  public DecodeSettings withMaxLexiconWords(int words) {
    return new DecodeSettings(
        format,
        maxImageBytes,
        maxImagePixels,
        words,
        maxLexiconBytes,
        maxLexiconWordChars,
        maxRecordBytes);
  }

  /** The same settings with another record limit. */
  public DecodeSettings withMaxRecordBytes(int bytes) {
    return new DecodeSettings(
        format,
        maxImageBytes,
        maxImagePixels,
        maxLexiconWords,
        maxLexiconBytes,
        maxLexiconWordChars,
        bytes);
  }
}
