package dev.secaudit.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.secaudit.model.Artifact;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a policy file into immutable records, or fails with one message that names the file, line,
 * column, field and a fix. Nothing is probed before a policy has loaded cleanly.
 */
public final class PolicyLoader {
  /** Policies are hand-written; anything larger is a mistake (or an attack on the parser). */
  public static final long MAX_BYTES = 1024 * 1024;

  public static final List<String> PRESETS =
      List.of("owasp-headers", "baseline-cookies", "hsts-preload", "mozilla-intermediate",
          "mozilla-modern");

  private static final Pattern ENV = Pattern.compile("\\$(\\$?)\\{env:([^}]*)\\}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Function<String, String> environment;
  private final Set<String> knownCheckIds;
  private final Map<String, Set<String>> knownRequirements;
  private final boolean requireEnvironment;
  /** Top-level sections whose unset variables are listed, not refused (see {@link #deferring}). */
  private final Set<String> deferredSections;
  private final List<Target> extraTargets;
  /** The extra targets are a population: only the names the policy does not have are added. */
  private final boolean fillIn;
  /** The claim vocabulary's topic ids, asked for only when a claim names one; null: unchecked. */
  private final Supplier<Set<String>> knownTopics;

  /**
   * @param environment how {@code ${env:NAME}} is resolved (System::getenv in production)
   * @param knownCheckIds every check id, so overrides and skips can be checked for typos
   */
  public PolicyLoader(Function<String, String> environment, Set<String> knownCheckIds) {
    this(environment, knownCheckIds, Map.of());
  }

  /**
   * @param knownRequirements requirement ids per framework id, so a claim mapped to a requirement
   *     that does not exist is an error instead of a row that silently never fills
   */
  public PolicyLoader(Function<String, String> environment, Set<String> knownCheckIds,
      Map<String, Set<String>> knownRequirements) {
    this(environment, knownCheckIds, knownRequirements, true, Set.of(), List.of(), false, null);
  }

  private PolicyLoader(Function<String, String> environment, Set<String> knownCheckIds,
      Map<String, Set<String>> knownRequirements, boolean requireEnvironment,
      Set<String> deferredSections, List<Target> extraTargets, boolean fillIn,
      Supplier<Set<String>> knownTopics) {
    this.environment = environment;
    this.knownCheckIds = knownCheckIds;
    this.knownRequirements = knownRequirements;
    this.requireEnvironment = requireEnvironment;
    this.deferredSections = Set.copyOf(deferredSections);
    this.extraTargets = List.copyOf(extraTargets);
    this.fillIn = fillIn;
    this.knownTopics = knownTopics;
  }

  /**
   * A loader that refuses a claim's {@code topic:} the claim vocabulary does not have (a typo
   * there was accepted silently, and the claim then read as no topic at all).
   */
  public PolicyLoader withTopics(Supplier<Set<String>> topics) {
    return new PolicyLoader(environment, knownCheckIds, knownRequirements, requireEnvironment,
        deferredSections, extraTargets, fillIn, topics);
  }

  /**
   * A loader that adds {@code targets} (from {@code scan --targets FILE}) after the policy's own
   * before validating, so a fleet policy may list no targets itself and every rule is checked
   * against the whole population.
   */
  public PolicyLoader withTargets(List<Target> targets) {
    return new PolicyLoader(environment, knownCheckIds, knownRequirements, requireEnvironment,
        deferredSections, targets, false, knownTopics);
  }

  /**
   * A loader that adds, of a scan's population, the targets the policy does not list itself (its
   * {@code --targets} fleet), so that {@code merge} reads the policy the shards were scanned with
   * without the fleet's file: the shards' population is that file's targets.
   */
  public PolicyLoader withPopulation(List<Target> members) {
    return new PolicyLoader(environment, knownCheckIds, knownRequirements, requireEnvironment,
        deferredSections, members, true, knownTopics);
  }

  /**
   * A loader for checking a policy's form where its secrets are not set (a laptop, a linter job):
   * an unset {@code ${env:NAME}} is listed in {@link LoadedPolicy#unsetVariables()} instead of
   * failing. A scan always needs the real values.
   */
  public PolicyLoader allowingUnsetVariables() {
    return new PolicyLoader(environment, knownCheckIds, knownRequirements, false,
        deferredSections, extraTargets, fillIn, knownTopics);
  }

  /**
   * A loader for a scan in which the probes of these top-level sections will not run (flows and
   * rate limits without --active): their secrets are not needed, so an unset one is listed in
   * {@link LoadedPolicy#unsetVariables()} instead of stopping the scan; anywhere else it is
   * still an error.
   */
  public PolicyLoader deferring(Set<String> sections) {
    return new PolicyLoader(environment, knownCheckIds, knownRequirements, requireEnvironment,
        sections, extraTargets, fillIn, knownTopics);
  }

  public LoadedPolicy load(Path file) {
    return load(file.toString(), InputFile.read(file, "policy", MAX_BYTES,
        "Start one from your site's own pages with 'secaudit init --from https://your.site/',"
            + " see a complete one with 'secaudit demo' (it writes the policy it ran beside its"
            + " report), or pass --policy PATH"));
  }

  public LoadedPolicy load(String display, byte[] bytes) {
    String text = InputFile.utf8(display, bytes, "policy");
    if (text.isBlank()) {
      throw new UsageException(display + ": the file is empty; a policy needs at least"
          + " 'version: 1' and a 'targets' list (see 'secaudit schema' or docs/policy.md)");
    }
    SourceTree source = SourceTree.parse(display, text);
    if (!source.root().isObject()) {
      throw new UsageException(source.positionOf("") + ": a policy is a mapping of keys"
          + " (version, name, targets, ...), not a " + kind(source.root()));
    }
    ObjectNode tree = (ObjectNode) source.root().deepCopy();
    Expansion env = new Expansion(source, tree);
    interpolate(tree, "", env);
    List<PolicyMistake> mistakes = new ArrayList<>(env.mistakes);
    ObjectNode merged = applyPresets(tree, source, mistakes);
    PolicyBinder.Result<Policy> bound = new PolicyBinder(source)
        .bind(merged, Policy.class, env.quiet, env.expanded::contains);
    mistakes.addAll(bound.mistakes());
    Policy policy = bound.value();
    if (policy != null) {
      if (!extraTargets.isEmpty()) {
        List<Target> all = new java.util.ArrayList<>(policy.targets());
        Set<String> own = new java.util.HashSet<>();
        policy.targets().forEach(t -> own.add(t.name()));
        policy.sources().forEach(e -> own.add(e.name()));
        extraTargets.stream().filter(t -> !fillIn || !own.contains(t.name())).forEach(all::add);
        policy = policy.withTargets(all);
      }
      for (PolicyValidator.Problem p
          : new PolicyValidator(knownCheckIds, knownRequirements, knownTopics)
              .validate(policy)) {
        // The rules see the parts that did bind; a complaint about a taken-out value would only
        // repeat its type mistake.
        String pointer = bound.original(p.pointer());
        if (!bound.followsFromMistake(pointer, p.message())) {
          mistakes.add(new PolicyMistake(source.positionOf(pointer), SourceTree.display(pointer),
              p.message()));
        }
      }
    }
    if (policy == null && mistakes.isEmpty()) {
      throw new UsageException(source.file() + ": the policy could not be read as a policy;"
          + " compare it with 'secaudit schema' or docs/policy.md");
    }
    if (!mistakes.isEmpty()) {
      // One list in file order, so the user fixes the file top to bottom in one pass; the sort is
      // stable, so problems at the same place keep the order the rules found them in.
      java.util.Collections.sort(mistakes);
      throw new UsageException(report(mistakes, env.secrets,
          bound.mistakes().size() >= PolicyBinder.MAX_MISTAKES));
    }
    return new LoadedPolicy(policy, source, Artifact.sha256(bytes), Set.copyOf(env.secrets),
        java.util.Collections.unmodifiableSet(env.unset));
  }

  /**
   * One line per mistake. A secret from ${env:} can still reach a message through a rule that
   * quotes a value (a URL with a token in it), so every message is redacted; positions are not,
   * so a short secret that happens to be digits cannot blank out a line number.
   */
  private static String report(List<PolicyMistake> mistakes, Set<String> secrets,
      boolean stoppedEarly) {
    dev.secaudit.model.Redactor redactor = new dev.secaudit.model.Redactor(secrets);
    StringBuilder sb = new StringBuilder();
    for (PolicyMistake m : mistakes) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(m.at()).append(": ").append(redactor.text(m.field() + ": " + m.message()));
    }
    if (stoppedEarly) {
      sb.append("\n(stopped after ").append(PolicyBinder.MAX_MISTAKES)
          .append(" type mistakes; fix these and run again)");
    }
    return sb.toString();
  }

