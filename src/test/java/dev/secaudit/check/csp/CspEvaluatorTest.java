package dev.secaudit.check.csp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.secaudit.check.csp.CspIssue.Type;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CspEvaluatorTest {

  record Table(List<Row> policies) {}

  record Row(String name, String policy, Boolean meta, List<String> issues) {}

  static Stream<Arguments> realWorld() throws IOException {
    try (InputStream in = CspEvaluatorTest.class.getResourceAsStream("/csp/real-world.yaml")) {
      Table table = new ObjectMapper(new YAMLFactory()).readValue(in, Table.class);
      assertThat(table.policies()).hasSizeGreaterThanOrEqualTo(30);
      return table.policies().stream().map(r -> Arguments.of(r.name(), r));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("realWorld")
  void realWorldPolicy(String name, Row row) {
    List<CspIssue> issues =
        CspEvaluator.evaluate(CspParser.parse(row.policy()), Boolean.TRUE.equals(row.meta()));

    Set<String> expected = new TreeSet<>();
    for (String e : row.issues()) {
      expected.add(e.equals("TT") ? "REQUIRE_TRUSTED_TYPES require-trusted-types-for" : e);
    }
    assertThat(render(issues)).as(row.policy()).isEqualTo(expected);
  }

  private static Set<String> render(List<CspIssue> issues) {
    Set<String> out = new TreeSet<>();
    for (CspIssue i : issues) {
      out.add(i.type() + " " + i.directive() + (i.value().isEmpty() ? "" : " " + i.value()));
    }
    return out;
  }

  private static List<CspIssue> of(Type type, String policy) {
    return CspEvaluator.evaluate(CspParser.parse(policy), false).stream()
        .filter(i -> i.type() == type).toList();
  }

  @Test
  void unknownDirectiveSuggestsTheClosestKnownOne() {
    assertThat(of(Type.UNKNOWN_DIRECTIVE, "defualt-src 'self'"))
        .singleElement()
        .satisfies(i -> assertThat(i.description()).contains("did you mean default-src?"));
    assertThat(of(Type.UNKNOWN_DIRECTIVE, "script-src: 'self'"))
        .singleElement()
        .satisfies(i -> assertThat(i.description()).contains("write script-src"));
    assertThat(of(Type.UNKNOWN_DIRECTIVE, "xyzzy 'self'"))
        .singleElement()
        .satisfies(i -> assertThat(i.description()).doesNotContain("did you mean"));
  }

  @Test
  void unsafeInlineCountsOnlyWithoutNonceHashOrStrictDynamic() {
    assertThat(of(Type.UNSAFE_INLINE, "script-src 'unsafe-inline'")).hasSize(1);
    assertThat(of(Type.UNSAFE_INLINE, "script-src 'unsafe-inline' 'nonce-MTIzNDU2Nzg5MA'"))
        .isEmpty();
    assertThat(of(Type.UNSAFE_INLINE,
        "script-src 'unsafe-inline' 'sha384-Zm9vYmFyYmF6Zm9vYmFyYmF6Zm9vYmFyYmF6Zm9vYmFy'"))
        .isEmpty();
    assertThat(of(Type.UNSAFE_INLINE, "script-src 'unsafe-inline' 'strict-dynamic'")).isEmpty();
    // A nonce in another directive does not help script-src.
    assertThat(of(Type.UNSAFE_INLINE,
        "script-src 'unsafe-inline'; style-src 'nonce-MTIzNDU2Nzg5MA'")).hasSize(1);
  }

  @Test
  void defaultSrcCoversObjectsOnlyWhenItBlocksEverything() {
    assertThat(of(Type.MISSING_DIRECTIVE, "default-src 'none'")).isEmpty();
    assertThat(of(Type.MISSING_DIRECTIVE, "default-src")).isEmpty();
    assertThat(of(Type.MISSING_DIRECTIVE, "default-src 'self'"))
        .extracting(CspIssue::directive).containsExactly("object-src");
    assertThat(of(Type.MISSING_DIRECTIVE, "default-src 'none'; object-src 'self'")).isEmpty();
  }

  @Test
  void metaFlagOnlyChangesTheHeaderOnlyDirectives() {
    String policy = "default-src 'none'; frame-ancestors 'none'; report-uri /r";
    List<CspIssue> header = CspEvaluator.evaluate(CspParser.parse(policy), false);
    List<CspIssue> meta = CspEvaluator.evaluate(CspParser.parse(policy), true);

    assertThat(header).extracting(CspIssue::type).doesNotContain(Type.IGNORED_IN_META)
        .contains(Type.REPORT_URI_DEPRECATED);
    assertThat(meta).filteredOn(i -> i.type() == Type.IGNORED_IN_META)
        .extracting(CspIssue::directive).containsExactly("frame-ancestors", "report-uri");
    assertThat(meta).extracting(CspIssue::type).doesNotContain(Type.REPORT_URI_DEPRECATED);
  }

  @Test
  void sameInputGivesTheSameIssuesInTheSameOrder() {
    String policy = "default-src * 'unsafe-inline'; img-src http://a.example 10.0.0.1; referrer x";
    assertThat(CspEvaluator.evaluate(CspParser.parse(policy), false))
        .isEqualTo(CspEvaluator.evaluate(CspParser.parse(policy), false));
  }
}
