package dev.secaudit.fuzz;

import dev.secaudit.check.StandardChecks;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.secaudit.check.CheckCatalog;
import dev.secaudit.probe.http.SetCookieParser;
import dev.secaudit.check.csp.CspParser;
import dev.secaudit.probe.securitytxt.SecurityTxtParser;
import dev.secaudit.compliance.FrameworkCatalog;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.policy.UsageException;
import dev.secaudit.probe.config.ConfigFiles;
import dev.secaudit.probe.config.ConfigProblem;
import dev.secaudit.probe.config.NginxParser;
import dev.secaudit.probe.config.SshdConfig;
import dev.secaudit.report.ScanJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Fuzz targets for every parser of text secaudit does not control: a policy or scan.json a user
 * (or a forger) hands it, and what a server or an audited host sends. The oracle is the error
 * contract: a bad file is a {@link UsageException} (exit 2), a bad config a {@link ConfigProblem},
 * a bad header or page is parsed leniently; any other exception is a bug (exit 70).
 *
 * <p>{@code mvn verify} runs each target over its committed seed corpus
 * ({@code src/test/resources/dev/secaudit/fuzz/UntrustedTextFuzzTestInputs/<target>/}) as plain
 * JUnit tests; {@code JAZZER_FUZZ=1 mvn test -Dtest=UntrustedTextFuzzTest} fuzzes, each target for
 * its {@code maxDuration}, and writes any crash there, where it stays as a regression test.
 */
class UntrustedTextFuzzTest {
  private static final PolicyLoader POLICIES = new PolicyLoader(name -> null, StandardChecks.catalog().ids(),
      FrameworkCatalog.requirementIds()).allowingUnsetVariables();

  @FuzzTest(maxDuration = "5s")
  void policyLoader(byte[] input) {
    try {
      POLICIES.load("fuzz.yaml", input);
    } catch (UsageException expected) {
      // The contract for a bad policy.
    }
  }

  @FuzzTest(maxDuration = "5s")
  void scanJsonReader(byte[] input) {
    try {
      ScanJson.read("scan.json", input);
    } catch (UsageException expected) {
      // The contract for a bad or forged scan.json.
    }
  }

  @FuzzTest(maxDuration = "5s")
  void setCookieParser(byte[] input) {
    SetCookieParser.parse(new String(input, StandardCharsets.ISO_8859_1),
        "https://app.example.test/a/b");
  }

  @FuzzTest(maxDuration = "5s")
  void cspParser(byte[] input) {
    CspParser.parse(new String(input, StandardCharsets.ISO_8859_1));
  }

  @FuzzTest(maxDuration = "5s")
  void securityTxtParser(byte[] input) {
    SecurityTxtParser.parse(new String(input, StandardCharsets.UTF_8));
  }

  @FuzzTest(maxDuration = "5s")
  void nginxParser(byte[] input) throws IOException {
    inFolder("nginx.conf", input, (files, main) -> new NginxParser(files).parse(main));
  }

  @FuzzTest(maxDuration = "5s")
  void sshdConfigParser(byte[] input) throws IOException {
    inFolder("sshd_config", input, SshdConfig::parse);
  }

  private interface ConfigRead {
    Object read(ConfigFiles files, Path main) throws ConfigProblem;
  }

  /** Writes the input as the main file of a fresh folder, parses it, and removes the folder. */
  private static void inFolder(String name, byte[] input, ConfigRead parser) throws IOException {
    Path dir = Files.createTempDirectory("secaudit-fuzz");
    try {
      Path main = Files.write(dir.resolve(name), input);
      parser.read(new ConfigFiles(dir, ConfigFiles.Limits.DEFAULTS, Clock.systemUTC()), main);
    } catch (ConfigProblem expected) {
      // The contract for a config that cannot be read.
    } finally {
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