  /** What ${env:} expansion found: the secrets it brought in and what was wrong on the way. */
  private static final class Expansion {
    final SourceTree source;
    final Set<String> secrets = new LinkedHashSet<>();
    final Set<String> unset = new java.util.TreeSet<>();
    final List<PolicyMistake> mistakes = new ArrayList<>();
    /** Values left unexpanded; binding takes them out quietly, as each has its message. */
    final Set<String> quiet = new LinkedHashSet<>();
    /** Values that hold a secret, so no message quotes them. */
    final Set<String> expanded = new java.util.HashSet<>();

    /** The file as written, for the headers that say how a body is read. */
    final JsonNode written;

    Expansion(SourceTree source, JsonNode written) {
      this.source = source;
      this.written = written.deepCopy();
    }

    void mistake(String pointer, String message) {
      mistakes.add(new PolicyMistake(source.positionOf(pointer), SourceTree.display(pointer),
          message));
      quiet.add(pointer);
    }
  }

  private void interpolate(JsonNode node, String pointer, Expansion env) {
    if (node instanceof ObjectNode obj) {
      Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
      List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
      it.forEachRemaining(entries::add);
      for (Map.Entry<String, JsonNode> e : entries) {
        String child = pointer + "/" + SourceTree.escape(e.getKey());
        if (e.getValue().isTextual()) {
          obj.set(e.getKey(), TextNode.valueOf(substitute(e.getValue().asText(), child, env,
              RequestBodies.syntax(env.written, child))));
        } else {
          interpolate(e.getValue(), child, env);
        }
      }
    } else if (node instanceof ArrayNode arr) {
      for (int i = 0; i < arr.size(); i++) {
        String child = pointer + "/" + i;
        if (arr.get(i).isTextual()) {
          arr.set(i, TextNode.valueOf(substitute(arr.get(i).asText(), child, env, null)));
        } else {
          interpolate(arr.get(i), child, env);
        }
      }
    }
  }

