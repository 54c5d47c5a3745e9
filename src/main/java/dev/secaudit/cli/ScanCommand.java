package dev.secaudit.cli;

import dev.secaudit.model.GateVerdict;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.UsageException;
import dev.secaudit.policy.Waiver;
import dev.secaudit.policy.WaiverLoader;
import dev.secaudit.report.ConsoleReport;
import dev.secaudit.report.GitHubAnnotations;
import dev.secaudit.report.ReportSet;
import dev.secaudit.scan.BaselineComparison;
import dev.secaudit.scan.Gate;
import dev.secaudit.scan.ScanParameters;
import dev.secaudit.scan.WaiverApplication;
import dev.secaudit.scan.WaiverReach;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

final class ScanCommand implements Callable<Integer> {
  final Main main;
  private CommandSpec spec;

  Path policy;
  String positional;
  Path output;
  final ReportFormatsOption formats = new ReportFormatsOption();
  final CsvBomOption csvBom = new CsvBomOption();
  Path waivers;
  final BaselineOptions baseline = new BaselineOptions();
  String failOn;
  Path caFile;
  boolean active;
  boolean longProbes;
  final ConsoleOptions console = new ConsoleOptions();
  final EvidenceOptions evidenceOptions = new EvidenceOptions();
  Path targetsFile;
  String shard;
  Integer shardCount;

  ScanCommand(Main main) {
    this.main = main;
  }

  /** The command's options (names, labels, help, defaults), each set into its field here. */
  CommandSpec model() {
    CommandModel model = CommandModel.of(this, "scan", "Probe the policy's targets, judge every"
        + " claim, print a summary and write reports. Exit 0 gate passed, 1 gate failed, 2 bad"
        + " input, 3 incomplete.");
    model.path(v -> policy = v, "FILE", "Policy file (default: the first of secaudit.yaml,"
        + " secaudit.yml, .secaudit.yaml in the current folder).", "-p", "--policy");
    model.optionalText(v -> positional = v, "POLICY|URL", "The policy file, as an alternative to"
        + " --policy; or an http(s) URL, scanned with the built-in profile (Mozilla intermediate"
        + " TLS, OWASP headers, HTTPS redirect, baseline cookies, security.txt), which is written"
        + " beside the reports.");
    model.path(v -> output = v, "DIR", "Write reports (scan.json, report.html, findings.csv with"
        + " run.csv, junit.xml, results.sarif) into DIR (a URL scan: reports/NAME by default);"
        + " '-' writes the one report chosen with -f to standard output.", "-o", "--output");
    formats.addTo(model);
    csvBom.addTo(model);
    model.path(v -> waivers = v, "FILE", "Accepted risks (YAML list; docs/ci.md): matching"
        + " FAIL/WARN/ERROR findings become WAIVED until their expiry date.", "--waivers");
    baseline.addTo(model);
    model.add(CommandModel.option(String.class, v -> failOn = v, "SEVERITY", "Lowest severity"
        + " of a FAIL that fails the gate: info, low, medium, high, critical (default:"
        + " ${DEFAULT-VALUE}).", "--fail-on").defaultValue("low"));
    model.path(v -> caFile = v, "PEM", "Also trust the CA certificates in this PEM file when"
        + " judging TLS certificates (wins over tls.certificate.ca_file).", "--ca-file");
    model.flag(v -> active = v, "Run active probes (rate limits: repeated requests up to a hard"
        + " cap; flows: sign-in and request expectations) on every target; without it they run"
        + " only on targets with active: true.", "--active");
    model.flag(v -> longProbes = v, "Let flows' expires expectations wait (each at most 2h,"
        + " within settings.timeouts.target) to see a token or session refused once its"
        + " lifetime is over; without it they are skipped. For a nightly job.", "--long-probes");
    console.addTo(model);
    evidenceOptions.addTo(model);
    model.path(v -> targetsFile = v, "FILE", "Also scan each URL of FILE (one a line, #"
        + " comments) under the policy's rules, named after its host, port and path.",
        "--targets");
    model.text(v -> shard = v, "INDEX/COUNT|auto", "Scan only this part of the targets (1/4 .."
        + " 4/4), chosen by a hash of each target's name; combine the parts with 'secaudit"
        + " merge'. 'auto' reads the part from SECAUDIT_SHARD_INDEX, JOB_COMPLETION_INDEX"
        + " (Kubernetes), CI_NODE_INDEX (GitLab), BUILDKITE_PARALLEL_JOB or CIRCLE_NODE_INDEX"
        + " and their counts.", "--shard");
    model.number(v -> shardCount = v, "COUNT", "How many shards with --shard auto where the"
        + " scheduler does not say (a Kubernetes Indexed Job's completions).", "--shard-count");
    spec = model.withHelpOptions();
    return spec;
  }

