package dev.grcnn.ocr.cli;

import ai.djl.Device;
import dev.grcnn.ocr.model.GrcnnConfig;
import dev.grcnn.ocr.model.OcrModel;

/** Conversions of option values shared by several commands; a bad value is a usage error. */
final class Arguments {

  private Arguments() {}

  /** A named config, for the option {@code option}. */
  static GrcnnConfig config(String option, String name) {
    try {
      return GrcnnConfig.byName(name.strip());
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + ": " + e.getMessage());
    }
  }

  /** A device spec (auto, cpu, gpu, gpu:N), for the option {@code --device}. */
  static Device device(String spec) {
    try {
      return OcrModel.device(spec);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--device: " + e.getMessage());
    }
  }
}
