package dev.secaudit.check.csp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CspParserTest {

  @Test
  void splitsDirectivesOnSemicolonsAndValuesOnAsciiWhitespace() {
    ContentSecurityPolicy p =
        CspParser.parse(" default-src 'self' ;script-src\t'self'\nhttps://cdn.example.com ;; ");

    assertThat(p.directives().keySet()).containsExactly("default-src", "script-src");
    assertThat(p.sources("default-src")).containsExactly("'self'");
    assertThat(p.sources("script-src")).containsExactly("'self'", "https://cdn.example.com");
    assertThat(p.duplicates()).isEmpty();
  }

  @Test
  void lowerCasesDirectiveNamesButKeepsValuesAsWritten() {
    ContentSecurityPolicy p = CspParser.parse("SCRIPT-Src 'NONCE-AbC123xyz' HTTPS://CDN.Example");

    assertThat(p.directives().keySet()).containsExactly("script-src");
    assertThat(p.sources("script-src")).containsExactly("'NONCE-AbC123xyz'", "HTTPS://CDN.Example");
  }

  @Test
  void firstOccurrenceWinsAndLaterOnesAreNoted() {
    ContentSecurityPolicy p = CspParser.parse(
        "script-src 'self'; img-src *; Script-Src 'unsafe-inline'; script-src *; img-src data:");

    assertThat(p.sources("script-src")).containsExactly("'self'");
    assertThat(p.sources("img-src")).containsExactly("*");
    assertThat(p.duplicates()).containsExactly("script-src", "script-src", "img-src");
  }

  @Test
  void directiveWithoutValueHasAnEmptySourceList() {
    ContentSecurityPolicy p = CspParser.parse("upgrade-insecure-requests; object-src");

    assertThat(p.has("upgrade-insecure-requests")).isTrue();
    assertThat(p.sources("upgrade-insecure-requests")).isEmpty();
    assertThat(p.has("object-src")).isTrue();
    assertThat(p.sources("object-src")).isEmpty();
  }

  @Test
  void nonAsciiTokensAreDroppedAndNonAsciiWhitespaceDoesNotSplit() {
    // U+00A0 is not ASCII whitespace: the token is not ASCII, so the spec skips it whole.
    ContentSecurityPolicy p = CspParser.parse("script-src 'self'; object-src\u00a0'none'");
    assertThat(p.directives().keySet()).containsExactly("script-src");
    assertThat(p.dropped()).containsExactly("object-src\u00a0'none'");

    // U+000B (vertical tab) is ASCII but not whitespace to the spec: it stays inside the token.
    ContentSecurityPolicy q = CspParser.parse("img-src a.example\u000Bb.example");
    assertThat(q.sources("img-src")).containsExactly("a.example\u000Bb.example");
  }

  @Test
  void headerValuesAndCommaSeparatedPartsAreSeparatePolicies() {
    List<ContentSecurityPolicy> policies = CspParser.parseHeaders(List.of(
        "default-src 'self', script-src 'none'", "object-src 'none'"));

    assertThat(policies).hasSize(3);
    assertThat(policies.get(0).directives().keySet()).containsExactly("default-src");
    assertThat(policies.get(1).directives().keySet()).containsExactly("script-src");
    assertThat(policies.get(2).directives().keySet()).containsExactly("object-src");
  }

  @Test
  void policiesWithoutDirectivesAreDropped() {
    assertThat(CspParser.parseHeaders(List.of("", " ; ;", "default-src 'none',"))).hasSize(1);
    assertThat(CspParser.parseHeaders(List.of())).isEmpty();
  }

  @Test
  void effectiveDirectiveFollowsTheFallbackChain() {
    ContentSecurityPolicy p = CspParser.parse("default-src 'self'; script-src 'none'; base-uri x");

    assertThat(p.effectiveDirective("script-src-elem")).isEqualTo("script-src");
    assertThat(p.effectiveDirective("img-src")).isEqualTo("default-src");
    assertThat(p.effectiveDirective("style-src-attr")).isEqualTo("default-src");
    assertThat(p.effectiveDirective("base-uri")).isEqualTo("base-uri");
    // Not fetch directives: default-src does not stand in for them.
    assertThat(p.effectiveDirective("form-action")).isNull();
    assertThat(p.effectiveDirective("frame-ancestors")).isNull();
    assertThat(CspParser.parse("img-src *").effectiveDirective("script-src")).isNull();
  }

  @Test
  void effectiveSourcesDropWhatCsp3BrowsersIgnore() {
    ContentSecurityPolicy p = CspParser.parse("script-src 'nonce-MTIzNDU2Nzg' 'strict-dynamic'"
        + " 'unsafe-inline' 'self' https: cdn.example.com 'unsafe-eval'; style-src 'unsafe-inline'"
        + " 'sha256-YWJj'; img-src 'self' 'unsafe-inline'");

    assertThat(p.effectiveSources("script-src"))
        .containsExactly("'nonce-MTIzNDU2Nzg'", "'strict-dynamic'", "'unsafe-eval'");
    assertThat(p.effectiveSources("style-src")).containsExactly("'sha256-YWJj'");
    assertThat(p.effectiveSources("img-src")).containsExactly("'self'", "'unsafe-inline'");
    assertThat(p.effectiveSources("connect-src")).isNull();
  }

  @Test
  void metaViewRemovesTheHeaderOnlyDirectives() {
    ContentSecurityPolicy p = CspParser.parse(
        "default-src 'self'; frame-ancestors 'none'; sandbox; report-uri /r; base-uri 'none'");

    assertThat(p.asMeta().directives().keySet()).containsExactly("default-src", "base-uri");
    assertThat(p.directives()).hasSize(5);
  }
}
