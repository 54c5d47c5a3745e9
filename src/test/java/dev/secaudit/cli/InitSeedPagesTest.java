package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** 'secaudit init' against each of the five seed pages, served on loopback. */
class InitSeedPagesTest {
  static final Path SEEDS = Path.of("..", "shared", "seeds");
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"000_5cbb73946f7cea9d.txt", "001_2ca0895c8e1ed8b9.txt",
      "002_e17f9345a6006457.txt", "003_21ff3f3d3ea54df7.txt", "004_7bf3810a9101eb76.txt"})
  void printsWhatInitWrites(String seed) throws Exception {
    Path ca = dir.resolve("ca.pem");
    try (SeedSite site = SeedSite.serve(SEEDS.resolve(seed), "Let's Encrypt", List.of(
        new String[] {"Strict-Transport-Security", "max-age=86400"},
        new String[] {"Set-Cookie", "session=abc123; Path=/; Secure; HttpOnly; SameSite=Lax"}),
        ca)) {
      Path policy = dir.resolve("policy.yaml");
      Cli.Result r = Cli.run("init", "--from", site.url(), "--ca-file", ca.toString(), "-o",
          policy.toString());
      System.out.println("==== " + seed + " exit " + r.code() + "\n" + r.out() + r.err());
      if (Files.exists(policy)) {
        System.out.println(Files.readString(policy));
        Cli.Result v = Cli.run("validate", policy.toString());
        System.out.println("validate " + v.code() + "\n" + v.out() + v.err());
      }
      assertThat(r.code()).isZero();
    }
  }
}
