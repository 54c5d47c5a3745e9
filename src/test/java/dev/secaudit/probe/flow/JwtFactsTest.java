package dev.secaudit.probe.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Reading a JWT's alg, iat and exp without verifying it, and saying why when it cannot be read. */
class JwtFactsTest {
  private static final Instant AT = Instant.parse("2026-11-23T00:00:00Z");

  private static String part(String json) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsAlgIatAndExpAndKeepsNoOtherClaim() {
    JwtFacts f = JwtFacts.decode("capture 'token'", "Bearer " + part("{\"alg\":\"ES256\"}") + "."
        + part("{\"iat\":1700000000,\"exp\":1700003600.5,\"email\":\"a@b.test\"}") + ".sig", AT);

    assertThat(f.problem()).isNull();
    assertThat(f.alg()).isEqualTo("ES256");
    assertThat(f.iat()).isEqualTo(1_700_000_000L);
    assertThat(f.exp()).isEqualTo(1_700_003_600L);
    assertThat(f.describe()).isEqualTo("alg ES256, iat 2023-11-14T22:13:20Z, exp"
        + " 2023-11-14T23:13:20Z").doesNotContain("a@b.test");
  }

  @Test
  void saysWhyATokenCannotBeRead() {
    assertThat(JwtFacts.decode("s", "opaque-session-id", AT).problem())
        .isEqualTo("not a JWT: 1 dot-separated part where a JWS has 3");
    assertThat(JwtFacts.decode("s", "a.b.c.d.e", AT).problem())
        .startsWith("an encrypted JWT (JWE)");
    assertThat(JwtFacts.decode("s", "!!.??.x", AT).problem())
        .isEqualTo("not a JWT: its header or payload is not base64url-encoded JSON");
    assertThat(JwtFacts.decode("s", part("[1]") + "." + part("{}") + ".", AT).problem())
        .isEqualTo("not a JWT: its header or payload is not a JSON object");
  }
}
