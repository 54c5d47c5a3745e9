package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code secaudit --version} alone is answered by {@code Main.main} before picocli loads; what it
 * prints must stay what picocli's version help prints (the in-process run goes through picocli),
 * so scripts that parse it see no difference. An integration test: it needs target/secaudit.jar.
 */
class VersionFastPathIT {
  @ParameterizedTest
  @ValueSource(strings = {"--version", "-V"})
  void thePackagedJarPrintsWhatPicocliPrints(String flag) throws Exception {
    Path jar = Path.of("target/secaudit.jar").toAbsolutePath();
    assertThat(jar).exists();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xlog:class+load=info", "-jar", jar.toString(), flag)
        .redirectErrorStream(false).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();

    String printed = out.lines().filter(l -> !l.startsWith("[")).reduce("", (a, l) -> a + l + "\n");
    assertThat(printed).isEqualTo(Cli.run(flag).out());
    assertThat(out).as("picocli stays unloaded").doesNotContain("picocli.CommandLine ");
  }
}