  @Override
  public Integer call() throws IOException {
    if (positional != null && spec.commandLine().getParseResult().hasMatchedOption("--policy")) {
      throw new UsageException("give the policy once: either --policy FILE or FILE, not both");
    }
    Severity gateAt = severity(failOn);
    ReportDestination to = formats.destination(output, spec.commandLine().getParseResult());
    baseline.requireConsistent();
    // Every input is read and checked before the first probe: a typo costs no scan.
    dev.secaudit.scan.Shard part = shard(main.context);
    dev.secaudit.policy.PolicyLoader loader = Wiring.loader(main);
    if (targetsFile != null) {
      loader = loader.withTargets(dev.secaudit.policy.TargetList.read(targetsFile, Set.of()));
    }
    Path policyFile;
    if (positional != null && isUrl(positional)) {
      dev.secaudit.policy.BuiltInProfile profile =
          dev.secaudit.policy.BuiltInProfile.forUrl(positional);
      Path folder = to.folder() != null ? to.folder() : Path.of("reports", profile.targetName());
      if (to == ReportDestination.NONE) {
        to = ReportDestination.folder(folder, ReportSet.all());
      }
      // Written first and read back like any policy: findings and SARIF point at its lines.
      ReportOutput.folder(folder, "-o");
      policyFile = folder.resolve("policy.yaml");
      java.nio.file.Files.writeString(policyFile, profile.yaml());
      Runner.human(main.context, to).println("no policy: scanning " + positional + " with the"
          + " built-in profile, written to " + policyFile + " (start your own from it)");
    } else {
      policyFile = positional != null ? Path.of(positional)
          : policy != null ? policy : dev.secaudit.policy.DefaultPolicyFile.in(Path.of(""));
    }
    // Whole in every shard: the shard narrows what is probed, not what the policy says.
    LoadedPolicy loaded = withCaFile(load(loader, policyFile), caFile);
    List<Waiver> accepted = waivers == null ? List.of()
        : new WaiverLoader(Wiring.catalog().ids()).load(waivers);
    ScanResult earlier = baseline.read();
    RunRecords records = evidenceOptions.prepare(main.context, policyFile, loaded);
    if (to.folder() != null) {
      ReportOutput.folder(to.folder(), "-o");
    }
    return Runner.scanAndReport(main.context, loaded, to, csvBom.bom, gateAt,
        console.console(main.context), commandLine(spec),
        new Gating(accepted, earlier, baseline.file(), baseline.failOnNew), active, records, part,
        longProbes);
  }

  /**
   * What happens between judging and the gate: waivers accepted by people, and the comparison
   * with an earlier scan. {@link #NONE} for the demo.
   */
  record Gating(List<Waiver> waivers, ScanResult baseline, String baselineFile, boolean onlyNew) {
    static final Gating NONE = new Gating(List.of(), null, null, false);
  }

  static boolean isUrl(String argument) {
    String lower = argument.toLowerCase(java.util.Locale.ROOT);
    return lower.startsWith("https://") || lower.startsWith("http://");
  }

  private LoadedPolicy load(dev.secaudit.policy.PolicyLoader loader, Path file) {
    return loadAsScanReads(loader, file, active, console.quiet ? note -> { }
        : note -> main.context.err().println("secaudit: note: " + note));
  }

  /**
   * The policy as 'scan' (with {@code active}: 'scan --active') reads it, for 'scan' and
   * 'validate' alike, so the two never disagree on it (ci20: validate refused a policy scan ran).
   * Without --active the flows and rate limits do not run, so their secrets (a test account's
   * password) need not be set: each unset one is told to {@code note} at its file:line:field,
   * by its name (it has no value to leak). Any other unset variable, or any with --active or an
   * active target, is the usual error.
   */
  static LoadedPolicy loadAsScanReads(dev.secaudit.policy.PolicyLoader loader, Path file,
      boolean active, java.util.function.Consumer<String> note) {
    LoadedPolicy loaded = readAsScan(loader, file, active, note);
    dev.secaudit.policy.LiteralCredentials.notes(loaded.source()).forEach(note);
    dev.secaudit.policy.ReadAs.notes(loaded.source()).forEach(note);
    return loaded;
  }

