package dev.secaudit.probe.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.secaudit.probe.manifest.RequirementsFile.Kind;
import dev.secaudit.probe.manifest.RequirementsFile.Line;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequirementsFileTest {
  /** Every shape pip accepts in one file, with the traps: '#' in URLs, continuations, hashes. */
  private static final String NASTY = String.join("\r\n",
      "# top comment",                                                    // 1
      "--index-url https://pypi.example/simple  # mirror",                 // 2
      "-r base.txt",                                                       // 3
      "-rdev.txt",                                                         // 4
      "--constraint=constraints.txt",                                      // 5
      "",                                                                  // 6
      "Django[argon2,bcrypt] == 5.0.6 ; python_version >= \"3.10\" # web", // 7
      "requests>=2.31,<3",                                                 // 8
      "numpy",                                                             // 9
      "cryptography==42.0.8 \\",                                           // 10
      "    --hash=sha256:aaa \\",                                          // 11
      "    --hash=sha256:bbb",                                             // 12
      "urllib3==2.*",                                                      // 13
      "  pydantic \\",                                                     // 14
      "    ===2.7.1",                                                      // 15
      "-e git+https://github.com/acme/lib.git@v1#egg=lib",                 // 16
      "-e.",                                                               // 17
      "lib2 @ https://files.example/lib2-1.0.whl#sha256=ccc",              // 18
      "https://files.example/raw-1.0.tar.gz",                              // 19
      "./vendor/wheel-1.0-py3-none-any.whl",                               // 20
      "left \\  # a comment ends the continuation",                       // 21
      "==1.0",                                                             // 22
      "six==1.16.0 --config-settings=k=v");                                // 23

  @Test
  void everyLineHasItsKindNameSpecAndFirstLineNumber() {
    List<Line> lines = RequirementsFile.parse(NASTY);
    assertThat(lines).extracting(Line::line, Line::kind, Line::name, Line::spec).containsExactly(
        tuple(2, Kind.OPTION, null, "--index-url https://pypi.example/simple"),
        tuple(3, Kind.INCLUDE, null, "base.txt"),
        tuple(4, Kind.INCLUDE, null, "dev.txt"),
        tuple(5, Kind.INCLUDE, null, "constraints.txt"),
        tuple(7, Kind.PINNED, "Django",
            "Django[argon2,bcrypt] == 5.0.6 ; python_version >= \"3.10\""),
        tuple(8, Kind.UNPINNED, "requests", "requests>=2.31,<3"),
        tuple(9, Kind.UNPINNED, "numpy", "numpy"),
        tuple(10, Kind.PINNED, "cryptography", "cryptography==42.0.8"),
        tuple(13, Kind.UNPINNED, "urllib3", "urllib3==2.*"),
        tuple(14, Kind.PINNED, "pydantic", "pydantic      ===2.7.1"),
        tuple(16, Kind.EDITABLE, null, "git+https://github.com/acme/lib.git@v1#egg=lib"),
        tuple(17, Kind.EDITABLE, null, "."),
        tuple(18, Kind.URL, "lib2", "lib2 @ https://files.example/lib2-1.0.whl#sha256=ccc"),
        tuple(19, Kind.URL, null, "https://files.example/raw-1.0.tar.gz"),
        tuple(20, Kind.URL, null, "./vendor/wheel-1.0-py3-none-any.whl"),
        tuple(21, Kind.UNPINNED, "left", "left \\"),
        tuple(22, Kind.UNPARSED, null, "==1.0"),
        tuple(23, Kind.PINNED, "six", "six==1.16.0"));
    assertThat(lines.get(7).options()).containsExactly("--hash=sha256:aaa", "--hash=sha256:bbb");
    assertThat(lines.get(17).options()).containsExactly("--config-settings=k=v");
  }

  @Test
  void bothReadersShareTheLines() {
    // The vendor scan keeps the named packages only...
    assertThat(PythonManifest.requirements(NASTY)).extracting(Declaration::name)
        .containsExactly("Django", "requests", "numpy", "cryptography", "urllib3", "pydantic",
            "left", "six");
    // ...the pinning rules count everything that installs something.
    assertThat(RequirementsFile.parse(NASTY).stream().filter(Line::installs).count())
        .isEqualTo(14);
  }

  @Test
  void aBackslashOnTheLastLineEndsTheFile() {
    assertThat(RequirementsFile.parse("flask==3.0.3 \\"))
        .extracting(Line::kind, Line::spec).containsExactly(tuple(Kind.PINNED, "flask==3.0.3"));
  }
}
