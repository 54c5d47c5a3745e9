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
    formats.addTo(model);
    csvBom.addTo(model);
    baseline.addTo(model);
    history.addTo(model);
    model.flag(v -> partial = v, "Merge even when shards are missing: their targets stay"
        + " EXCLUDED. Without it a missing shard is refused (exit 2).", "--partial");
    model.flag(v -> quiet = v, "Print only the summary and the gate.", "-q", "--quiet");
    spec = model.withHelpOptions();
    return spec;
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
        ours ? catalog::get : null);
    merged.notes().forEach(n -> main.context.err().println("secaudit: note: " + n));
    ScanResult result = merged.result();
    if (earlier != null) {
      result = ScanCommand.Runner.compared(main.context, result, earlier, baseline.file());
    }
    GateVerdict gate = Gate.of(result, ScanCommand.recordedFailOn(result), baseline.failOnNew);
    ScanCommand.Runner.report(main.context, result, gate, new ConsoleReport(false,
        ConsoleOptions.verbosity(quiet, false), main.context.columns()), to, csvBom.bom);
    if (ledger != null) {
      new RunRecords(null, null, null, null, ledger).keep(result, gate)
          .forEach(ScanCommand.Runner.human(main.context, to)::println);
    }
    return ExitCode.of(gate).code;
  }
}
