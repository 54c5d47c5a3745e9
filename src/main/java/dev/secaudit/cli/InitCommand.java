package dev.secaudit.cli;

import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.Policy;
import dev.secaudit.probe.http.HttpProbe;
import dev.secaudit.probe.http.SitePages;
import dev.secaudit.probe.tls.RecordingTrustManager;
import dev.secaudit.questionnaire.QuestionBank;
import dev.secaudit.questionnaire.QuestionMatcher;
import dev.secaudit.policy.UsageException;
import dev.secaudit.questionnaire.AtomicFile;
import dev.secaudit.scan.ScanParameters;
import dev.secaudit.scan.Scanner;
import dev.secaudit.starter.PageClaims;
import dev.secaudit.starter.StarterPolicy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "init", mixinStandardHelpOptions = true,
    description = "Observe a live site with the scan's probes and write a starter policy that"
        + " claims only what the site already meets (so the first scan is green), with what it"
        + " does not meet noted, and commented TODO claims for what only a person can attest.")
final class InitCommand implements Callable<Integer> {
  /** Each round takes back at least one rule; five settle any site seen so far in two or three. */
  static final int MAX_ROUNDS = 5;

  @ParentCommand Main main;

  @Option(names = "--from", required = true, paramLabel = "URL",
      description = "The site's base URL, https:// (or http://).")
  String from;

  @Option(names = {"-o", "--output"}, defaultValue = "secaudit.yaml", paramLabel = "FILE",
      description = "Where the policy goes (default: ${DEFAULT-VALUE}, what 'secaudit scan'"
          + " reads).")
  Path output;

  @Option(names = "--force", description = "Replace the output file if it exists.")
  boolean force;

  @Option(names = "--ca-file", paramLabel = "PEM",
      description = "CA certificates the site's certificate chains to (a private CA); written"
          + " into the policy as tls.certificate.ca_file.")
  Path caFile;

  @Override
  public Integer call() {
    URI uri;
    try {
      uri = URI.create(from);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--from " + from + ": not a URL (" + e.getMessage() + ")");
    }
    if (uri.getHost() == null || !("https".equalsIgnoreCase(uri.getScheme())
        || "http".equalsIgnoreCase(uri.getScheme()))) {
      throw new UsageException("--from " + from + ": give the site's https:// URL, such as"
          + " https://app.example.com");
    }
    if (Files.exists(output) && !force) {
      throw new UsageException(output + ": exists; pass --force to replace it, or -o another"
          + " file");
    }
    if (caFile != null && !Files.isReadable(caFile)) {
      throw new UsageException("--ca-file " + caFile + ": no such readable file");
    }
    PageClaims found = PageClaims.from(new SitePages(pageReader()).read(from),
        new QuestionMatcher(QuestionBank.builtIn()));
    for (PageClaims.Read r : found.pages()) {
      if (r.outcome().startsWith("skipped")) {
        main.context.err().println("secaudit: note: " + r.url() + " (" + r.via() + ") "
            + r.outcome());
      }
    }
    StarterPolicy starter = new StarterPolicy(from,
        caFile == null ? null : caFile.toAbsolutePath().toString());
    Scanner scanner = Wiring.scanner(main.context);
    for (int round = 1; round <= MAX_ROUNDS; round++) {
      String text = starter.yaml();
      LoadedPolicy loaded = Wiring.loader(main).load(output.toString(),
          text.getBytes(StandardCharsets.UTF_8));
      ScanResult result = scanner.scan(loaded, new ScanParameters(main.context.runIds().get(),
          Version.get(), List.of("secaudit", "init", "--from", from), Severity.LOW));
      for (TargetState t : result.targets()) {
        if (t.state() == TargetState.State.UNREACHABLE) {
          main.context.err().println("secaudit: " + from + " is unreachable: " + t.reason()
              + "; nothing written");
          return ExitCode.INCOMPLETE.code;
        }
      }
      if (!starter.learn(result.findings())) {
        List<Finding> failing = result.findings().stream()
            .filter(f -> f.status() == Status.FAIL || f.status() == Status.ERROR).toList();
        if (!failing.isEmpty()) {
          // Every failure is taken back or switched off, so this is a finding no rule of the
          // draft can express: say which, and write nothing rather than a policy that fails.
          main.context.err().println("secaudit: init cannot write a policy the site meets: "
              + failing.get(0).checkId() + " on " + failing.get(0).target() + " is "
              + failing.get(0).status().name().toLowerCase(java.util.Locale.ROOT) + " ("
              + failing.get(0).observed() + "); nothing written");
          return ExitCode.INCOMPLETE.code;
        }
        // Comments only: the policy scanned green is the policy written.
        String draft = starter.draft(found);
        AtomicFile.write(output, os -> os.write(draft.getBytes(StandardCharsets.UTF_8)));
        long passed = result.findings().stream().filter(f -> f.status() == Status.PASS).count();
        main.context.out().println("wrote " + output + ": " + passed + " checks pass today"
            + " (scanned " + round + (round == 1 ? " time" : " times") + "); "
            + starter.notes().size() + " rules left out because the site does not meet them"
            + " (listed at the top of the file)");
        main.context.out().println("read " + found.pages().size() + " pages of the site: "
            + found.claims().size() + " claims it already makes, each citing its page (commented"
            + " at the end)");
        main.context.out().println("next: add the claims only you can attest (TODO at the end),"
            + " then 'secaudit scan -p " + output + "'");
        return ExitCode.PASSED.code;
      }
    }
    main.context.err().println("secaudit: the site's results kept changing over " + MAX_ROUNDS
        + " scans; nothing written (is it behind a load balancer with differing backends?)");
    return ExitCode.INCOMPLETE.code;
  }

  /**
   * The probe the scan would use, with the policy's default timeouts and body cap, for reading
   * the site's own pages. Trust is recorded, never enforced: a page's words are read, not vouched
   * for, and the scan judges the certificate.
   */
  private HttpProbe pageReader() {
    Policy.Settings s = Policy.Settings.DEFAULTS;
    return new HttpProbe(new HttpProbe.Limits(s.timeouts().connect().value(),
        s.timeouts().read().value(), s.timeouts().total().value(), s.maxBodyKb() * 1024),
        () -> RecordingTrustManager.forKeyStore(null), main.context.clock(),
        "secaudit/" + Version.get());
  }
}
