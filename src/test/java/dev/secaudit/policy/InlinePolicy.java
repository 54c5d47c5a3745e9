package dev.secaudit.policy;

import java.nio.charset.StandardCharsets;

/** Loads a policy written inline in a test, or returns the message it is rejected with. */
final class InlinePolicy {
  private final PolicyLoader loader;

  InlinePolicy(PolicyLoader loader) {
    this.loader = loader;
  }

  LoadedPolicy load(String yaml) {
    return loader.load("p.yaml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  String error(String yaml) {
    try {
      load(yaml);
    } catch (UsageException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected the policy to be rejected:\n" + yaml);
  }
}