  private static LoadedPolicy readAsScan(dev.secaudit.policy.PolicyLoader loader, Path file,
      boolean active, java.util.function.Consumer<String> note) {
    if (active) {
      return loader.load(file);
    }
    LoadedPolicy loaded = loader.deferring(Set.of("flows", "rate_limits")).load(file);
    if (loaded.unsetVariables().isEmpty()) {
      return loaded;
    }
    if (loaded.policy().targets().stream().anyMatch(t -> Boolean.TRUE.equals(t.active()))) {
      return loader.load(file);
    }
    try {
      // Read again as --active reads it: its refusal names each deferred reference's place.
      loader.load(file);
    } catch (UsageException e) {
      for (String refused : e.getMessage().split("\n")) {
        note.accept(refused + "; the flows and rate limits run only with --active, so this"
            + " scan runs without it, and 'scan --active' refuses to start until it is set");
      }
    }
    return loaded;
  }

  /** --shard INDEX/COUNT, or --shard auto from the scheduler's variables; null for all targets. */
  private dev.secaudit.scan.Shard shard(Main.Context ctx) {
    if (shard == null) {
      if (shardCount != null) {
        throw new UsageException("--shard-count is the count for --shard auto; give --shard auto"
            + " too, or drop it");
      }
      return null;
    }
    if (!shard.trim().equalsIgnoreCase("auto")) {
      return dev.secaudit.scan.Shard.parse(shard);
    }
    dev.secaudit.scan.Shard.FromEnvironment chosen =
        dev.secaudit.scan.Shard.fromEnvironment(ctx.env(), shardCount);
    if (!console.quiet) {
      ctx.err().println("secaudit: shard " + chosen.shard().index() + "/"
          + chosen.shard().count() + " (from " + chosen.source() + ")");
    }
    return chosen.shard();
  }

  /**
   * --ca-file is read here so that a bad path is a usage error naming the flag, not the policy.
   * It counts with any policy: without a tls: section the HTTP checks still judge the
   * connection's certificate (HSTS is ignored by browsers on one they do not trust).
   */
  static LoadedPolicy withCaFile(LoadedPolicy loaded, Path caFile) {
    if (caFile == null) {
      return loaded;
    }
    try {
      dev.secaudit.scan.Scanner.readCaFile(caFile);
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new UsageException("--ca-file: cannot read CA certificates from " + caFile + " ("
          + e.getMessage() + "); give a PEM file of CA certificates");
    }
    return loaded.withCaFile(caFile.toAbsolutePath());
  }

  /** The command line as typed, recorded in the run (scan, merge). */
  static List<String> commandLine(CommandSpec spec) {
    List<String> cl = new ArrayList<>(List.of("secaudit"));
    cl.addAll(spec.commandLine().getParseResult().originalArgs());
    return cl;
  }

