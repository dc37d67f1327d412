package dev.grcnn.ocr.cli;

import ai.djl.Device;
import picocli.CommandLine.Option;

/** The {@code --device} option of every command that runs a model. */
public final class DeviceOption {

  @Option(
      names = "--device",
      paramLabel = "DEV",
      defaultValue = "auto",
      description = "auto (GPU when one is seen), cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
  String name;

  /** The device asked for, checked. */
  public Device device() {
    return Arguments.device(name);
  }

  /** The name as given, for a job setting. */
  public String name() {
    return name;
  }
}
