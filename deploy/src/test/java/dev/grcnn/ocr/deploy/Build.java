package dev.grcnn.ocr.deploy;

import java.nio.file.Path;

/**
 * What the Maven build made and with which versions (failsafe passes them as system properties, see
 * deploy/pom.xml): the checks compare the deployment files with this.
 *
 * @param version the project's version
 * @param flinkVersion Flink the job is built against
 * @param djlVersion DJL version
 * @param pytorchVersion PyTorch version of the native library
 * @param nativeArtifact pytorch-native-cpu, or pytorch-native-cu118 with -Pgpu
 * @param nativeClassifier platform classifier of the native library
 * @param deployDir the deploy module
 * @param context the assembled image build context
 * @param jobJar the job module's shaded jar
 * @param shippedModel the repository's model directory
 */
record Build(
    String version,
    String flinkVersion,
    String djlVersion,
    String pytorchVersion,
    String nativeArtifact,
    String nativeClassifier,
    Path deployDir,
    Path context,
    Path jobJar,
    Path shippedModel) {

  static Build fromSystemProperties() {
    Path deployDir = Path.of(property("deploy.dir"));
    return new Build(
        property("project.version"),
        property("flink.version"),
        property("djl.version"),
        property("pytorch.version"),
        property("pytorch.native.artifact"),
        property("pytorch.native.classifier"),
        deployDir,
        Path.of(property("docker.context")),
        Path.of(property("job.jar")).normalize(),
        deployDir.resolve("../models/default").normalize());
  }

  private static String property(String name) {
    String v = System.getProperty(name);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException(
          "system property " + name + " is not set: run through Maven (mvn verify -pl deploy -am)");
    }
    return v;
  }

  /** The file name of the job's shaded jar (job/pom.xml, classifier flink). */
  String jobJarName() {
    return "grcnn-job-" + version + "-flink.jar";
  }
}
