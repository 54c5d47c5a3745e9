package dev.secaudit.probe.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every parser of a manifest or lock file refuses broken, cut, deeply nested, duplicate-keyed and
 * huge-number input in plain words, at the line (and column) of the fault and the field it is
 * in, never in its parser's words (Jackson's class and token names, SnakeYAML's excerpt and caret,
 * the TOML parser's token kinds).
 */
class ManifestFaultsTest {
  /** What a parser's own message carries and secaudit's never does. */
  private static final Pattern LIBRARY = Pattern.compile("(?s).*(com\\.fasterxml|snakeyaml|"
      + "Jackson|JsonParse|StreamRead|Source: |in 'reader'|\\^|`|[A-Z]{3,}_[A-Z_]+|"
      + "Unexpected (character|token|end)|CTRL-CHAR|Exception|<stream end>|<block).*");

  private interface Parser {
    Object read(String text) throws MalformedManifest;
  }

  private record Case(String parser, Parser read, String text, int line, String words) {}

  private static final String DEEP = "[".repeat(1500) + "]".repeat(1500);
  private static final String HUGE = "9".repeat(5000);

  private static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    Parser pkg = NpmManifest::packageJson;
    Parser lock = NpmManifest::packageLock;
    for (var p : List.of(new Object[] {"package.json", pkg},
        new Object[] {"package-lock.json", lock})) {
      String name = (String) p[0];
      Parser read = (Parser) p[1];
      c.add(new Case(name, read, "{\n  \"dependencies\": {\n    \"react\": \"1\"\n    \"vue\": 2\n",
          4, "expected a comma or '}' after a field"));
      c.add(new Case(name, read, "{\n  \"dependencies\": {\"react\": \"1.2", 2,
          "cut short"));
      c.add(new Case(name, read, "{\"x\": " + DEEP + "}", 1, "nested more than 1000 deep"));
      c.add(new Case(name, read, "{\n\"dependencies\": {\"a\": \"1\", \"a\": \"2\"}}", 2,
          "the field 'a' appears twice"));
      c.add(new Case(name, read, "{\"version\": " + HUGE + "}", 1, "5000 digits long"));
    }
    Parser berry = t -> LockFile.read("yarn.lock", t);
    Parser pnpm = t -> LockFile.read("pnpm-lock.yaml", t);
    for (var p : List.of(new Object[] {"yarn.lock", berry, "__metadata:\n  version: 6\n"},
        new Object[] {"pnpm-lock.yaml", pnpm, "lockfileVersion: '9.0'\n"})) {
      String name = (String) p[0];
      Parser read = (Parser) p[1];
      String head = (String) p[2];
      int at = head.split("\n").length;
      c.add(new Case(name, read, head + "a: [1, 2\nb: 3\n", at + 2, "not valid YAML"));
      c.add(new Case(name, read, head + "a: \"cut", at + 1, "not valid YAML"));
      c.add(new Case(name, read, head + "a: " + DEEP + "\n", at + 1, "nested more than"));
      c.add(new Case(name, read, head + "dup: 1\ndup: 2\n", at + 2,
          "the field 'dup' appears twice"));
    }
    for (String name : List.of("poetry.lock", "uv.lock", "Cargo.lock")) {
      Parser read = t -> LockFile.read(name, t);
      c.add(new Case(name, read, "[[package]]\nname = \"a\"\nversion = \"1\n", 3,
          "a line break inside a one-line string"));
      // The parser notices the missing ']' where the next line starts.
      c.add(new Case(name, read, "[[package]\nname = \"a\"\n", 2, "expected ']]', got ']'"));
      c.add(new Case(name, read, "[[package]]\nname = \"a\"\nname = \"b\"\n", 4,
          "a key defined twice"));
      // The TOML reader builds a tree and names no place for a limit: the file as a whole.
      c.add(new Case(name, read, "x = " + DEEP + "\n", 0, "nested more than"));
      c.add(new Case(name, read, "[[package]]\nname = \"a\"\nversion = = 1\n", 3,
          "not valid TOML"));
    }
    Parser cargo = CargoManifest::dependencies;
    c.add(new Case("Cargo.toml", cargo, "[dependencies]\nserde = \"1\nrand = \"0.8\"\n", 2,
        "a line break inside a one-line string"));
    c.add(new Case("Cargo.toml", cargo, "[dependencies]\nserde = \"1\"\nserde = \"2\"\n", 4,
        "a key defined twice"));
    return c;
  }

  @Test
  void everyRefusalIsPlacedAndInPlainWords() {
    List<String> wrong = new ArrayList<>();
    for (Case k : cases()) {
      try {
        k.read().read(k.text());
        wrong.add(k.parser() + ": read without a refusal: " + cut(k.text()));
      } catch (MalformedManifest e) {
        String m = e.getMessage();
        System.out.println(k.parser() + " " + e.where() + m);
        if (!m.contains(k.words()) || LIBRARY.matcher(m).matches() || e.line() != k.line()
            || m.length() > 300) {
          wrong.add(k.parser() + ": " + e.where() + m + "   (wanted line " + k.line() + ", '"
              + k.words() + "')");
        }
      } catch (RuntimeException e) {
        wrong.add(k.parser() + ": " + e);
      }
    }
    if (!wrong.isEmpty()) {
      fail(String.join("\n", wrong));
    }
  }

  @Test
  void aFaultNamesTheFieldItIsIn() throws Exception {
    try {
      NpmManifest.packageLock("{\"packages\": {\"\": {\"dependencies\": {\"a\": tru}}}}");
      fail("read");
    } catch (MalformedManifest e) {
      assertThat(e.getMessage())
          .startsWith("packages[''].dependencies.a: not valid JSON: expected a value");
      assertThat(e.column()).isEqualTo(45);
    }
  }

  @Test
  void aHugeNumberInATomlLockIsOnlyAVersionText() throws Exception {
    // TOML reads big integers whole; an unused field holding one stops nothing.
    assertThat(LockFile.read("poetry.lock", "[[package]]\nname = \"a\"\nversion = \"1\"\n"
        + "checksum = " + HUGE.substring(0, 200) + "\n").packages()).hasSize(1);
  }

  private static String cut(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }
}