  static Severity severity(String s) {
    try {
      return Severity.parse(s);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--fail-on: '" + s + "' is not a severity; use info, low, medium,"
          + " high or critical");
    }
  }

  static Set<ReportSet.Format> formats(List<String> names) {
    return formats(names, "--format");
  }

  /** @param from the option or variable the names came from, as an error names it */
  static Set<ReportSet.Format> formats(List<String> names, String from) {
    if (names.isEmpty()) {
      return ReportSet.all();
    }
    Set<ReportSet.Format> out = EnumSet.noneOf(ReportSet.Format.class);
    for (String n : names) {
      try {
        out.add(ReportSet.Format.parse(n));
      } catch (IllegalArgumentException e) {
        throw new UsageException(from + ": '" + n + "' is not a report format; use "
            + ReportSet.Format.names());
      }
    }
    return out;
  }

  /** The --fail-on a saved scan's run recorded (low when none), to gate it again (report, merge). */
  static Severity recordedFailOn(ScanResult scan) {
    return severity(scan.run().failOn() == null ? "low" : scan.run().failOn());
  }

  static boolean color(String when, Main.Context ctx) {
    return switch (when) {
      case "always" -> true;
      case "never" -> false;
      case "auto" -> ctx.interactive();
      default -> throw new UsageException("--color: '" + when + "': use auto, always or never");
    };
  }

  /** Shared by scan and demo: one run, its reports and its gate. */
  static final class Runner {
    private Runner() {}

    static int scanAndReport(Main.Context ctx, LoadedPolicy loaded, Path output,
        Set<ReportSet.Format> formats, Severity failOn, ConsoleReport console,
        List<String> commandLine, Gating gating, boolean active) throws IOException {
      return scanAndReport(ctx, loaded, output, formats, failOn, console, commandLine, gating,
          active, RunRecords.NONE, null);
    }

    /**
     * As above, keeps the run as evidence and/or history ({@code records}), and probes only the
     * targets of {@code shard} (null: all).
     */
    static int scanAndReport(Main.Context ctx, LoadedPolicy loaded, Path output,
        Set<ReportSet.Format> formats, Severity failOn, ConsoleReport console,
        List<String> commandLine, Gating gating, boolean active, RunRecords records,
        dev.secaudit.scan.Shard shard) throws IOException {
      return scanAndReport(ctx, loaded, output, formats, failOn, console, commandLine, gating,
          active, records, shard, false);
    }

    /** As above, letting flows wait for tokens to expire when {@code longProbes}. */
    static int scanAndReport(Main.Context ctx, LoadedPolicy loaded, Path output,
        Set<ReportSet.Format> formats, Severity failOn, ConsoleReport console,
        List<String> commandLine, Gating gating, boolean active, RunRecords records,
        dev.secaudit.scan.Shard shard, boolean longProbes) throws IOException {
      return scanAndReport(ctx, loaded, output == null ? ReportDestination.NONE
          : ReportDestination.folder(output, formats), false, failOn, console, commandLine,
          gating, active, records, shard, longProbes);
    }

    /**
     * A waiver whose target is a plain name that no target of the policy has can never match:
     * say so with the nearest name (a typo, "badd", read as a stale waiver otherwise).
     */
    private static String whyUnmatched(ScanResult.WaiverRecord w, List<String> targets) {
      String t = w.target();
      if (t != null && t.chars().noneMatch(c -> c == '*' || c == '?' || c == '[')
          && !targets.contains(t)) {
        return "its target '" + t + "' is no target of this policy"
            + dev.secaudit.policy.Suggestions.didYouMean(t, targets)
            + "; fix it, or remove the waiver";
      }
      return "remove it if the risk is gone, or fix its check/target/subject";
    }

    /**
     * As above, writing the reports where {@code to} says, every CSV with a byte-order mark when
     * {@code csvBom}.
     */
    static int scanAndReport(Main.Context ctx, LoadedPolicy loaded, ReportDestination to,
        boolean csvBom, Severity failOn, ConsoleReport console, List<String> commandLine,
        Gating gating, boolean active, RunRecords records, dev.secaudit.scan.Shard shard,
        boolean longProbes) throws IOException {
      try (Interruption watch = Interruption.watch(ctx.err(), to)) {
        return scanAndReport(ctx, loaded, to, csvBom, failOn, console, commandLine, gating,
            active, records, shard, longProbes, watch);
      }
    }

    private static int scanAndReport(Main.Context ctx, LoadedPolicy loaded, ReportDestination to,
        boolean csvBom, Severity failOn, ConsoleReport console, List<String> commandLine,
        Gating gating, boolean active, RunRecords records, dev.secaudit.scan.Shard shard,
        boolean longProbes, Interruption watch) throws IOException {
      ScanResult result = Wiring.scanner(ctx, console.quiet()).scan(loaded,
          records.asking(new ScanParameters(ctx.runIds().get(), Version.get(), commandLine,
              failOn, active, shard, longProbes)));
      result = WaiverApplication.apply(result, gating.waivers(), ctx.clock(),
          Wiring.catalog().ids());
      List<String> targets = loaded.policy().targets().stream()
          .map(dev.secaudit.policy.Target::name).toList();
      // -q leaves stderr to errors; the console's last screen names both all the same.
      for (ScanResult.WaiverRecord w : console.quiet() ? List.<ScanResult.WaiverRecord>of()
          : result.unmatchedWaivers()) {
        ctx.err().println("secaudit: note: waiver " + w.id() + " (" + w.source() + ") matched no"
            + " failing finding; " + whyUnmatched(w, targets));
      }
      // A blanket waiver silences the whole gate: warned on stderr even with -q (ci23 H2).
      for (ScanResult.WaiverRecord w : result.blanketWaivers()) {
        ctx.err().println("secaudit: warning: " + w.blanketWarning());
      }
      if (!console.quiet()) {
        dev.secaudit.policy.WaiverNotes.longLived(gating.waivers(), ctx.clock())
            .forEach(n -> ctx.err().println("secaudit: note: "
                + dev.secaudit.report.PrintableText.of(n)));
      }
      if (gating.baseline() != null) {
        result = compared(ctx, result, gating.baseline(), gating.baselineFile(),
            console.quiet());
      }
      GateVerdict gate = Gate.of(result, failOn, gating.onlyNew());
      report(ctx, result, gate, console, to, csvBom, watch);
      for (String line : records.keep(result, gate)) {
        human(ctx, to).println(line);
      }
      return ExitCode.of(gate).code;
    }

    /**
     * The scan compared with its baseline, for scan and merge, with what waivers of globbed
     * targets may accept limited by it ({@link WaiverReach}); a change of scope, and a waiver
     * reaching beyond the baseline, on stderr (not with --quiet: the console's last screen and
     * scan.json say both).
     */
    static ScanResult compared(Main.Context ctx, ScanResult result, ScanResult earlier,
        String file, boolean quiet) {
      ScanResult compared = WaiverReach.limit(
          BaselineComparison.compare(result, earlier, file), earlier);
      if (!quiet) {
        compared.baseline().notes().forEach(n -> ctx.err().println("secaudit: note: " + n));
        for (ScanResult.WaiverRecord w : compared.waivers()) {
          w.beyondBaselineWarnings().forEach(s -> ctx.err().println("secaudit: warning: "
              + dev.secaudit.report.PrintableText.of(s)));
        }
      }
      return compared;
    }

    /**
     * The console summary, GitHub annotations and the reports of a judged scan, for scan and
     * merge. The runner of GitHub Actions reads workflow commands from standard error too, so
     * the annotations follow the summary there when a report takes standard output.
     */
    static void report(Main.Context ctx, ScanResult result, GateVerdict gate,
        ConsoleReport console, ReportDestination to, boolean csvBom) throws IOException {
      report(ctx, result, gate, console, to, csvBom, null);
    }

    /** As above; {@code watch}, when not null, is told where the reports are and lands them. */
    private static void report(Main.Context ctx, ScanResult result, GateVerdict gate,
        ConsoleReport console, ReportDestination to, boolean csvBom, Interruption watch)
        throws IOException {
      java.io.PrintWriter human = human(ctx, to);
      console.render(result, gate, human);
      if (GitHubAnnotations.active(ctx.env())) {
        GitHubAnnotations.print(result, gate, human);
      }
      human.flush();
      if (to.stdout()) {
        if (watch != null) {
          watch.printing(false);
        }
        ReportSet.render(result, gate, to.format(), Wiring.checkDescriptions(), ctx.out(),
            csvBom);
        ctx.out().flush();
        if (watch != null) {
          watch.printing(true);
        }
      } else if (to.folder() != null) {
        for (Path p : ReportSet.write(result, gate, to.folder(), to.formats(),
            Wiring.checkDescriptions(), csvBom,
            watch == null ? ReportSet.Landing.NOW : watch)) {
          // --quiet is the summary and the gate only; the folder was named on the command line.
          if (!console.quiet()) {
            human.println("wrote " + p);
          }
        }
      } else if (!console.quiet()) {
        // A policy scan writes files only where it is told to (a URL scan needs a folder for the
        // policy it generates, so it has one): say so rather than end in silence.
        String name = result.run() == null || result.run().policyName() == null ? "NAME"
            : result.run().policyName();
        console.paragraph("no report files written: add -o DIR for scan.json, report.html,"
            + " CSV, JUnit and SARIF (e.g. -o reports/" + name + "), or -f FORMAT for one on"
            + " standard output", human);
      }
    }

    /** Where lines for people go: standard error when a report takes standard output. */
    static java.io.PrintWriter human(Main.Context ctx, ReportDestination to) {
      return to.stdout() ? ctx.err() : ctx.out();
    }
  }
}
