package dev.secaudit.cli;

import dev.secaudit.claim.PartlyRead;
import dev.secaudit.claim.SentenceReader;
import dev.secaudit.claim.Vocabulary;
import dev.secaudit.model.Counted;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.UsageException;
import dev.secaudit.policy.Waiver;
import dev.secaudit.policy.WaiverLoader;
import dev.secaudit.report.PrintableText;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

final class ValidateCommand implements Callable<Integer> {
  final Main main;
  List<Path> files;
  List<String> policies = new ArrayList<>();
  Path waivers;
  boolean allowUnsetEnv;
  boolean active;

  ValidateCommand(Main main) {
    this.main = main;
  }

  /** The command's options (names, labels, help, defaults), each set into its field here. */
  CommandSpec model() {
    CommandModel model = CommandModel.of(this, "validate", "Check policy (and waiver) files"
        + " without probing anything. Exit 0 when all are valid, 2 otherwise; every problem is"
        + " listed with file:line:column. Refuses what 'scan' refuses, unset $${env:NAME}"
        + " variables included (see --allow-unset-env); the secrets of flows and rate limits,"
        + " which run only with 'scan --active', are noted, or refused with --active.");
    model.paths(() -> files, v -> files = v, "0..*", "POLICY", "Policy files (default: the"
        + " first of secaudit.yaml, secaudit.yml, .secaudit.yaml in the current folder, as 'scan'"
        + " reads it).");
    model.add(CommandModel.texts(() -> policies, v -> policies = v, List.of(), "FILE", "A policy"
        + " file, as 'scan --policy' takes it (repeatable; with POLICY files too, all are"
        + " checked).", "-p", "--policy"));
    model.path(v -> waivers = v, "FILE", "Also check a waiver file (as 'scan --waivers' reads"
        + " it).", "--waivers");
    model.flag(v -> allowUnsetEnv = v, "Lint without the secrets: an unset $${env:NAME} is"
        + " listed as a note instead of an error (by default validate refuses what 'scan' would"
        + " refuse).", "--allow-unset-env");
    model.flag(v -> active = v, "Check the policy as 'scan --active' reads it: the secrets its"
        + " flows and rate limits use must be set too.", "--active");
    return model.withHelpOptions();
  }

