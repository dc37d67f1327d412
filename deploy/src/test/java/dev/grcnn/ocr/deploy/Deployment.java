package dev.grcnn.ocr.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.apache.flink.util.ParameterTool;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * One way of running the job (the compose file, a FlinkDeployment), reduced to what the checks
 * compare with the code: what runs, with which arguments and Flink configuration, on which volumes.
 *
 * @param name the file it was read from
 * @param image the image the Flink processes run
 * @param jobJar the job jar's path inside the image; null where Flink finds it in usrlib/
 * @param entryClass the job's main class
 * @param programArgs the arguments of the job's main
 * @param flinkConf the cluster's Flink configuration, as Flink will read it
 * @param jobManagerMounts mount paths of the JobManager
 * @param taskManagerMounts mount paths of the TaskManagers
 * @param podAnnotations annotations of the Flink pods (Kubernetes only)
 * @param containerPorts named ports of the Flink container (Kubernetes only)
 * @param taskManagerGpus NVIDIA GPUs a TaskManager asks for
 * @param taskManagerCpus CPUs of a TaskManager, 0 where not set
 * @param taskManagerEnv environment variables the file gives the TaskManagers (on top of the
 *     image's ENV)
 * @param fields other facts of the file by name: kind (compose or FlinkDeployment), buildContext,
 *     brokerMaxTransactionTimeoutMs, metadata.name, flinkVersion, upgradeMode
 * @param topics topics the file creates (compose), empty where it creates none
 * @param problems what was wrong already while reading it
 */
record Deployment(
    String name,
    String image,
    String jobJar,
    String entryClass,
    List<String> programArgs,
    Map<String, String> flinkConf,
    Set<String> jobManagerMounts,
    Set<String> taskManagerMounts,
    Map<String, String> podAnnotations,
    Map<String, Integer> containerPorts,
    int taskManagerGpus,
    double taskManagerCpus,
    Map<String, String> taskManagerEnv,
    Map<String, String> fields,
    Set<String> topics,
    List<String> problems) {

  static final String MAIN_CONTAINER = "flink-main-container";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The job's settings as its main reads them: {@code ocr.*} keys of the Flink configuration,
   * overridden by those among the arguments.
   */
  Map<String, String> jobSettings() {
    Map<String, String> s = new HashMap<>();
    flinkConf.forEach(
        (k, v) -> {
          if (k.startsWith("ocr.")) {
            s.put(k, v);
          }
        });
    ParameterTool.fromArgs(programArgs.toArray(String[]::new))
        .toMap()
        .forEach(
            (k, v) -> {
              if (k.startsWith("ocr.")) {
                s.put(k, v);
              }
            });
    return s;
  }

  /** Flink options: the cluster's configuration plus the non-{@code ocr.} arguments of main. */
  Map<String, String> flinkOptions() {
    Map<String, String> o = new LinkedHashMap<>(flinkConf);
    ParameterTool.fromArgs(programArgs.toArray(String[]::new))
        .toMap()
        .forEach(
            (k, v) -> {
              if (!k.startsWith("ocr.")) {
                o.put(k, v);
              }
            });
    return o;
  }

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)}");

  /**
   * The compose file as compose reads it with none of its variables set: each {@code
   * ${NAME:-default}} replaced by its default. A variable without a default would be empty on a
   * laptop that does not set it, which no setting here can take: a problem.
   */
  static String withDefaults(String name, String text, List<String> problems) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String rest = m.group(2);
      if (!rest.startsWith(":-")) {
        problems.add(
            name + ": variable " + m.group(1) + " has no default (write ${NAME:-default})");
        m.appendReplacement(out, "");
      } else {
        m.appendReplacement(out, Matcher.quoteReplacement(rest.substring(2)));
      }
    }
    m.appendTail(out);
    return out.toString();
  }

  static List<JsonNode> readYaml(String text) {
    List<JsonNode> docs = new ArrayList<>();
    for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
      if (doc != null) {
        docs.add(JSON.valueToTree(doc));
      }
    }
    return docs;
  }

  /**
   * Reads docker-compose.yml: the job manager's {@code standalone-job} command, the Flink
   * configuration of FLINK_PROPERTIES (as the image's entrypoint reads it), volumes, the broker's
   * settings and the topics its init service creates.
   */
  static Deployment fromCompose(String name, String text) {
    List<String> problems = new ArrayList<>();
    JsonNode services = readYaml(withDefaults(name, text, problems)).get(0).path("services");
    JsonNode jm = services.path("jobmanager");
    JsonNode tm = services.path("taskmanager");

    List<String> command = strings(jm.path("command"));
    String entryClass = null;
    List<String> programArgs = new ArrayList<>();
    Map<String, String> dynamicProperties = new LinkedHashMap<>();
    if (command.isEmpty() || !command.get(0).equals("standalone-job")) {
      problems.add(name + ": the jobmanager must run `standalone-job` (application mode)");
    } else {
      // standalone-job's own options come first; from the first other word on, Flink passes
      // everything to the job's main.
      int i = 1;
      for (; i < command.size(); i++) {
        String w = command.get(i);
        boolean hasValue = i + 1 < command.size();
        if (Set.of("--job-classname", "-j").contains(w) && hasValue) {
          entryClass = command.get(++i);
        } else if (Set.of("--fromSavepoint", "-s", "--job-id", "-jid").contains(w) && hasValue) {
          i++;
        } else if (Set.of("--allowNonRestoredState", "-n").contains(w)) {
          continue;
        } else if (w.startsWith("-D") && w.contains("=")) {
          String[] kv = w.substring(2).split("=", 2);
          dynamicProperties.put(kv[0], kv[1]);
        } else {
          break;
        }
      }
      programArgs.addAll(command.subList(i, command.size()));
    }

    String jmProperties = environment(jm).getOrDefault("FLINK_PROPERTIES", "");
    if (!jmProperties.equals(environment(tm).getOrDefault("FLINK_PROPERTIES", ""))) {
      problems.add(name + ": jobmanager and taskmanager have different FLINK_PROPERTIES");
    }
    if (!jm.path("image").asText().equals(tm.path("image").asText())) {
      problems.add(name + ": jobmanager and taskmanager run different images");
    }

    Map<String, String> fields = new HashMap<>();
    fields.put("kind", "compose");
    // Every published port of every service, as written: the checks want each bound to localhost.
    List<String> published = new ArrayList<>();
    services
        .fields()
        .forEachRemaining(
            service -> {
              for (JsonNode port : service.getValue().path("ports")) {
                published.add(service.getKey() + "=" + port.asText());
              }
            });
    fields.put("publishedPorts", String.join(",", published));
    JsonNode build = jm.path("build");
    fields.put("buildContext", build.isTextual() ? build.asText() : build.path("context").asText());
    build
        .path("args")
        .fields()
        .forEachRemaining(e -> fields.put("buildArg." + e.getKey(), e.getValue().asText()));
    String init = String.join("\n", strings(services.path("kafka-init").path("command")));
    fields.put("initWaitsForBroker", Boolean.toString(waitsForBroker(init)));
    String brokerMax = environment(services.path("kafka")).get("KAFKA_TRANSACTION_MAX_TIMEOUT_MS");
    if (brokerMax != null) {
      fields.put("brokerMaxTransactionTimeoutMs", brokerMax);
    }

    Map<String, String> conf = flinkProperties(name, jmProperties, problems);
    conf.putAll(dynamicProperties);
    return new Deployment(
        name,
        jm.path("image").asText(),
        null,
        entryClass,
        List.copyOf(programArgs),
        conf,
        composeMounts(jm),
        composeMounts(tm),
        Map.of(),
        Map.of(),
        0,
        0,
        composeEnvironment(tm),
        Map.copyOf(fields),
        createdTopics(init),
        List.copyOf(problems));
  }

  /**
   * FLINK_PROPERTIES as docker-entrypoint.sh of the Flink image reads it: it deletes every blank of
   * a line, then splits at the first ':'. A value with blanks in it would be changed silently.
   */
  private static Map<String, String> flinkProperties(
      String name, String properties, List<String> problems) {
    Map<String, String> conf = new LinkedHashMap<>();
    for (String line : properties.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] kv = line.split(":", 2);
      if (kv.length < 2) {
        problems.add(name + ": FLINK_PROPERTIES line without ':': " + line);
        continue;
      }
      if (kv[1].strip().matches(".*\\s.*")) {
        problems.add(
            name
                + ": FLINK_PROPERTIES value with blanks (the entrypoint would delete them): "
                + line.strip());
      }
      conf.put(kv[0].replaceAll("\\s", ""), kv[1].replaceAll("\\s", ""));
    }
    return conf;
  }

  /** A compose service's environment less FLINK_PROPERTIES (read apart as the configuration). */
  private static Map<String, String> composeEnvironment(JsonNode service) {
    Map<String, String> env = new LinkedHashMap<>(environment(service));
    env.remove("FLINK_PROPERTIES");
    return Map.copyOf(env);
  }

  private static Map<String, String> environment(JsonNode service) {
    Map<String, String> env = new LinkedHashMap<>();
    JsonNode e = service.path("environment");
    if (e.isObject()) {
      e.fields().forEachRemaining(f -> env.put(f.getKey(), f.getValue().asText()));
    } else {
      for (String kv : strings(e)) {
        String[] p = kv.split("=", 2);
        env.put(p[0], p.length > 1 ? p[1] : "");
      }
    }
    return env;
  }

  private static Set<String> composeMounts(JsonNode service) {
    Set<String> mounts = new LinkedHashSet<>();
    for (JsonNode v : service.path("volumes")) {
      if (v.isTextual()) {
        String[] parts = v.asText().split(":");
        mounts.add(parts.length > 1 ? parts[1] : parts[0]);
      } else {
        mounts.add(v.path("target").asText());
      }
    }
    return mounts;
  }

  private static final Pattern FOR_TOPICS = Pattern.compile("for\\s+\\w+\\s+in\\s+([^;\\n]+)");
  private static final Pattern TOPIC_FLAG = Pattern.compile("--topic\\s+\"?([A-Za-z0-9._-]+)");

  private static final Pattern WAIT_LOOP =
      Pattern.compile("(until|while)\\s[^\\n]*kafka-topics\\.sh[^\\n]*--list");

  /** Whether a topic script loops until the broker answers before it creates anything. */
  private static boolean waitsForBroker(String script) {
    Matcher wait = WAIT_LOOP.matcher(script);
    int create = script.indexOf("--create");
    return wait.find() && (create < 0 || wait.start() < create);
  }

  private static Set<String> createdTopics(String script) {
    Set<String> topics = new LinkedHashSet<>();
    Matcher loop = FOR_TOPICS.matcher(script);
    while (loop.find()) {
      topics.addAll(List.of(loop.group(1).strip().split("\\s+")));
    }
    Matcher flag = TOPIC_FLAG.matcher(script);
    while (flag.find()) {
      topics.add(flag.group(1));
    }
    return topics;
  }

  /**
   * Reads a FlinkDeployment of the Flink Kubernetes Operator. The JobManager's and TaskManager's
   * pod templates add to the common one, as the operator merges them.
   */
  static Deployment fromFlinkDeployment(String name, String text) {
    List<String> problems = new ArrayList<>();
    JsonNode doc = readYaml(text).get(0);
    if (!doc.path("kind").asText().equals("FlinkDeployment")
        || !doc.path("apiVersion").asText().equals("flink.apache.org/v1beta1")) {
      problems.add(name + ": not a flink.apache.org/v1beta1 FlinkDeployment");
    }
    JsonNode spec = doc.path("spec");
    JsonNode job = spec.path("job");
    String jarUri = job.path("jarURI").asText();
    if (!jarUri.startsWith("local://")) {
      problems.add(name + ": job.jarURI must be local:// (the jar is in the image): " + jarUri);
    }

    Map<String, String> conf = new LinkedHashMap<>();
    flatten("", spec.path("flinkConfiguration"), conf);

    JsonNode common = mainContainer(spec.path("podTemplate"));
    JsonNode jmContainer = mainContainer(spec.path("jobManager").path("podTemplate"));
    JsonNode tmContainer = mainContainer(spec.path("taskManager").path("podTemplate"));
    Set<String> jmMounts = new LinkedHashSet<>(mountPaths(common));
    jmMounts.addAll(mountPaths(jmContainer));
    Set<String> tmMounts = new LinkedHashSet<>(mountPaths(common));
    tmMounts.addAll(mountPaths(tmContainer));

    // The operator merges the TaskManager's pod template into the common one: its env wins.
    Map<String, String> tmEnv = new LinkedHashMap<>();
    for (JsonNode container : List.of(common, tmContainer)) {
      for (JsonNode e : container.path("env")) {
        if (!e.has("valueFrom")) { // values from secrets or fields are not the allocator's
          tmEnv.put(e.path("name").asText(), e.path("value").asText());
        }
      }
    }

    Map<String, Integer> ports = new LinkedHashMap<>();
    for (JsonNode p : common.path("ports")) {
      ports.put(p.path("name").asText(), p.path("containerPort").asInt());
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    spec.path("podTemplate")
        .path("metadata")
        .path("annotations")
        .fields()
        .forEachRemaining(f -> annotations.put(f.getKey(), f.getValue().asText()));

    JsonNode gpuLimit = tmContainer.path("resources").path("limits").path("nvidia.com/gpu");
    if (gpuLimit.isMissingNode()) {
      gpuLimit = common.path("resources").path("limits").path("nvidia.com/gpu");
    }

    Map<String, String> fields = new HashMap<>();
    fields.put("kind", "FlinkDeployment");
    fields.put("metadata.name", doc.path("metadata").path("name").asText());
    fields.put("flinkVersion", spec.path("flinkVersion").asText());
    fields.put("upgradeMode", job.path("upgradeMode").asText());
    JsonNode podSecurity = spec.path("podTemplate").path("spec").path("securityContext");
    fields.put("runAsNonRoot", podSecurity.path("runAsNonRoot").asText("unset"));
    JsonNode containerSecurity = common.path("securityContext");
    fields.put(
        "allowPrivilegeEscalation",
        containerSecurity.path("allowPrivilegeEscalation").asText("unset"));
    fields.put(
        "capabilitiesDrop",
        strings(containerSecurity.path("capabilities").path("drop")).toString());
    fields.put(
        "readOnlyRootFilesystem", containerSecurity.path("readOnlyRootFilesystem").asText("unset"));
    fields.put(
        "jobManagerEmptyDirs",
        String.join(",", emptyDirMounts(spec.path("podTemplate"), spec.path("jobManager"))));
    fields.put(
        "taskManagerEmptyDirs",
        String.join(",", emptyDirMounts(spec.path("podTemplate"), spec.path("taskManager"))));

    return new Deployment(
        name,
        spec.path("image").asText(),
        jarUri.replaceFirst("^local://", ""),
        job.path("entryClass").asText(null),
        strings(job.path("args")),
        conf,
        jmMounts,
        tmMounts,
        annotations,
        ports,
        gpuLimit.asInt(0),
        spec.path("taskManager").path("resource").path("cpu").asDouble(0),
        Map.copyOf(tmEnv),
        Map.copyOf(fields),
        Set.of(),
        List.copyOf(problems));
  }

  /** Nested flinkConfiguration maps become dotted keys; lists become ';'-separated values. */
  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              f ->
                  flatten(
                      prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(),
                      f.getValue(),
                      out));
    } else if (node.isArray()) {
      out.put(prefix, String.join(";", strings(node)));
    } else if (!node.isMissingNode()) {
      out.put(prefix, node.asText());
    }
  }

  private static JsonNode mainContainer(JsonNode podTemplate) {
    for (JsonNode c : podTemplate.path("spec").path("containers")) {
      if (c.path("name").asText().equals(MAIN_CONTAINER)) {
        return c;
      }
    }
    return JSON.missingNode();
  }

  /**
   * Mount paths of the Flink container of one kind of pod (the common pod template and the
   * JobManager's or TaskManager's) whose volume is an {@code emptyDir}: writable scratch space.
   */
  private static Set<String> emptyDirMounts(JsonNode common, JsonNode role) {
    Set<String> emptyDirs = new HashSet<>();
    for (JsonNode template : List.of(common, role.path("podTemplate"))) {
      for (JsonNode v : template.path("spec").path("volumes")) {
        if (v.has("emptyDir")) {
          emptyDirs.add(v.path("name").asText());
        }
      }
    }
    Set<String> paths = new TreeSet<>();
    for (JsonNode container :
        List.of(mainContainer(common), mainContainer(role.path("podTemplate")))) {
      for (JsonNode m : container.path("volumeMounts")) {
        if (emptyDirs.contains(m.path("name").asText())) {
          paths.add(m.path("mountPath").asText());
        }
      }
    }
    return paths;
  }

  private static List<String> mountPaths(JsonNode container) {
    List<String> paths = new ArrayList<>();
    for (JsonNode m : container.path("volumeMounts")) {
      paths.add(m.path("mountPath").asText());
    }
    return paths;
  }

  private static List<String> strings(JsonNode node) {
    if (node.isTextual()) {
      return List.of(node.asText());
    }
    return StreamSupport.stream(node.spliterator(), false).map(JsonNode::asText).toList();
  }
}
