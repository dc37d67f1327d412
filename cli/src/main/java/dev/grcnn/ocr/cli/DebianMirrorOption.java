package dev.grcnn.ocr.cli;

import picocli.CommandLine.Option;

/** {@code --debian-mirror}, for the commands that build the stand-in images with debootstrap. */
final class DebianMirrorOption {

  @Option(
      names = "--debian-mirror",
      paramLabel = "URL",
      defaultValue = "http://deb.debian.org/debian",
      description = "Where debootstrap gets the base image's packages (default: ${DEFAULT-VALUE}).")
  String url;
}
