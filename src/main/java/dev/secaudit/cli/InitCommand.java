package dev.secaudit.cli;

import dev.secaudit.check.subprocessors.VendorCatalog;
import dev.secaudit.claim.SentenceReader;
import dev.secaudit.claim.Vocabulary;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.policy.UsageException;
import dev.secaudit.questionnaire.AtomicFile;
import dev.secaudit.scan.ScanParameters;
import dev.secaudit.scan.SitePageReader;
import dev.secaudit.scan.Scanner;
import dev.secaudit.starter.PageClaims;
import dev.secaudit.starter.PageRules;
import dev.secaudit.starter.SiteStarter;
import dev.secaudit.starter.StarterPolicy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

final class InitCommand implements Callable<Integer> {
  final Main main;
  String from;
  Path output;
  boolean force;
  Path caFile;

  InitCommand(Main main) {
    this.main = main;
  }

  /** The command's options (names, labels, help, defaults), each set into its field here. */
  CommandSpec model() {
    CommandModel model = CommandModel.of(this, "init", "Read a live site's own security,"
        + " trust, privacy and subprocessor pages and security.txt, and write a policy that"
        + " checks what they claim with their numbers (the first scan shows where the site falls"
        + " short of its own page), stated gaps as gaps, hardening the site meets but does not"
        + " claim in marked sections, and commented attestations, citing sentence and page, for"
        + " what only a person can vouch for.");
    model.add(CommandModel.option(String.class, v -> from = v, "URL", "The site's base URL,"
        + " https:// (or http://).", "--from").required(true));
    model.add(CommandModel.option(Path.class, v -> output = v, "FILE", "Where the policy goes"
        + " (default: ${DEFAULT-VALUE}, what 'secaudit scan' reads).", "-o", "--output")
        .converters(CommandModel::path).defaultValue("secaudit.yaml"));
    model.flag(v -> force = v, "Replace the output file if it exists.", "--force");
    model.path(v -> caFile = v, "PEM", "CA certificates the site's certificate chains to (a"
        + " private CA); written into the policy as tls.certificate.ca_file.", "--ca-file");
    return model.withHelpOptions();
  }

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
    PageClaims found = PageClaims.from(SitePageReader.read(from, main.context.clock(), "secaudit/" + Version.get()),
        new SentenceReader(Vocabulary.builtIn()));
    for (PageClaims.Read r : found.pages()) {
      if (r.via().equals("given") && r.errorStatus() != 0) {
        // A policy for a page that is not there judges the error page, and its summary would
        // call the error page's headers the site's shortfalls (a blind review: a 404 wrote a
        // 0-claim policy and exited 0).
        throw new UsageException("--from " + from + ": the page answered "
            + "HTTP " + r.errorStatus() + ", so there is nothing of the site's"
            + " to read there; nothing written. Give the address of a page the site serves (its"
            + " home page or its security page)");
      }
      if (r.outcome().startsWith("skipped")) {
        main.context.err().println("secaudit: note: " + r.url() + " (" + r.via() + ") "
            + r.outcome());
      }
    }
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    if (!https) {
      main.context.err().println("secaudit: note: " + from + " is plain HTTP: no TLS or HSTS"
          + " rule can be checked there; give the https:// URL if the site has one");
    }
    java.util.Map<String, List<String>> vendors = new java.util.LinkedHashMap<>();
    VendorCatalog.builtIn().vendors().forEach(v -> vendors.put(v.name(), v.names()));
    java.util.Set<String> edge = new java.util.HashSet<>();
    VendorCatalog.builtIn().vendors().stream().filter(v -> !v.edge().isEmpty())
        .forEach(v -> edge.add(v.name()));
    PageRules rules = PageRules.of(found, uri, vendors, edge, Wiring.claimChecksOf());
    StarterPolicy starter = new StarterPolicy(from,
        caFile == null ? null : caFile.toAbsolutePath().toString());
    starter.claim(rules);
    starter.probe(found);
    Scanner scanner = Wiring.scanner(main.context);
    SiteStarter.Outcome outcome = SiteStarter.settle(starter, text -> scanner.scan(
        Wiring.loader(main).load(output.toString(), text.getBytes(StandardCharsets.UTF_8)),
        new ScanParameters(main.context.runIds().get(), Version.get(),
            List.of("secaudit", "init", "--from", from), Severity.LOW)));
    switch (outcome.end()) {
      case UNREACHABLE:
        main.context.err().println("secaudit: " + from + " is " + outcome.message()
            + "; nothing written");
        return ExitCode.INCOMPLETE.code;
      case UNTRUSTED:
        // Dropping the trust check would write a policy that says nothing about the one thing
        // every browser checks first: ask instead.
        main.context.err().println("secaudit: browsers would refuse " + from + "'s certificate: "
            + outcome.message() + ". If it chains to a private CA, rerun with --ca-file CA.pem;"
            + " otherwise fix the certificate first. Nothing written");
        return ExitCode.INCOMPLETE.code;
      case STUCK:
        // Every unclaimed failure is taken back or switched off, so this is a finding no rule
        // of the draft can express: say which, and write nothing rather than a policy that fails.
        main.context.err().println("secaudit: init cannot write a policy the site meets: "
            + outcome.message() + "; nothing written");
        return ExitCode.INCOMPLETE.code;
      case UNSTABLE:
        main.context.err().println("secaudit: " + outcome.message() + "; nothing written (is it"
            + " behind a load balancer with differing backends?)");
        return ExitCode.INCOMPLETE.code;
      default:
        break;
    }
    // Comments only: the policy last scanned is the policy written.
    String draft = starter.draft(found);
    AtomicFile.write(output, os -> os.write(draft.getBytes(StandardCharsets.UTF_8)));
    long passed = outcome.last().findings().stream().filter(f -> f.status() == Status.PASS)
        .count();
    java.io.PrintWriter out = main.context.out();
    out.println("wrote " + output + ": " + passed + " checks pass today (scanned "
        + outcome.rounds() + (outcome.rounds() == 1 ? " time" : " times") + "); "
        + starter.notes().size() + " unclaimed rules left out because the site does not meet"
        + " them (listed at the top of the file)");
    out.println("read " + found.pages().size() + " pages of the site: " + rules.rules().size()
        + " claims: " + rules.count(PageRules.Kind.CHECK) + " checked with the page's numbers, "
        + rules.count(PageRules.Kind.TODO) + " checked once a TODO is filled in, "
        + rules.count(PageRules.Kind.GAP) + " stated gaps, " + rules.count(PageRules.Kind.ATTEST)
        + " to attest (commented at the end; " + rules.attestedOverRules() + " of them with"
        + " rules that run, which cannot verify the sentence as written)");
    if (!outcome.shortfalls().isEmpty()) {
      out.println("the site falls short of its own pages today (" + outcome.shortfalls().size()
          + " failing):");
      outcome.shortfalls().stream().limit(10).forEach(f -> out.println("  " + f.checkId()
          + (f.subject().isEmpty() ? "" : " [" + f.subject() + "]") + ": expected "
          + f.expected() + "; observed " + f.observed()));
      if (outcome.shortfalls().size() > 10) {
        out.println("  ... and " + (outcome.shortfalls().size() - 10) + " more: 'secaudit scan"
            + " -p " + output + "'");
      }
    }
    out.println("next: fill in the TODO values ('secaudit validate " + output + "' lists them),"
        + " attest the claims only you can vouch for, then 'secaudit scan -p " + output + "'");
    return ExitCode.PASSED.code;
  }
}
