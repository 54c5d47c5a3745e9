package dev.secaudit.cli;

import dev.secaudit.demo.DemoTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bundled demo policy pointed at a running demo target, with the files it reads beside it
 * (the target's CA, the at-rest configs and logs), as {@code secaudit demo} writes them.
 */
final class DemoPolicyFiles {
  private DemoPolicyFiles() {}

  /** Writes them into {@code dir}; returns the policy file. */
  static Path write(Path dir, DemoTarget target) throws IOException {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, Files.readString(Path.of("policies/demo.yaml"))
        .replace(DemoCommand.POLICY_HTTPS, target.httpsUrl())
        .replace(DemoCommand.POLICY_HTTP, target.httpUrl()));
    Files.writeString(dir.resolve("demo-ca.pem"), target.certificatePem());
    dev.secaudit.demo.DemoAtRest.write(dir, java.time.Instant.now());
    return policy;
  }
}
