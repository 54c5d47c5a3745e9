package dev.secaudit.check.cookie;

import dev.secaudit.probe.http.SetCookie;
import dev.secaudit.probe.http.SetCookieParser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs the hand-derived vectors in cookies/set-cookie-vectors.json against the parser. */
class SetCookieParserTest {
  private static final Pattern REPEAT = Pattern.compile("\\$\\{repeat:(.):(\\d+)}");
  private static final Instant DEFAULT_RECEIVED = Instant.parse("2024-01-01T00:00:00Z");

  private static JsonNode vectors() {
    try (InputStream in =
        SetCookieParserTest.class.getResourceAsStream("/cookies/set-cookie-vectors.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<Arguments> setCookieVectors() {
    List<Arguments> out = new ArrayList<>();
    vectors().get("setCookie").forEach(v -> out.add(Arguments.of(v.get("id").asText(), v)));
    return out.stream();
  }

  static Stream<Arguments> dateVectors() {
    List<Arguments> out = new ArrayList<>();
    vectors().get("cookieDates").forEach(v -> out.add(Arguments.of(v.get("input").asText(), v)));
    return out.stream();
  }

  @Test
  void theVectorFileIsLargeEnough() {
    JsonNode v = vectors();
    assertThat(v.get("setCookie").size() + v.get("cookieDates").size()).isGreaterThanOrEqualTo(60);
    assertThat(v.get("setCookie").size()).isGreaterThanOrEqualTo(60);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("setCookieVectors")
  void parsesLikeABrowser(String id, JsonNode vector) {
    String header = expand(vector.get("header").asText());
    String url = vector.hasNonNull("url") ? vector.get("url").asText() : null;
    Instant received = vector.hasNonNull("received")
        ? Instant.parse(vector.get("received").asText()) : DEFAULT_RECEIVED;
    SetCookie c = SetCookieParser.parse(header, url);
    JsonNode e = vector.get("expect");
    SoftAssertions soft = new SoftAssertions();
    if (e.has("name")) {
      soft.assertThat(c.name()).as("name").isEqualTo(e.get("name").asText());
    }
    bool(soft, e, "secure", c.secure());
    bool(soft, e, "httpOnly", c.httpOnly());
    bool(soft, e, "partitioned", c.partitioned());
    bool(soft, e, "ignored", c.ignored());
    bool(soft, e, "hostOnly", c.hostOnly());
    if (e.has("sameSite")) {
      soft.assertThat(c.sameSite().name()).as("sameSite").isEqualTo(e.get("sameSite").asText());
    }
    text(soft, e, "sameSiteRaw", c.sameSiteRaw());
    text(soft, e, "domain", c.domain());
    text(soft, e, "path", c.path());
    text(soft, e, "pathRaw", c.pathRaw());
    text(soft, e, "maxAgeRaw", c.maxAgeRaw());
    text(soft, e, "expiresRaw", c.expiresRaw());
    if (e.has("maxAge")) {
      if (e.get("maxAge").isNull()) {
        soft.assertThat(c.maxAge()).as("maxAge").isNull();
      } else {
        soft.assertThat(c.maxAge()).as("maxAge").isEqualTo(e.get("maxAge").asLong());
      }
    }
    if (e.has("expires")) {
      soft.assertThat(c.expires()).as("expires").isEqualTo(
          e.get("expires").isNull() ? null : Instant.parse(e.get("expires").asText()));
    }
    if (e.has("ignoredBecause")) {
      soft.assertThat(c.ignoredBecause()).as("ignoredBecause")
          .contains(e.get("ignoredBecause").asText());
    }
    if (e.has("unknown")) {
      List<String> unknown = new ArrayList<>();
      e.get("unknown").forEach(u -> unknown.add(u.asText()));
      soft.assertThat(c.unknownAttributes()).as("unknown").containsExactlyElementsOf(unknown);
    }
    if (e.has("problemCount")) {
      soft.assertThat(c.problems()).as("problems").hasSize(e.get("problemCount").asInt());
    }
    if (e.has("problems")) {
      e.get("problems").forEach(p -> soft.assertThat(c.problems()).as("problems")
          .anySatisfy(actual -> assertThat(actual).contains(p.asText())));
    }
    if (e.has("lifetime")) {
      JsonNode l = e.get("lifetime");
      SetCookie.Lifetime life = c.effectiveLifetime(received);
      soft.assertThat(life.kind().name()).as("lifetime.kind").isEqualTo(l.get("kind").asText());
      if (l.has("source")) {
        soft.assertThat(life.source()).as("lifetime.source").isEqualTo(l.get("source").asText());
      }
      if (l.has("declared")) {
        soft.assertThat(life.declared().getSeconds()).as("lifetime.declared")
            .isEqualTo(l.get("declared").asLong());
      }
      if (l.has("effective")) {
        soft.assertThat(life.effective().getSeconds()).as("lifetime.effective")
            .isEqualTo(l.get("effective").asLong());
      }
      if (l.has("capped")) {
        soft.assertThat(life.capped()).as("lifetime.capped").isEqualTo(l.get("capped").asBoolean());
      }
    }
    soft.assertAll();
  }

  @ParameterizedTest(name = "\"{0}\"")
  @MethodSource("dateVectors")
  void parsesCookieDates(String input, JsonNode vector) {
    JsonNode e = vector.get("expect");
    Instant parsed = SetCookieParser.parseCookieDate(input);
    if (e.isNull()) {
      assertThat(parsed).isNull();
    } else {
      assertThat(parsed).isEqualTo(Instant.parse(e.asText()));
    }
  }

  @Test
  void neverKeepsTheCookieValue() {
    String value = "v4lue-th4t-must-n0t-leak";
    SetCookie c = SetCookieParser.parse("sid=" + value + "; Secure; Path=/; Max-Age=60; Foo=bar");
    assertThat(c.toString()).doesNotContain(value);
    assertThat(c.attributeSummary()).doesNotContain(value);
    SetCookie nameless = SetCookieParser.parse(value + "; Secure");
    assertThat(nameless.toString()).doesNotContain(value);
  }

  @Test
  void attributeSummaryNamesWhatWasParsed() {
    SetCookie c = SetCookieParser.parse(
        "sid=x; secure; httponly; samesite=lax; path=/; max-age=60; domain=.Example.com");
    assertThat(c.attributeSummary())
        .isEqualTo("Secure; HttpOnly; SameSite=Lax; Domain=example.com; Path=/; Max-Age=60");
    assertThat(SetCookieParser.parse("a=b").attributeSummary()).isEqualTo("no attributes");
  }

  @Test
  void defaultPathFollowsTheRequestPath() {
    assertThat(SetCookieParser.defaultPath(null)).isEqualTo("/");
    assertThat(SetCookieParser.defaultPath("https://h/a/b/c?x=/y")).isEqualTo("/a/b");
    assertThat(SetCookieParser.defaultPath("https://h/a")).isEqualTo("/");
    assertThat(SetCookieParser.defaultPath("https://h?x=/a/b")).isEqualTo("/");
    assertThat(SetCookieParser.defaultPath("https://h/[REDACTED]/x")).isEqualTo("/[REDACTED]");
  }

  private static String expand(String header) {
    Matcher m = REPEAT.matcher(header);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(
          m.group(1).repeat(Integer.parseInt(m.group(2)))));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static void bool(SoftAssertions soft, JsonNode e, String key, boolean actual) {
    if (e.has(key)) {
      soft.assertThat(actual).as(key).isEqualTo(e.get(key).asBoolean());
    }
  }

  private static void text(SoftAssertions soft, JsonNode e, String key, String actual) {
    if (e.has(key)) {
      soft.assertThat(actual).as(key).isEqualTo(e.get(key).isNull() ? null : e.get(key).asText());
    }
  }
}
