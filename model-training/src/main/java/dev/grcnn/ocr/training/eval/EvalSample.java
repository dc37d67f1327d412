package dev.grcnn.ocr.training.eval;

import java.util.List;

/**
 * One test image.
 *
 * @param name the image's file name or key, for the predictions file
 * @param image the encoded image
 * @param label the ground truth as given
 * @param lexicon the image's own candidate words (e.g. IC03's 50 words), empty when none
 */
public record EvalSample(String name, byte[] image, String label, List<String> lexicon) {}
