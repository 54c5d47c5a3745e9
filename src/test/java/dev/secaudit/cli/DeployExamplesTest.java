package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped deploy/ examples run as their schedulers would run them: each shard's command line
 * and environment are read from the file (the Kubernetes Indexed Job's args and env with
 * JOB_COMPLETION_INDEX per pod; the GitHub matrix's env per matrix value with
 * strategy.job-total), run against a loopback fleet, and the merge step's command line over the
 * shards' results must equal one unsharded scan.
 */
class DeployExamplesTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final int PAGES = 9;
  @TempDir static Path dir;
  static HttpServer server;
  static Path policy;
  static Path fleet;

  @BeforeAll
  static void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      int page = Integer.parseInt(ex.getRequestURI().getPath().replaceAll("\\D", "0"));
      if (page % 2 == 0) {
        ex.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
      }
      byte[] body = ("page " + page).getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    policy = Files.writeString(dir.resolve("fleet.yaml"), "version: 1\nname: fleet\nsettings:"
        + " {timeouts: {connect: 2s, read: 2s, total: 5s}}\nheaders:\n  X-Content-Type-Options:"
        + " {required: true, value: nosniff}\n");
    StringBuilder lines = new StringBuilder();
    for (int i = 1; i <= PAGES; i++) {
      lines.append("http://127.0.0.1:").append(server.getAddress().getPort()).append("/p")
          .append(i).append('\n');
    }
    fleet = Files.writeString(dir.resolve("fleet.txt"), lines.toString());
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  @Test
  void kubernetesIndexedJobShardsMergeIntoTheUnshardedRun() throws Exception {
    List<JsonNode> docs = documents(Path.of("deploy/k8s-indexed-job.yaml"));
    JsonNode scanJob = docs.stream().filter(d -> d.at("/metadata/name").asText()
        .equals("secaudit-scan")).findFirst().orElseThrow();
    assertThat(scanJob.at("/spec/completionMode").asText()).isEqualTo("Indexed");
    int completions = scanJob.at("/spec/completions").asInt();
    JsonNode container = scanJob.at("/spec/template/spec/containers/0");
    Map<String, String> env = new HashMap<>();
    container.get("env").forEach(e -> env.put(e.get("name").asText(), e.get("value").asText()));
    // The count secaudit is told must be the Job's completions, or shards would overlap.
    assertThat(env).containsEntry("SECAUDIT_SHARD_COUNT", String.valueOf(completions));
    String script = container.at("/args/0").asText();
    Path results = Files.createDirectories(dir.resolve("k8s-results"));
    Map<String, String> paths = Map.of("/config/fleet.yaml", policy.toString(),
        "/config/fleet.txt", fleet.toString(), "/results/", results + "/");

    for (int index = 0; index < completions; index++) {
      Map<String, String> pod = new HashMap<>(env);
      pod.put("JOB_COMPLETION_INDEX", String.valueOf(index));
      String command = script.substring(0, script.indexOf(';'))
          .replace("$JOB_COMPLETION_INDEX", String.valueOf(index));
      Cli.Result r = Cli.run(pod, null, words(command, paths));
      // The pod succeeds on 0, 1 and 3 (its script's test); 2 or 70 would fail it.
      assertThat(r.code()).as(r.out() + r.err()).isIn(0, 1, 3);
      assertThat(Files.exists(results.resolve("shard-" + index + "/scan.json"))).isTrue();
    }

    JsonNode mergeJob = docs.stream().filter(d -> d.at("/metadata/name").asText()
        .equals("secaudit-merge")).findFirst().orElseThrow();
    String mergeScript = mergeJob.at("/spec/template/spec/containers/0/args/0").asText();
    // It waits for as many results as the scan Job has pods.
    assertThat(mergeScript).contains("-ge " + completions + " ]");
    String merge = mergeScript.substring(mergeScript.indexOf("secaudit merge"));
    assertMergedEqualsUnsharded(merge, paths, results, "merged");
  }

  @Test
  void gitHubMatrixShardsMergeIntoTheUnshardedRun() throws Exception {
    JsonNode workflow = documents(Path.of("deploy/github-matrix.yml")).get(0);
    JsonNode scanJob = workflow.at("/jobs/scan");
    List<Integer> matrix = new ArrayList<>();
    scanJob.at("/strategy/matrix/shard").forEach(v -> matrix.add(v.asInt()));
    String scanRun = step(scanJob, "Scan this shard");
    Path workspace = Files.createDirectories(dir.resolve("github"));

    for (int shard : matrix) {
      Map<String, String> env = new HashMap<>();
      scanJob.get("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()
          .replace("${{ matrix.shard }}", String.valueOf(shard))
          .replace("${{ strategy.job-total }}", String.valueOf(matrix.size()))));
      // download-artifact puts each shard's artifact in a folder named after it.
      Map<String, String> paths = Map.of("fleet.yaml", policy.toString(), "fleet.txt",
          fleet.toString(), "shard", workspace.resolve("shard-" + shard).toString());
      Cli.Result r = Cli.run(env, null, words(scanRun.substring(0, scanRun.indexOf("||")),
          paths));
      // The step passes on 0, 1 and 3 (its '|| test' clause).
      assertThat(r.code()).as(r.out() + r.err()).isIn(0, 1, 3);
      assertThat(r.err()).contains("shard " + shard + "/" + matrix.size()
          + " (from SECAUDIT_SHARD_INDEX=" + shard);
    }
    String merge = step(workflow.at("/jobs/merge"), "Merge and gate");
    assertMergedEqualsUnsharded(merge, Map.of("secaudit-report",
        workspace.resolve("secaudit-report").toString(), "fleet.yaml", policy.toString()),
        workspace, "secaudit-report");
  }

  /** The merge step's command, with its shard-*&#47;scan.json glob expanded as a shell would. */
  private void assertMergedEqualsUnsharded(String command, Map<String, String> paths,
      Path results, String mergedDir) throws Exception {
    List<String> args = new ArrayList<>();
    for (String w : words(command, paths)) {
      if (w.contains("shard-*/scan.json")) {
        try (var shards = Files.list(results)) {
          shards.filter(p -> p.getFileName().toString().startsWith("shard-")).sorted()
              .forEach(p -> args.add(p.resolve("scan.json").toString()));
        }
      } else {
        args.add(w);
      }
    }
    Cli.Result merged = Cli.run(args.toArray(String[]::new));
    Cli.Result whole = Cli.run("scan", "-p", policy.toString(), "--targets", fleet.toString(),
        "-q", "--color", "never", "-o", dir.resolve("whole-" + mergedDir + results.getFileName())
            .toString(), "-f", "json");
    assertThat(merged.code()).as(merged.out() + merged.err()).isEqualTo(whole.code());
    assertThat(FleetEndToEndTest.comparable(results.resolve(mergedDir + "/scan.json")))
        .isEqualTo(FleetEndToEndTest.comparable(dir.resolve("whole-" + mergedDir
            + results.getFileName() + "/scan.json")));
  }

  private static String step(JsonNode job, String name) {
    for (JsonNode s : job.get("steps")) {
      if (name.equals(s.path("name").asText())) {
        return s.get("run").asText().trim();
      }
    }
    throw new AssertionError("no step '" + name + "'");
  }

  /** A command line's words after 'secaudit', with the example's paths made the test's. */
  private static String[] words(String command, Map<String, String> paths) {
    List<String> out = new ArrayList<>();
    String[] split = command.trim().split("\\s+");
    assertThat(split[0]).isEqualTo("secaudit");
    for (int i = 1; i < split.length; i++) {
      String w = split[i];
      for (Map.Entry<String, String> p : paths.entrySet()) {
        if (w.equals(p.getKey()) || (p.getKey().endsWith("/") && w.startsWith(p.getKey()))) {
          w = p.getValue() + w.substring(p.getKey().length());
        }
      }
      out.add(w);
    }
    return out.toArray(String[]::new);
  }

  private static List<JsonNode> documents(Path file) throws Exception {
    List<JsonNode> docs = new ArrayList<>();
    try (var it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (it.hasNext()) {
        docs.add((JsonNode) it.next());
      }
    }
    return docs;
  }
}
