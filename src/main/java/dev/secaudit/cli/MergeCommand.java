package dev.secaudit.cli;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.GateVerdict;
import dev.secaudit.model.ScanResult;
import dev.secaudit.report.ConsoleReport;
import dev.secaudit.report.ScanJson;
import dev.secaudit.scan.Gate;
import dev.secaudit.scan.ShardMerge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

final class MergeCommand implements Callable<Integer> {
  final Main main;
  private CommandSpec spec;
  List<Path> inputs;
  Path output;
  final ReportFormatsOption formats = new ReportFormatsOption();
  final CsvBomOption csvBom = new CsvBomOption();
  final BaselineOptions baseline = new BaselineOptions();
  final HistoryOption history = new HistoryOption();
  boolean partial;
  boolean quiet;
  Path policy;

  MergeCommand(Main main) {
    this.main = main;
  }

  /** The command's options (names, labels, help, defaults), each set into its field here. */
  CommandSpec model() {
    CommandModel model = CommandModel.of(this, "merge", "Merge the scan.json of each 'scan"
        + " --shard' run into one result, as one unsharded scan would have written it, then"
        + " report and gate on it. Exit codes as for scan.");
    model.paths(() -> inputs, v -> inputs = v, "1..*", "SCAN_JSON", "The shards' scan.json"
        + " files (same policy).");
    model.path(v -> output = v, "DIR", "Write the merged reports into DIR; '-' writes the one"
        + " report chosen with -f to standard output.", "-o", "--output");
    model.path(v -> policy = v, "FILE", "The policy the shards were scanned with, to judge its"
        + " claims over every shard's findings (default: the shards' run.policy_file, when it"
        + " is still that file).", "-p", "--policy");
    formats.addTo(model);
    csvBom.addTo(model);
    baseline.addTo(model);
    history.addTo(model);
    model.flag(v -> partial = v, "Merge even when shards are missing: their targets stay"
        + " EXCLUDED. Without it a missing shard is refused (exit 2).", "--partial");
    model.flag(v -> quiet = v, "Print only the summary and the gate; stderr carries errors"
        + " only.", "-q", "--quiet");
    spec = model.withHelpOptions();
    return spec;
  }

  /**
   * The policy the shards were scanned with, when their claims need judging again (or --policy
   * was given): --policy, else the file the shards recorded, if it is still the same bytes.
   * Anything else is refused by name: a claim judged by another policy's words is no verdict.
   */
  private dev.secaudit.scan.MergedClaims.Judge claimJudge(List<ShardMerge.Input> read) {
    ShardMerge.Input first = read.get(0);
    boolean judged = read.stream().anyMatch(in -> in.scan().findings().stream()
        .anyMatch(f -> f.checkId().equals("claim.verified")));
    if (policy == null && !judged) {
      return null;
    }
    String sha = first.scan().run().policySha256();
    String recorded = first.scan().run().policyFile();
    if (sha == null || sha.isEmpty()) {
      throw new dev.secaudit.policy.UsageException(first.file() + ": run.policy_sha256 is"
          + " missing, so the policy its claims were judged with is not known; scan the"
          + " shards again with this secaudit");
    }
    Path file = policy;
    String from = "--policy " + policy;
    if (file == null) {
      if (recorded == null || recorded.isEmpty() || !Files.isRegularFile(Path.of(recorded))) {
        throw new dev.secaudit.policy.UsageException(first.file() + ": run.policy_file '"
            + recorded + "' is not at hand, and the claims (claim.verified) must be judged"
            + " again over every shard's findings; give the policy the shards were scanned with:"
            + " merge --policy FILE (SHA-256 " + sha + ")");
      }
      file = Path.of(recorded);
      from = first.file() + ": run.policy_file " + recorded;
    }
    // The fleet's --targets are the shards' population: not needed again.
    List<dev.secaudit.policy.Target> population = first.scan().targets().stream()
        .filter(t -> t.url() != null)
        .map(t -> dev.secaudit.policy.TargetList.target(t.name(), t.url())).toList();
    dev.secaudit.policy.LoadedPolicy loaded = Wiring.loaderWithoutSecrets()
        .withPopulation(population).load(file);
    if (!sha.equals(loaded.sha256())) {
      throw new dev.secaudit.policy.UsageException(from + ": SHA-256 " + loaded.sha256()
          + " is not the policy the shards were scanned with (run.policy_sha256 " + sha + " in "
          + first.file() + "); give that policy's file with --policy");
    }
    return new dev.secaudit.scan.MergedClaims.Judge(loaded,
        new dev.secaudit.check.CheckCatalog(main.context.checks().get()));
  }

  @Override
  public Integer call() throws IOException {
    ReportDestination to = formats.destination(output, spec.commandLine().getParseResult());
    baseline.requireConsistent();
    ScanResult earlier = baseline.read();
    Path ledger = history.requireAppendable();
    if (to.folder() != null) {
      ReportOutput.folder(to.folder(), "-o");
    }
    List<ShardMerge.Input> read = new ArrayList<>();
    for (Path p : inputs) {
      ScanResult scan = ScanJson.read(p);
      read.add(new ShardMerge.Input(p.toString(), Artifact.sha256(Files.readAllBytes(p)), scan));
    }
    // Mappings are checked against this secaudit's catalog only for shards it wrote itself.
    boolean ours = read.stream().allMatch(in -> Version.get().equals(in.scan().run()
        .toolVersion()));
    java.util.Map<String, List<dev.secaudit.model.Mapping>> catalog = new java.util.HashMap<>();
    if (ours) {
      new dev.secaudit.check.CheckCatalog(main.context.checks().get()).all()
          .forEach(info -> catalog.put(info.id(), info.mappings()));
    }
    ShardMerge.Merged merged = ShardMerge.merge(read, ScanCommand.commandLine(spec), partial,
        ours ? catalog::get : null, claimJudge(read));
    if (!quiet) {
      // -q leaves stderr to errors: the targets no shard scanned are in the gate's reason and in
      // every report (EXCLUDED, not scanned) all the same.
      merged.notes().forEach(n -> main.context.err().println("secaudit: note: " + n));
    }
    ScanResult result = merged.result();
    if (earlier != null) {
      result = ScanCommand.Runner.compared(main.context, result, earlier, baseline.file(),
          quiet);
    }
    GateVerdict gate = Gate.of(result, ScanCommand.recordedFailOn(result), baseline.failOnNew);
    ScanCommand.Runner.report(main.context, result, gate, new ConsoleReport(false,
        ConsoleOptions.verbosity(quiet, false), main.context.columns()), to, csvBom.bom);
    if (ledger != null) {
      new RunRecords(null, null, null, null, ledger, List.of(), null).keep(result, gate)
          .forEach(ScanCommand.Runner.human(main.context, to)::println);
    }
    return ExitCode.of(gate).code;
  }
}
