package dev.grcnn.ocr.sql;

import java.util.List;

/**
 * The forward pass that read a batch of rows, as the columns {@code batch_size} and {@code
 * inference_millis} show it (the streaming job's {@code batchSize} and {@code inferenceMillis}).
 *
 * @param rows rows read in the pass
 * @param millis milliseconds of the pass
 * @param readings one per row, in order
 */
record ForwardPass(int rows, long millis, List<RowReading> readings) {}
