package dev.grcnn.ocr.training.eval;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * Word accuracy of a model on a test set, 36-class and case-insensitive.
 *
 * @param images images in the set
 * @param unreadable images that did not decode (counted as wrong)
 * @param accuracy by protocol: "none" (lexicon-free), "lexicon50" (each image's own lexicon),
 *     "full" (all the set's lexicon words), "dictionary" (a large word list); only those that apply
 * @param imagesPerSecond recognition throughput, lexicon-free, including preprocessing
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvaluationReport(
    int images, int unreadable, Map<String, Double> accuracy, double imagesPerSecond) {}
