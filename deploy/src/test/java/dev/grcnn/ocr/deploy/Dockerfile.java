package dev.grcnn.ocr.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read as far as the checks need: its instructions with continuation lines joined,
 * comments dropped and {@code ${ARG}} references replaced by the ARGs' defaults. Shell form only,
 * which is what deploy/docker uses.
 */
record Dockerfile(List<Instruction> instructions, Map<String, String> globalArgs) {

  /** An instruction's arguments with ARG references replaced, and as written. */
  record Instruction(String keyword, String arguments, String written) {}

  /** A build stage: FROM {@code base} [AS {@code name}] and its instructions. */
  record Stage(String name, String base, List<Instruction> instructions) {}

  /** A COPY: its flags (--chown=...), its sources in the build context and its destination. */
  record Copy(List<String> flags, List<String> sources, String destination) {

    boolean fromContext() {
      return flags.stream().noneMatch(f -> f.startsWith("--from="));
    }
  }

  private static final Pattern ARG_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  static Dockerfile parse(String text) {
    List<Instruction> raw = new ArrayList<>();
    StringBuilder current = null;
    for (String line : text.split("\n", -1)) {
      String t = line.strip();
      if (t.startsWith("#") || (current == null && t.isEmpty())) {
        continue;
      }
      boolean continues = t.endsWith("\\");
      String part = continues ? t.substring(0, t.length() - 1).strip() : t;
      current = current == null ? new StringBuilder(part) : current.append(' ').append(part);
      if (!continues) {
        raw.add(instruction(current.toString()));
        current = null;
      }
    }
    if (current != null) {
      raw.add(instruction(current.toString()));
    }
    // ARGs before the first FROM are global; `ARG NAME` in a stage takes the global default.
    Map<String, String> args = new LinkedHashMap<>();
    Map<String, String> global = new LinkedHashMap<>();
    List<Instruction> resolved = new ArrayList<>();
    for (Instruction i : raw) {
      Instruction r = new Instruction(i.keyword(), substitute(i.arguments(), args), i.arguments());
      if (r.keyword().equals("ARG")) {
        String[] kv = r.arguments().split("=", 2);
        String name = kv[0].strip();
        if (kv.length > 1) {
          args.put(name, unquote(kv[1].strip()));
        } else {
          args.putIfAbsent(name, "");
        }
        if (resolved.stream().noneMatch(x -> x.keyword().equals("FROM"))) {
          global.put(name, args.get(name));
        }
      }
      resolved.add(r);
    }
    return new Dockerfile(List.copyOf(resolved), Map.copyOf(global));
  }

  List<Stage> stages() {
    List<Stage> stages = new ArrayList<>();
    String name = null;
    String base = null;
    List<Instruction> body = new ArrayList<>();
    for (Instruction i : instructions) {
      if (i.keyword().equals("FROM")) {
        if (base != null) {
          stages.add(new Stage(name, base, List.copyOf(body)));
        }
        List<String> w = words(i.arguments());
        base = w.get(0);
        name = w.size() >= 3 && w.get(1).equalsIgnoreCase("AS") ? w.get(2) : null;
        body.clear();
      } else if (base != null) {
        body.add(i);
      }
    }
    if (base != null) {
      stages.add(new Stage(name, base, List.copyOf(body)));
    }
    return stages;
  }

  Optional<Stage> stage(String name) {
    return stages().stream().filter(s -> name.equals(s.name())).findFirst();
  }

  /** An image reference with stage names followed back to the image they start from. */
  String resolve(String image) {
    Optional<Stage> s = stage(image);
    return s.isPresent() ? resolve(s.get().base()) : image;
  }

  private static Instruction instruction(String line) {
    String[] parts = line.split("\\s+", 2);
    String arguments = parts.length > 1 ? parts[1] : "";
    return new Instruction(parts[0].toUpperCase(), arguments, arguments);
  }

  private static String substitute(String s, Map<String, String> args) {
    Matcher m = ARG_REFERENCE.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(args.getOrDefault(m.group(1), m.group())));
    }
    return m.appendTail(out).toString();
  }

  List<String> arguments(String keyword) {
    return instructions.stream()
        .filter(i -> i.keyword().equals(keyword))
        .map(Instruction::arguments)
        .toList();
  }

  /** What the last stage, the built image, starts from: a stage name or an image. */
  String lastStageBase() {
    List<Stage> stages = stages();
    return stages.isEmpty() ? "" : stages.get(stages.size() - 1).base();
  }

  /** The last FROM as written, before ARG references are replaced. */
  String lastFromAsWritten() {
    List<Instruction> froms =
        instructions.stream().filter(i -> i.keyword().equals("FROM")).toList();
    return froms.isEmpty() ? "" : froms.get(froms.size() - 1).written();
  }

  /** The image the built image is based on, through any stages. */
  String baseImage() {
    return resolve(lastStageBase());
  }

  /** Every ENV variable with its value, later ones replacing earlier ones. */
  Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    for (String a : arguments("ENV")) {
      for (String word : words(a)) {
        String[] kv = word.split("=", 2);
        env.put(kv[0], kv.length > 1 ? unquote(kv[1]) : "");
      }
    }
    return env;
  }

  List<Copy> copies() {
    List<Copy> copies = new ArrayList<>();
    for (String a : arguments("COPY")) {
      List<String> flags = new ArrayList<>();
      List<String> rest = new ArrayList<>();
      for (String w : words(a)) {
        (rest.isEmpty() && w.startsWith("--") ? flags : rest).add(unquote(w));
      }
      if (rest.size() >= 2) {
        copies.add(
            new Copy(
                List.copyOf(flags),
                List.copyOf(rest.subList(0, rest.size() - 1)),
                rest.get(rest.size() - 1)));
      }
    }
    return copies;
  }

  /**
   * Where a path inside the image comes from in the build context, through a directory COPY (both
   * sides ending in '/'), if one covers it.
   */
  Optional<String> contextPathOf(String imagePath) {
    for (Copy c : copies()) {
      if (!c.fromContext() || c.sources().size() != 1 || !c.destination().endsWith("/")) {
        continue;
      }
      String source = c.sources().get(0);
      if (source.endsWith("/") && imagePath.startsWith(c.destination())) {
        return Optional.of(source + imagePath.substring(c.destination().length()));
      }
    }
    return Optional.empty();
  }

  /** Splits on blanks outside double quotes. */
  private static List<String> words(String s) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean quoted = false;
    for (char c : s.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      }
      if (Character.isWhitespace(c) && !quoted) {
        if (!w.isEmpty()) {
          words.add(w.toString());
          w.setLength(0);
        }
      } else {
        w.append(c);
      }
    }
    if (!w.isEmpty()) {
      words.add(w.toString());
    }
    return words;
  }

  private static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")
        ? s.substring(1, s.length() - 1)
        : s.replace("\"", "");
  }
}
