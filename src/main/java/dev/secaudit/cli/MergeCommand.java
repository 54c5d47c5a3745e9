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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "merge", mixinStandardHelpOptions = true,
    description = "Merge the scan.json of each 'scan --shard' run into one result, as one"
        + " unsharded scan would have written it, then report and gate on it. Exit codes as for"
        + " scan.")
final class MergeCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "SCAN_JSON",
      description = "The shards' scan.json files (same policy).")
  List<Path> inputs;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR",
      description = "Write the merged reports into DIR; '-' writes the one report chosen with -f"
          + " to standard output.")
  Path output;

  @picocli.CommandLine.Mixin ReportFormatsOption formats = new ReportFormatsOption();

  @picocli.CommandLine.Mixin CsvBomOption csvBom = new CsvBomOption();

  @picocli.CommandLine.Mixin BaselineOptions baseline = new BaselineOptions();

  @picocli.CommandLine.Mixin HistoryOption history = new HistoryOption();

  @Option(names = "--partial",
      description = "Merge even when shards are missing: their targets stay EXCLUDED. Without"
          + " it a missing shard is refused (exit 2).")
  boolean partial;

  @Option(names = {"-q", "--quiet"}, description = "Print only the summary and the gate.")
  boolean quiet;

  @Override
  public Integer call() throws IOException {
    ReportDestination to = formats.destination(output);
    baseline.requireConsistent();
    ScanResult earlier = baseline.read();
    Path ledger = history.requireAppendable();
    List<ShardMerge.Input> read = new ArrayList<>();
    for (Path p : inputs) {
      ScanResult scan = ScanJson.read(p);
      read.add(new ShardMerge.Input(p.toString(), Artifact.sha256(Files.readAllBytes(p)), scan));
    }
    ShardMerge.Merged merged = ShardMerge.merge(read, ScanCommand.commandLine(spec), partial);
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
