package dev.secaudit.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secaudit.model.Artifact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The policy a scan binds: the built-in profiles its {@code extends:} names, merged in that
 * order, then the file over them. A copy of the file alone does not say what a profile held in
 * the version that ran, so an evidence bundle keeps each profile's text and this merge beside
 * the copy, and anyone can merge them again to check it (docs/evidence.md, "Replaying a bundle").
 *
 * <p>Merged from the file as written ({@code ${env:NAME}} references stay references), which is
 * the loader's tree before expansion: no profile holds a reference, so expanding before or after
 * the merge binds the same policy.
 */
public final class EffectivePolicy {
  /** Where a built-in profile's text is inside secaudit's jar. */
  public static final String RESOURCE_DIR = "dev/secaudit/presets/";

  private EffectivePolicy() {}

  /**
   * One profile as shipped with this version.
   *
   * @param resource its path inside the jar ({@code dev/secaudit/presets/NAME.yaml})
   * @param text the file, byte for byte as the jar holds it
   */
  public record Profile(String name, String resource, String text) {
    public byte[] bytes() {
      return text.getBytes(StandardCharsets.UTF_8);
    }

    public String sha256() {
      return Artifact.sha256(bytes());
    }
  }

  /** The built-in profile {@code name}, which must be one of {@link PolicyLoader#PRESETS}. */
  public static Profile builtIn(String name) {
    if (!PolicyLoader.PRESETS.contains(name)) {
      throw new IllegalArgumentException("no built-in profile " + name);
    }
    String resource = RESOURCE_DIR + name + ".yaml";
    return new Profile(name, resource, PolicyLoader.readResource("/" + resource));
  }

  /** The profile names a policy's {@code extends:} lists, in order (none: empty). */
  public static List<String> extendsOf(JsonNode policy) {
    JsonNode ext = policy == null ? null : policy.get("extends");
    List<String> out = new ArrayList<>();
    if (ext != null && ext.isArray()) {
      ext.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  /**
   * The file over its profiles, as the loader merges them: mappings key by key, anything else
   * (lists included) replaced by the later one.
   *
   * @param profiles each name of {@code extends:} to that profile's parsed tree
   */
  public static ObjectNode resolve(JsonNode file, Function<String, JsonNode> profiles) {
    ObjectNode base = JsonNodeFactory.instance.objectNode();
    for (String name : extendsOf(file)) {
      PolicyLoader.merge(base, (ObjectNode) profiles.apply(name));
    }
    PolicyLoader.merge(base, (ObjectNode) file);
    return base;
  }

  /**
   * The policy text {@code policyText} (a copy as the bundle keeps it) resolved against the
   * profiles this version ships, or null when it extends none.
   */
  public static Resolved ofBuiltIns(String display, String policyText) {
    JsonNode file = SourceTree.parse(display, policyText).root();
    List<String> names = extendsOf(file);
    if (names.isEmpty() || !file.isObject()) {
      return null;
    }
    List<Profile> profiles = new ArrayList<>();
    names.stream().distinct().forEach(n -> profiles.add(builtIn(n)));
    return new Resolved(profiles, json(resolve(file, n -> PresetSources.tree(n).root())));
  }

  /**
   * The profiles a copy extends and what merging them gives.
   *
   * @param effective the merged policy as JSON ({@link #json})
   */
  public record Resolved(List<Profile> profiles, byte[] effective) {
    public Resolved {
      profiles = List.copyOf(profiles);
    }
  }

  /** A parsed profile or policy text, as the loader reads one. */
  public static JsonNode parse(String display, String text) {
    return SourceTree.parse(display, text).root();
  }

  /** The JSON form the bundle keeps: the contract's escapes, two-space indentation, a newline. */
  public static byte[] json(JsonNode tree) {
    try {
      return (dev.secaudit.model.ContractJson.mapper().writeValueAsString(tree) + "\n")
          .getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
