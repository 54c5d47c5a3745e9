package dev.secaudit.cli;

import dev.secaudit.check.Check;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Runs the CLI in-process, as a user would from a shell, and keeps what it printed. */
final class Cli {
  record Result(int code, String out, String err) {}

  private Cli() {}

  static Result run(String... args) {
    return run(Map.of(), null, args);
  }

  static Result run(Map<String, String> env, List<Check> checks, String... args) {
    return run(env, checks, Clock.systemUTC(), args);
  }

  /** With the clock the run sees (waiver expiry, attestation age). */
  static Result run(Map<String, String> env, List<Check> checks, Clock clock, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Main.Context base = Main.Context.of(new PrintWriter(out), new PrintWriter(err), env::get,
        clock, false);
    Main.Context ctx = checks == null ? base : new Main.Context(base.out(), base.err(), base.env(),
        base.clock(), false, () -> checks, base.runIds());
    int code = Main.execute(ctx, args);
    return new Result(code, out.toString(), err.toString());
  }
}
