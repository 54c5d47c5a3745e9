package dev.secaudit.claim;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The controlled vocabulary of claims (src/main/resources/dev/secaudit/claim/topics.yaml), its
 * phrases stemmed once with the same analyser that reads sentences, so the file is written in
 * plain words.
 */
public final class Vocabulary {
  public static final String RESOURCE = "/dev/secaudit/claim/topics.yaml";

  private final List<Topic> topics;
  private final Map<String, Topic> byId = new LinkedHashMap<>();
  private final Set<String> neutral;
  private final List<List<String>> negations;
  private final List<List<String>> planned;
  private final List<List<String>> existential;
  private final List<List<String>> universal;
  private final List<List<String>> partial;
  private final Map<String, List<List<String>>> scope;
  private final Set<String> scopeKept;
  private final List<List<String>> documentVerbs;
  private final List<List<String>> documentObjects;
  private final List<List<String>> signedIn;
  private final Map<String, Set<String>> tokenKinds;
  private final Map<String, Set<String>> endpointKinds;

  record File(
      List<String> neutral,
      List<String> negations,
      List<String> planned,
      List<String> existential,
      Map<String, List<String>> quantifiers,
      Map<String, List<String>> scope,
      @JsonProperty("scope_kept") List<String> scopeKept,
      @JsonProperty("document_request") Map<String, List<String>> documentRequest,
      @JsonProperty("signed_in") List<String> signedIn,
      @JsonProperty("token_kinds") Map<String, List<String>> tokenKinds,
      @JsonProperty("endpoint_kinds") Map<String, List<String>> endpointKinds,
      List<TopicEntry> topics) {}

  record Violation(List<String> cues, List<List<String>> together) {}

  record TopicEntry(
      String id,
      String title,
      List<String> cues,
      List<List<String>> together,
      Violation violation,
      Quantity.Unit unit,
      Quantity.Comparison comparison,
      Map<Quantity.Unit, String> refine,
      @JsonProperty("abstract") Boolean isAbstract,
      List<String> checks,
      List<String> values,
      List<String> supersedes,
      @JsonProperty("decided_by") List<String> decidedBy,
      @JsonProperty("named_beside") List<String> namedBeside,
      List<String> beside) {}

  private Vocabulary(File f) {
    this.neutral = f.neutral().stream().flatMap(w -> Words.stems(w).stream())
        .collect(Collectors.toUnmodifiableSet());
    this.negations = phrases(f.negations());
    this.planned = phrases(f.planned());
    this.existential = phrases(f.existential());
    this.universal = phrases(f.quantifiers().getOrDefault("all", List.of()));
    this.partial = phrases(f.quantifiers().getOrDefault("some", List.of()));
    Map<String, List<List<String>>> s = new LinkedHashMap<>();
    f.scope().forEach((k, v) -> s.put(k, phrases(v)));
    this.scope = Map.copyOf(s);
    this.scopeKept = f.scopeKept() == null ? Set.of() : Set.copyOf(f.scopeKept());
    this.documentVerbs = phrases(f.documentRequest().get("verbs"));
    this.documentObjects = phrases(f.documentRequest().get("objects"));
    this.signedIn = phrases(f.signedIn() == null ? List.of() : f.signedIn());
    Map<String, Set<String>> kinds = new LinkedHashMap<>();
    (f.tokenKinds() == null ? Map.<String, List<String>>of() : f.tokenKinds()).forEach((k, v) ->
        kinds.put(k, v.stream().flatMap(w -> Words.stems(w).stream())
            .collect(Collectors.toUnmodifiableSet())));
    this.tokenKinds = java.util.Collections.unmodifiableMap(kinds);
    Map<String, Set<String>> endpoints = new LinkedHashMap<>();
    (f.endpointKinds() == null ? Map.<String, List<String>>of() : f.endpointKinds())
        .forEach((k, v) -> {
          if (!k.startsWith(Scope.ENDPOINT_KIND) || !s.containsKey(k)) {
            throw new IllegalStateException("endpoint_kinds names " + k + ", which is no scope"
                + " class under " + Scope.ENDPOINT_KIND + " in " + RESOURCE);
          }
          endpoints.put(k, v.stream().map(w -> w.toLowerCase(java.util.Locale.ROOT))
              .collect(Collectors.toUnmodifiableSet()));
        });
    s.keySet().stream().filter(k -> k.startsWith(Scope.ENDPOINT_KIND))
        .filter(k -> !endpoints.containsKey(k)).findFirst().ifPresent(k -> {
          throw new IllegalStateException("scope class " + k + " has no endpoint_kinds entry in "
              + RESOURCE);
        });
    this.endpointKinds = java.util.Collections.unmodifiableMap(endpoints);
    List<Topic> list = new ArrayList<>();
    for (TopicEntry e : f.topics()) {
      Violation v = e.violation();
      Topic t = new Topic(e.id(), e.title(), phrases(e.cues()), groups(e.together()),
          v == null ? List.of() : phrases(v.cues()), v == null ? List.of() : groups(v.together()),
          e.unit(), e.comparison() != null ? e.comparison()
              : Boolean.TRUE.equals(e.isAbstract()) ? null : Quantity.Comparison.EXACTLY,
          e.refine() == null ? Map.of() : Map.copyOf(e.refine()),
          Boolean.TRUE.equals(e.isAbstract()), e.checks() == null ? List.of() : List.copyOf(e.checks()),
          e.values() == null ? List.of()
              : e.values().stream().flatMap(w -> Words.stems(w).stream()).toList(),
          e.supersedes() == null ? List.of() : List.copyOf(e.supersedes()),
          e.decidedBy() == null ? List.of() : List.copyOf(e.decidedBy()),
          e.namedBeside() == null ? List.of() : List.copyOf(e.namedBeside()),
          e.values() == null ? Map.of() : e.values().stream().collect(Collectors.toUnmodifiableMap(
              w -> String.join(" ", Words.stems(w)), w -> w, (a, b) -> a)),
          phrases(e.beside()));
      if (byId.put(t.id(), t) != null) {
        throw new IllegalStateException("topic " + t.id() + " is listed twice in " + RESOURCE);
      }
      list.add(t);
    }
    for (Topic t : list) {
      for (String other : t.supersedes()) {
        if (!byId.containsKey(other)) {
          throw new IllegalStateException(t.id() + " supersedes unknown topic " + other);
        }
      }
      // A check that decides a topic cannot also be one a claim on it never states.
      t.namedBeside().stream().filter(t.decidedBy()::contains).findFirst().ifPresent(k -> {
        throw new IllegalStateException(t.id() + " lists " + k + " under both decided_by and"
            + " named_beside in " + RESOURCE);
      });
      for (String refined : t.refine().values()) {
        if (!byId.containsKey(refined)) {
          throw new IllegalStateException(t.id() + " refines to unknown topic " + refined);
        }
      }
    }
    this.topics = List.copyOf(list);
  }

