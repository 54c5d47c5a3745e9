package dev.secaudit.cli;

import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.UsageException;
import dev.secaudit.report.ConsoleReport;
import dev.secaudit.report.ReportSet;
import dev.secaudit.scan.Gate;
import dev.secaudit.scan.ScanParameters;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "scan", mixinStandardHelpOptions = true,
    description = "Probe the policy's targets, judge every claim, print a summary and write"
        + " reports. Exit 0 gate passed, 1 gate failed, 2 bad input, 3 incomplete.")
final class ScanCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = {"-p", "--policy"}, paramLabel = "FILE", defaultValue = "secaudit.yaml",
      description = "Policy file (default: ${DEFAULT-VALUE}).")
  Path policy;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR",
      description = "Write reports (scan.json, report.html, findings.csv) into DIR.")
  Path output;

  @Option(names = {"-f", "--format"}, split = ",", paramLabel = "FORMAT",
      description = "Reports written to --output: json, html, csv (default: all).")
  List<String> formats = new ArrayList<>();

  @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "low",
      description = "Lowest severity of a FAIL that fails the gate: info, low, medium, high,"
          + " critical (default: ${DEFAULT-VALUE}).")
  String failOn;

  @Option(names = "--active",
      description = "Run active probes (rate limits: repeated requests up to a hard cap) on every"
          + " target; without it they run only on targets with active: true.")
  boolean active;

  @Option(names = {"-q", "--quiet"}, description = "Print only the summary and the gate.")
  boolean quiet;

  @Option(names = {"-v", "--verbose"}, description = "Print passed and skipped findings too.")
  boolean verbose;

  @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
      description = "auto, always or never (default: ${DEFAULT-VALUE}; NO_COLOR is honoured).")
  String color;

  @Override
  public Integer call() throws IOException {
    Severity gateAt = severity(failOn);
    Set<ReportSet.Format> chosen = formats(formats);
    LoadedPolicy loaded = Wiring.loader(main.context).load(policy);
    return Runner.scanAndReport(main.context, loaded, output, chosen, gateAt,
        new ConsoleReport(color(color, main.context), quiet ? ConsoleReport.Verbosity.QUIET
            : verbose ? ConsoleReport.Verbosity.VERBOSE : ConsoleReport.Verbosity.NORMAL),
        commandLine(), active);
  }

  private List<String> commandLine() {
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
    if (names.isEmpty()) {
      return ReportSet.all();
    }
    Set<ReportSet.Format> out = EnumSet.noneOf(ReportSet.Format.class);
    for (String n : names) {
      try {
        out.add(ReportSet.Format.parse(n));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--format: '" + n + "' is not a report format; use json, html"
            + " or csv");
      }
    }
    return out;
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
        List<String> commandLine, boolean active) throws IOException {
      ScanResult result = Wiring.scanner(ctx).scan(loaded, new ScanParameters(
          UUID.randomUUID().toString(), Version.get(), commandLine, failOn, active));
      Gate gate = Gate.of(result, failOn);
      console.render(result, gate, ctx.out());
      if (output != null) {
        for (Path p : ReportSet.write(result, output, formats)) {
          ctx.out().println("wrote " + p);
        }
      }
      return switch (gate.outcome()) {
        case PASSED -> ExitCode.PASSED.code;
        case FAILED -> ExitCode.FAILED.code;
        case INCOMPLETE -> ExitCode.INCOMPLETE.code;
      };
    }
  }
}
