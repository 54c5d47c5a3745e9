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

  /**
   * Answers questions as a customer's sheet would ask them (a CSV in {@code dir}) from a policy
   * and its scan.json, and returns each question's answer ("Yes", "No", or "" for review).
   */
  static Map<String, String> answer(java.nio.file.Path dir, java.nio.file.Path policy,
      java.nio.file.Path scanJson, List<String> questions) throws java.io.IOException {
    java.nio.file.Path sheet = dir.resolve("sheet.csv");
    StringBuilder csv = new StringBuilder("id,question\n");
    for (int i = 0; i < questions.size(); i++) {
      csv.append("Q").append(i + 1).append(",\"").append(questions.get(i)).append("\"\n");
    }
    java.nio.file.Files.writeString(sheet, csv);
    java.nio.file.Path answered = dir.resolve("answered.csv");
    Result answer = run("answer", sheet.toString(), "--policy", policy.toString(), "--scan",
        scanJson.toString(), "-o", answered.toString());
    org.assertj.core.api.Assertions.assertThat(answer.code()).as(answer.out() + answer.err())
        .isIn(0, 1);
    Map<String, String> got = new java.util.LinkedHashMap<>();
    try (var parser = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader()
        .setSkipHeaderRecord(true).build().parse(java.nio.file.Files.newBufferedReader(answered))) {
      // The reading and the evidence beside each answer, for whoever reads a failure.
      parser.forEach(r -> {
        got.put(r.get("question"), r.get("secaudit answer"));
        System.out.println("answer: " + String.join(" | ", r.toList()));
      });
    }
    return got;
  }

  /** One column beside each question of the sheet last answered in {@code dir}. */
  static Map<String, String> column(java.nio.file.Path dir, String column)
      throws java.io.IOException {
    Map<String, String> got = new java.util.LinkedHashMap<>();
    try (var parser = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader()
        .setSkipHeaderRecord(true).build().parse(java.nio.file.Files.newBufferedReader(
            dir.resolve("answered.csv")))) {
      parser.forEach(r -> got.put(r.get("question"), r.get(column)));
    }
    return got;
  }

  /** Answers a loopback test site's request: {@code body} as text/html (none when empty). */
  static void send(com.sun.net.httpserver.HttpExchange x, int status, String body)
      throws java.io.IOException {
    byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "text/html");
    x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    x.getResponseBody().write(bytes);
  }
}
