package dev.secaudit.probe.retention;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.ArtifactKind;
import dev.secaudit.model.Redactor;
import dev.secaudit.policy.Retention;
import dev.secaudit.probe.SourceArtifact;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An S3 (or R2, which speaks the S3 API) bucket lifecycle configuration in the JSON form the AWS
 * CLI prints: which enabled rule expires the objects under a prefix, and after how many days. A
 * rule narrowed by tags or object size does not cover every object, so it does not count.
 */
public final class LifecycleDocument {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Redactor redactor;
  private final Clock clock;

  public LifecycleDocument(Redactor redactor, Clock clock) {
    this.redactor = redactor;
    this.clock = clock;
  }

  public RetentionObservation read(String name, Path file, Retention.RetentionLifecycle spec) {
    String location = "lifecycle:" + file;
    String text;
    try {
      text = ConfigFile.read(file);
    } catch (ConfigFile.Unreadable e) {
      return RetentionObservation.failed(name, location, e.getMessage(), List.of());
    }
    List<Artifact> artifacts = List.of(Artifact.of(SourceArtifact.LIFECYCLE.id(name), name,
        ArtifactKind.Known.CONFIG_FILE,
        clock.instant(), "lifecycle configuration " + file.getFileName(), redactor.text(text)));
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return RetentionObservation.failed(name, location, "not valid JSON: "
          + e.getOriginalMessage(), artifacts);
    }
    JsonNode rules = root == null ? null : root.get("Rules");
    if (rules == null || !rules.isArray()) {
      return RetentionObservation.failed(name, location, "no \"Rules\" array: not an S3"
          + " lifecycle configuration (save it with aws s3api"
          + " get-bucket-lifecycle-configuration)", artifacts);
    }
    String prefix = spec.prefix();
    String what = prefix.isEmpty() ? "the whole bucket" : "'" + prefix + "'";
    List<String> notes = new ArrayList<>();
    Best expiration = null;
    Best noncurrent = null;
    for (int i = 0; i < rules.size(); i++) {
      JsonNode rule = rules.get(i);
      String id = "rule '" + (rule.path("ID").isTextual() ? rule.path("ID").asText()
          : "#" + (i + 1)) + "'";
      String why = whyNotCovering(rule, prefix, what);
      if (why != null) {
        notes.add(id + ": " + why);
        continue;
      }
      JsonNode exp = rule.path("Expiration");
      if (exp.path("Days").canConvertToInt() && exp.path("Days").isIntegralNumber()) {
        expiration = Best.shorter(expiration, new Best(id, exp.path("Days").asInt()));
      } else if (exp.has("Date")) {
        notes.add(id + ": expires objects on a fixed date (" + exp.path("Date").asText()
            + "), not after an age");
      } else if (!spec.versioned() || !rule.has("NoncurrentVersionExpiration")) {
        notes.add(id + ": covers " + what + " but has no Expiration.Days (it does not delete"
            + " current objects)");
      }
      JsonNode nc = rule.path("NoncurrentVersionExpiration").path("NoncurrentDays");
      if (nc.isIntegralNumber()) {
        noncurrent = Best.shorter(noncurrent, new Best(id, nc.asInt()));
      }
    }
    String subject = file.getFileName().toString();
    if (rules.isEmpty()) {
      notes.add("the configuration has no rules");
    }
    if (expiration == null) {
      return new RetentionObservation(name, location, null, null, null, null, notes, artifacts);
    }
    String how = "Expiration.Days " + expiration.days + " in " + expiration.rule;
    if (!spec.versioned()) {
      return new RetentionObservation(name, location, null, null, null,
          new RetentionObservation.Kept(subject + " " + expiration.rule,
              Duration.ofDays(expiration.days), how), notes, artifacts);
    }
    if (noncurrent == null) {
      return new RetentionObservation(name, location, null, null, null,
          new RetentionObservation.Kept(subject + " " + expiration.rule, null, how
              + " only hides objects behind a delete marker in a versioned bucket, and no"
              + " NoncurrentVersionExpiration covers " + what + ": older versions are kept"
              + " forever"), notes, artifacts);
    }
    return new RetentionObservation(name, location, null, null, null,
        new RetentionObservation.Kept(subject + " " + expiration.rule,
            Duration.ofDays((long) expiration.days + noncurrent.days), how
                + " + NoncurrentVersionExpiration.NoncurrentDays " + noncurrent.days + " in "
                + noncurrent.rule), notes, artifacts);
  }

  /** The shortest expiration applies: S3 acts on whichever covering rule comes due first. */
  private record Best(String rule, int days) {
    static Best shorter(Best was, Best next) {
      return was == null || next.days < was.days ? next : was;
    }
  }

  /** Why a rule does not apply to every object under the prefix, or null when it does. */
  private static String whyNotCovering(JsonNode rule, String prefix, String what) {
    if (!"Enabled".equals(rule.path("Status").asText())) {
      return "Status is " + (rule.has("Status") ? "'" + rule.path("Status").asText() + "'"
          : "missing") + ", not 'Enabled'";
    }
    JsonNode filter = rule.path("Filter");
    JsonNode and = filter.path("And");
    String rulePrefix = filter.path("Prefix").isTextual() ? filter.path("Prefix").asText()
        : and.path("Prefix").isTextual() ? and.path("Prefix").asText()
        : rule.path("Prefix").asText("");
    if (!prefix.startsWith(rulePrefix)) {
      return "its prefix '" + rulePrefix + "' does not cover " + what;
    }
    if (filter.has("Tag") || and.path("Tags").size() > 0) {
      return "applies only to objects with certain tags, not to all of " + what;
    }
    for (String size : List.of("ObjectSizeGreaterThan", "ObjectSizeLessThan")) {
      if (filter.has(size) || and.has(size)) {
        return "applies only to objects of some sizes (" + size + "), not to all of " + what;
      }
    }
    return null;
  }
}
