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
record Dockerfile(List<Instruction> instructions) {

  record Instruction(String keyword, String arguments) {}

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
    Map<String, String> args = new LinkedHashMap<>();
    List<Instruction> resolved = new ArrayList<>();
    for (Instruction i : raw) {
      Instruction r = new Instruction(i.keyword(), substitute(i.arguments(), args));
      if (r.keyword().equals("ARG")) {
        String[] kv = r.arguments().split("=", 2);
        args.put(kv[0].strip(), kv.length > 1 ? unquote(kv[1].strip()) : "");
      }
      resolved.add(r);
    }
    return new Dockerfile(List.copyOf(resolved));
  }

  private static Instruction instruction(String line) {
    String[] parts = line.split("\\s+", 2);
    return new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1] : "");
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

  /** The image of the last FROM: the one the built image is based on. */
  String baseImage() {
    List<String> froms = arguments("FROM");
    return froms.isEmpty() ? "" : words(froms.get(froms.size() - 1)).get(0);
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