  @Override
  public Integer call() {
    List<Path> todo = new ArrayList<>(policies.stream().map(CommandModel::path).toList());
    todo.addAll(files);
    if (todo.isEmpty()) {
      todo.add(dev.secaudit.policy.DefaultPolicyFile.in(Path.of("")));
    }
    boolean ok = true;
    for (Path f : todo) {
      try {
        var loader = Wiring.loader(main);
        List<String> notes = new ArrayList<>();
        LoadedPolicy p = allowUnsetEnv ? loader.allowingUnsetVariables().load(f)
            : ScanCommand.loadAsScanReads(loader, f, active, notes::add);
        main.context.out().println("ok: " + f + " (" + p.policy().name() + ": "
            + Counted.of(p.policy().targets().size(), "target") + ", "
            + (p.policy().sources().isEmpty() ? ""
                : Counted.of(p.policy().sources().size(), "local source") + ", ")
            + Counted.of(p.policy().claims().size(), "claim") + ")");
        for (LoadedPolicy.Placeholder blank : p.placeholders()) {
          main.context.out().println("  todo: " + PrintableText.of(blank.toString()));
        }
        if (!p.policy().claims().isEmpty()) {
          for (PartlyRead.Statement s : PartlyRead.of(p.policy().claims(),
              new SentenceReader(Vocabulary.builtIn()))) {
            main.context.out().println("  note: " + f + ":" + p.lineOf(s.pointer()) + ": claim "
                + PrintableText.of(s.id()) + ": its statement is read only in part ("
                + PrintableText.of(s.why()) + "); until it is reworded, questions on it are"
                + " left for review, the scan does not call it verified and 'page' does not"
                + " publish it");
          }
        }
        for (dev.secaudit.claim.ChecksReach.Statement s : dev.secaudit.claim.ChecksReach.of(
            p.policy(), new SentenceReader(Vocabulary.builtIn()), Vocabulary.builtIn())) {
          main.context.out().println("  warning: " + f + ":" + p.lineOf(s.pointer()) + ": claim "
              + PrintableText.of(s.id()) + ": its checks (" + PrintableText.of(s.checks())
              + ") " + s.reach() + ", while its statement speaks of "
              + PrintableText.of(s.why()) + "; the scan will not call it verified and 'page'"
              + " will not publish it as verified: narrow the statement or attest it");
        }
        for (dev.secaudit.claim.RuleReach.Note n : dev.secaudit.claim.RuleReach.of(p.policy(),
            new SentenceReader(Vocabulary.builtIn()), Vocabulary.builtIn(), Wiring.claimChecksOf())) {
          main.context.out().println("  note: " + p.source().positionOf(n.pointer()) + ": "
              + dev.secaudit.policy.SourceTree.display(n.pointer()) + ": claim "
              + PrintableText.of(n.id()) + ": " + PrintableText.of(n.text()));
        }
        futureAttestations(f, p);
        for (String note : dev.secaudit.policy.BareSeconds.notes(p.source())) {
          main.context.out().println("  note: " + PrintableText.of(note));
        }
        for (String note : notes) {
          main.context.out().println("  note: " + PrintableText.of(note));
        }
        if (allowUnsetEnv) {
          dev.secaudit.policy.LiteralCredentials.notes(p.source())
              .forEach(n -> main.context.out().println("  note: " + PrintableText.of(n)));
        }
        if (allowUnsetEnv && !p.unsetVariables().isEmpty()) {
          main.context.out().println("  note: " + String.join(", ", p.unsetVariables())
              + " not set here; 'secaudit scan' will need "
              + (p.unsetVariables().size() == 1 ? "it" : "them"));
        }
      } catch (UsageException e) {
        Main.error(main.context.err(), e.getMessage());
        ok = false;
      }
    }
    if (waivers != null) {
      try {
        java.util.Set<String> ids = Wiring.catalog().ids();
        List<Waiver> w = new WaiverLoader(ids).load(waivers);
        LocalDate today = LocalDate.ofInstant(main.context.clock().instant(), ZoneOffset.UTC);
        long expired = w.stream().filter(x -> !x.activeOn(today)).count();
        main.context.out().println("ok: " + waivers + " (" + w.size() + " waivers, " + expired
            + " expired)");
        for (Waiver b : w) {
          if (b.blanket(ids) && b.activeOn(today)) {
            main.context.err().println("secaudit: warning: "
                + dev.secaudit.model.ScanResult.WaiverRecord.blanketWarning(b.id(), b.source(),
                    b.target(), b.expires().toString()));
          }
        }
        // A blanket waiver's warning already says "on every target".
        List<String> notes = new ArrayList<>(dev.secaudit.policy.WaiverNotes.targetOmitted(
            w.stream().filter(b -> !b.blanket(ids)).toList()));
        notes.addAll(dev.secaudit.policy.WaiverNotes.longLived(w, main.context.clock()));
        notes.forEach(n -> main.context.err().println("secaudit: note: " + PrintableText.of(n)));
      } catch (UsageException e) {
        Main.error(main.context.err(), e.getMessage());
        ok = false;
      }
    }
    return ok ? ExitCode.PASSED.code : ExitCode.USAGE.code;
  }

  /**
   * An attestation dated after today: a warning, not an error. The date is judged against the
   * run's clock, so the same file is valid a day later and the scan records the verdict as
   * evidence (claim.attestation FAILs until then); but validate must not pass it in silence.
   */
  private void futureAttestations(Path f, LoadedPolicy p) {
    LocalDate today = LocalDate.ofInstant(main.context.clock().instant(), ZoneOffset.UTC);
    List<dev.secaudit.policy.Claim> claims = p.policy().claims();
    for (int i = 0; i < claims.size(); i++) {
      dev.secaudit.policy.Claim.Attestation a = claims.get(i).attest();
      if (a == null || !LocalDate.parse(a.date()).isAfter(today)) {
        continue;
      }
      String pointer = dev.secaudit.policy.PolicyPointer.entry(
          dev.secaudit.policy.PolicyPointer.CLAIMS, i) + "/attest/date";
      main.context.out().println("  warning: " + f + ":" + p.lineOf(pointer) + ": claim "
          + PrintableText.of(claims.get(i).id()) + ": attest.date " + a.date() + " is after today ("
          + today + ", UTC); 'secaudit scan' FAILs claim.attestation until that day");
    }
  }
}
