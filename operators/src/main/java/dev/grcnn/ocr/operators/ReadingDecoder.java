package dev.grcnn.ocr.operators;

import dev.grcnn.ocr.model.Alphabet;
import dev.grcnn.ocr.model.decode.CharacterAllowlist;
import dev.grcnn.ocr.model.decode.DecodeMethod;
import dev.grcnn.ocr.model.decode.Lexicon;
import dev.grcnn.ocr.model.decode.LexiconDecoder;
import dev.grcnn.ocr.model.decode.Recognition;
import java.io.IOException;

/**
 * Turns one crop's network output into its reading, the same way for the streaming job and the SQL
 * provider: restricted to the crop's own allowlist, else the settings' one (masked inside
 * decoding); decoded against the crop's own lexicon, else the settings' lexicon file, else
 * greedily; with the number of alternatives the settings ask for.
 */
public final class ReadingDecoder {

  /**
   * A crop's reading and how it was chosen.
   *
   * @param recognition text, confidences, alternatives
   * @param decoding {@link Recognized#GREEDY}, {@link Recognized#RECORD_LEXICON} or {@link
   *     Recognized#GLOBAL_LEXICON}, with {@code -no-candidate} when no lexicon word was within
   *     reach
   */
  public record Reading(Recognition recognition, String decoding) {}

  private final Alphabet alphabet;
  private final LexiconDecoder fileLexicon;
  private final CharacterAllowlist allowlist;
  private final int alternatives;

  private ReadingDecoder(
      Alphabet alphabet, LexiconDecoder fileLexicon, CharacterAllowlist allowlist, int k) {
    this.alphabet = alphabet;
    this.fileLexicon = fileLexicon;
    this.allowlist = allowlist;
    this.alternatives = k;
  }

  /**
   * The decoder of the settings for a model's alphabet: reads the lexicon file when there is one.
   *
   * @throws IOException when the lexicon file cannot be read or has no usable word
   * @throws IllegalArgumentException when the allowlist has no character of the alphabet
   */
  public static ReadingDecoder of(InferenceSettings settings, Alphabet alphabet)
      throws IOException {
    LexiconDecoder fileLexicon = null;
    if (settings.lexiconFile() != null) {
      Lexicon lexicon = Lexicon.of(FlinkFiles.readLines(settings.lexiconFile()), alphabet);
      if (lexicon.size() == 0) {
        throw new IOException("the lexicon file " + settings.lexiconFile() + " has no usable word");
      }
      fileLexicon = new LexiconDecoder(lexicon, alphabet);
    }
    CharacterAllowlist allowlist = null;
    if (settings.allowlist() != null) {
      allowlist = CharacterAllowlist.of(settings.allowlist(), alphabet);
      if (allowlist.characters().isEmpty()) {
        throw new IllegalArgumentException(
            "the allowlist '"
                + settings.allowlist()
                + "' has no character of the model's alphabet");
      }
    }
    return new ReadingDecoder(alphabet, fileLexicon, allowlist, settings.alternatives());
  }

  /**
   * Reads one crop.
   *
   * @param networkOutput [T][classes] log-probabilities of the crop
   * @param lexicon the crop's own comma-separated lexicon, or null
   * @param ownAllowlist the crop's own allowlist, or null
   */
  public Reading decode(float[][] networkOutput, String lexicon, String ownAllowlist) {
    CharacterAllowlist list =
        ownAllowlist != null ? CharacterAllowlist.of(ownAllowlist, alphabet) : allowlist;
    float[][] logProbs = list == null ? networkOutput : list.mask(networkOutput);
    Lexicon own = lexicon == null ? null : Lexicon.parseCommaSeparated(lexicon, alphabet);
    Recognition r;
    String source;
    if (own != null && own.size() > 0) {
      r = LexiconDecoder.forOneCrop(own, alphabet).decode(logProbs, alternatives);
      source = Recognized.RECORD_LEXICON;
    } else if (fileLexicon != null) {
      r = fileLexicon.decode(logProbs, alternatives);
      source = Recognized.GLOBAL_LEXICON;
    } else {
      r = Recognition.greedy(logProbs, alphabet, alternatives);
      source = Recognized.GREEDY;
    }
    return new Reading(
        r, r.method() == DecodeMethod.LEXICON_NO_CANDIDATE ? source + "-no-candidate" : source);
  }
}
