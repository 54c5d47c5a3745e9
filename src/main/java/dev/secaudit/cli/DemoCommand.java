package dev.secaudit.cli;

import dev.secaudit.demo.DemoTarget;
import dev.secaudit.model.Severity;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.report.ReportSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

final class DemoCommand implements Callable<Integer> {
  /** Where the bundled demo policy points before the target's real ports are known. */
  static final String POLICY_HTTPS = "https://127.0.0.1:8443";
  static final String POLICY_HTTP = "http://127.0.0.1:8080";

  final Main main;
  Path output;
  boolean serve;
  /** 0: free ports. */
  int portBase;
  final ConsoleOptions console = new ConsoleOptions();

  DemoCommand(Main main) {
    this.main = main;
  }

  /** The command's options (names, labels, help, defaults), each set into its field here. */
  CommandSpec model() {
    CommandModel model = CommandModel.of(this, "demo", "Start a built-in HTTPS target on"
        + " 127.0.0.1 with a realistic mixed posture, scan it with the bundled policies/demo.yaml"
        + " and write reports. Needs no network; exits 0 whatever it finds.");
    model.add(CommandModel.option(Path.class, v -> output = v, "DIR", "Report folder (default:"
        + " ${DEFAULT-VALUE}).", "-o", "--output").converters(CommandModel::path)
        .defaultValue("reports/demo"));
    model.number(v -> portBase = v == null ? 0 : v, "PORT", "Serve the demo's HTTPS site on"
        + " 127.0.0.1:PORT and its plain-HTTP redirect on PORT+1 (default: two free ports;"
        + " never another interface).", "--port-base");
    model.flag(v -> serve = v, "Only start the demo target, write its policy to DIR/policy.yaml"
        + " and keep serving until interrupted (to scan it yourself).", "--serve");
    console.addTo(model);
    return model.withHelpOptions();
  }

  /** The demo target on the ports asked for: one in use is the user's to change (exit 2). */
  private DemoTarget started() {
    try {
      return DemoTarget.start(java.time.Clock.systemUTC(), new java.security.SecureRandom(),
          portBase);
    } catch (java.io.UncheckedIOException e) {
      if (portBase != 0 && e.getCause() instanceof java.net.BindException) {
        throw new dev.secaudit.policy.UsageException("--port-base " + portBase + ": "
            + e.getMessage().replace("cannot start the demo target on 127.0.0.1: ", "")
            + "; choose another --port-base, or leave it out for two free ports");
      }
      throw e;
    }
  }

  @Override
  public Integer call() throws IOException {
    ReportOutput.folder(ReportDestination.folderOnly(output, "demo"), "-o");
    byte[] policy;
    try (InputStream in = DemoCommand.class.getResourceAsStream(
        "/dev/secaudit/policies/demo.yaml")) {
      if (in == null) {
        throw new IllegalStateException("the demo policy is missing from the jar");
      }
      policy = in.readAllBytes();
    }
    if (portBase != 0 && (portBase < 1 || portBase > 65534)) {
      throw new dev.secaudit.policy.UsageException("--port-base " + portBase + ": give a port"
          + " from 1 to 65534 (the demo takes it and the next), or leave it out for free"
          + " ports");
    }
    try (DemoTarget target = started()) {
      // Text replacement keeps every line number, so findings still point at the right line of
      // the policy the user reads (it is written next to the reports).
      String text = new String(policy, StandardCharsets.UTF_8)
          .replace(POLICY_HTTPS, target.httpsUrl()).replace(POLICY_HTTP, target.httpUrl());
      Path copy = output.resolve("policy.yaml");
      Files.writeString(copy, text);
      // The policy's tls.certificate.ca_file names this file, relative to the policy.
      Files.writeString(output.resolve("demo-ca.pem"), target.certificatePem());
      // The policy's configs, retention and data_hygiene entries read these, relative to it.
      dev.secaudit.demo.DemoAtRest.write(output, main.context.clock().instant());
      LoadedPolicy loaded = Wiring.loader(main).load(copy.toString(),
          text.getBytes(StandardCharsets.UTF_8));
      main.context.out().println("demo target: " + target.httpsUrl() + " and "
          + target.httpUrl());
      main.context.out().println("(its self-signed certificate was made just now)");
      if (serve) {
        main.context.out().println("serving; policy written to " + copy + "; stop with Ctrl-C");
        main.context.out().flush();
        try {
          new java.util.concurrent.CountDownLatch(1).await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return ExitCode.PASSED.code;
      }
      ScanCommand.Runner.scanAndReport(main.context, loaded, output, ReportSet.all(),
          Severity.LOW, console.console(main.context), List.of("secaudit", "demo"), ScanCommand.Gating.NONE, false);
      // Short lines: the end of the output is what an 80-column terminal shows after the run.
      main.context.out().println("(the demo exits 0; 'secaudit scan' exits with the gate's code)");
      main.context.out().println("open in a browser: " + output.resolve(
          ReportSet.Format.HTML.fileName).toAbsolutePath());
      main.context.out().println("the policy scanned: " + copy);
    }
    return ExitCode.PASSED.code;
  }
}