  private static final class Holder {
    static final Vocabulary BUILT_IN = load();
  }

  /** The vocabulary shipped in the jar, read once. */
  public static Vocabulary builtIn() {
    return Holder.BUILT_IN;
  }

  private static Vocabulary load() {
    ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    try (InputStream in = Vocabulary.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("claim vocabulary missing from the jar: " + RESOURCE);
      }
      return new Vocabulary(mapper.readValue(in, File.class));
    } catch (IOException e) {
      throw new UncheckedIOException("claim vocabulary " + RESOURCE + " unreadable", e);
    }
  }

  private static List<List<String>> phrases(List<String> words) {
    if (words == null) {
      return List.of();
    }
    return words.stream().map(Words::stems).filter(p -> !p.isEmpty()).distinct().toList();
  }

  private static List<List<List<String>>> groups(List<List<String>> groups) {
    return groups == null ? List.of() : groups.stream().map(Vocabulary::phrases).toList();
  }

  public List<Topic> topics() {
    return topics;
  }

  public Optional<Topic> topic(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  boolean neutral(String stem) {
    return neutral.contains(stem);
  }

  List<List<String>> negations() {
    return negations;
  }

  List<List<String>> planned() {
    return planned;
  }

  List<List<String>> existential() {
    return existential;
  }

  List<List<String>> universal() {
    return universal;
  }

  List<List<String>> partialQuantifiers() {
    return partial;
  }

  Map<String, List<List<String>>> scope() {
    return scope;
  }

  /** Whether a scope class stays scope when a topic's words name it too. */
  boolean keepsScope(String scopeClass) {
    return scopeKept.contains(scopeClass);
  }

  List<List<String>> documentVerbs() {
    return documentVerbs;
  }

  List<List<String>> documentObjects() {
    return documentObjects;
  }

  /** The stems of a flow rule's words that name each kind of token ("reset": token.reset). */
  Map<String, Set<String>> tokenKinds() {
    return tokenKinds;
  }

  /**
   * The words of a target's name, tags, host labels and paths that make it one of each kind of
   * endpoint ("api": endpoint.api), lower-cased as written; an empty set for a kind no listed
   * target shows (subdomains).
   */
  Map<String, Set<String>> endpointKinds() {
    return endpointKinds;
  }

  /** Words that limit a sentence to signed-in pages and sessions ("after sign-in"). */
  List<List<String>> signedIn() {
    return signedIn;
  }
}