  /** @param body how the field is read when it is a request body, else null */
  private String substitute(String value, String pointer, Expansion env,
      RequestBodies.Body body) {
    Matcher m = ENV.matcher(value);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (m.find()) {
      // Where the text between the previous reference and this one starts in the input.
      int from = last;
      last = m.end();
      if (!m.group(1).isEmpty()) {
        // "$${env:X}" is the escape for a literal "${env:X}".
        m.appendReplacement(out, Matcher.quoteReplacement("${env:" + m.group(2) + "}"));
        continue;
      }
      String name = m.group(2);
      String v = ENV_NAME.matcher(name).matches() ? environment.apply(name) : null;
      if (v == null) {
        if (!ENV_NAME.matcher(name).matches()) {
          env.mistake(pointer, "'${env:" + name + "}' is not a valid variable name (letters,"
              + " digits, _)");
        } else if (requireEnvironment && !deferredSections.contains(topLevel(pointer))) {
          env.mistake(pointer, "environment variable " + name + " is not set (referenced as"
              + " ${env:" + name + "}); export it before running secaudit, or remove the"
              + " reference");
        } else {
          env.unset.add(name);
          env.quiet.add(pointer);
        }
        m.appendReplacement(out, Matcher.quoteReplacement("${env:" + name + "}"));
        continue;
      }
      if (!v.isEmpty()) {
        env.secrets.add(v);
        env.expanded.add(pointer);
      }
      String placed;
      if (body == null) {
        placed = UrlPlacement.place(pointer, value.substring(0, m.start()), v);
      } else {
        try {
          placed = RequestBodies.place(body, out + value.substring(from, m.start()),
              value.strip().equals(m.group()), v);
        } catch (BodyPlacement.Refused refused) {
          env.mistake(pointer, "${env:" + name + "} cannot be placed in this body: "
              + refused.getMessage());
          placed = "${env:" + name + "}";
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(placed));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The top-level key a JSON pointer starts under ("/flows/0/steps" is under "flows"). */
  private static String topLevel(String pointer) {
    int end = pointer.indexOf('/', 1);
    return end < 0 ? pointer.substring(1) : pointer.substring(1, end);
  }

  /**
   * The built-in presets the file extends, merged under it. A bad entry is a mistake added to
   * {@code mistakes} and left out, so the rest of the file is still checked and every mistake is
   * listed at once.
   */
  private ObjectNode applyPresets(ObjectNode tree, SourceTree source,
      List<PolicyMistake> mistakes) {
    JsonNode ext = tree.get("extends");
    if (ext == null || ext.isNull()) {
      return tree;
    }
    if (!ext.isArray()) {
      mistakes.add(new PolicyMistake(source.positionOf("/extends"), "extends",
          "expected a list of preset names such as [owasp-headers], got " + kind(ext)));
      // Taken out so binding does not say the same again.
      tree.remove("extends");
      return tree;
    }
    ObjectNode base = JsonNodeFactory.instance.objectNode();
    for (int i = 0; i < ext.size(); i++) {
      String name = ext.get(i).asText();
      if (!PRESETS.contains(name)) {
        mistakes.add(new PolicyMistake(source.positionOf("/extends/" + i), "extends[" + i + "]",
            "no built-in preset '" + name + "'" + Suggestions.didYouMean(name, PRESETS)
            + "; presets: " + String.join(", ", PRESETS)));
        continue;
      }
      merge(base, (ObjectNode) PresetSources.tree(name).root());
    }
    merge(base, tree);
    return base;
  }

  /** Deep merge: objects merge key by key, anything else (lists included) is replaced. */
  static void merge(ObjectNode into, ObjectNode from) {
    Iterator<Map.Entry<String, JsonNode>> it = from.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode existing = into.get(e.getKey());
      if (existing instanceof ObjectNode eo && e.getValue() instanceof ObjectNode fo) {
        merge(eo, fo);
      } else {
        into.set(e.getKey(), e.getValue().deepCopy());
      }
    }
  }

  /**
   * Turns a value that did not bind into a message that names the field, what was expected and
   * what was found.
   *
   * @param p the pointer of the bad value in the file as written (the binder's own pointer can be
   *     shifted when earlier bad list entries were dropped)
   */
  static PolicyMistake mistakeOf(RecordBinder.Mismatch e, String p, SourceTree source) {
    String field = SourceTree.display(p);
    JsonNode found = at(source, p);
    String message = switch (e.kind) {
      case UNKNOWN_KEY -> "unknown key '" + e.key + "'" + Suggestions.didYouMean(e.key, e.known)
          + "; allowed here: " + String.join(", ", e.known);
      case OUT_OF_RANGE -> {
        boolean isLong = e.expected == Long.TYPE || e.expected == Long.class;
        yield "expected a whole number from " + (isLong ? Long.MIN_VALUE : Integer.MIN_VALUE)
            + " to " + (isLong ? Long.MAX_VALUE : Integer.MAX_VALUE) + ", got "
            + (found == null ? "" : found.asText());
      }
      case REJECTED -> e.getCause().getMessage() != null ? e.getCause().getMessage()
          : "expected " + describe(e.expected);
      case WRONG_TYPE -> "expected " + describe(e.expected) + (found == null ? ""
          : ", got " + kind(found) + (found.isValueNode() ? " '" + found.asText() + "'" : ""));
    };
    if (e.kind == RecordBinder.Mismatch.Kind.UNKNOWN_KEY) {
      return new PolicyMistake(source.keyPositionOf(p),
          SourceTree.display(p.substring(0, Math.max(0, p.lastIndexOf('/')))), message);
    }
    return new PolicyMistake(source.positionOf(p), field, message);
  }

  private static JsonNode at(SourceTree source, String pointer) {
    JsonNode n = source.root().at(pointer.isEmpty() ? "" : pointer);
    return n.isMissingNode() ? null : n;
  }

  static String describe(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a text value";
    }
    // Values written as one scalar but bound to a record or enum come before the general cases.
    if (type == PolicyDuration.class) {
      return "a duration such as 30d, 24h, 1m or 90s";
    }
    if (type == Dpa.class) {
      return "true, false or the URL of the agreement";
    }
    if (type == Presence.class) {
      return "true, false or optional";
    }
    if (type == dev.secaudit.model.Mapping.class) {
      return "FRAMEWORK:REQUIREMENT such as soc2:CC6.7";
    }
    if (List.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "a mapping of keys";
    }
    if (type.isEnum()) {
      List<String> names = new ArrayList<>();
      for (Object c : type.getEnumConstants()) {
        names.add(((Enum<?>) c).name().toLowerCase(java.util.Locale.ROOT));
      }
      return "one of " + String.join(", ", names);
    }
    return "a " + type.getSimpleName();
  }

  static String kind(JsonNode n) {
    if (n.isObject()) {
      return "a mapping";
    }
    if (n.isArray()) {
      return "a list";
    }
    if (n.isBoolean()) {
      return "a boolean";
    }
    if (n.isNumber()) {
      return "a number";
    }
    if (n.isNull()) {
      return "nothing (null)";
    }
    return "text";
  }

  static String readResource(String name) {
    try (InputStream in = PolicyLoader.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
