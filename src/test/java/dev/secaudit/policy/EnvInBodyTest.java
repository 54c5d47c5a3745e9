package dev.secaudit.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.check.StandardChecks;
import dev.secaudit.model.SecretForms;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An ${env:} value in a request body is written as the body's syntax requires, so the server
 * reads the request the author wrote; where no encoding can keep the syntax, loading fails at the
 * field's file:line and names no part of the value.
 */
class EnvInBodyTest {
  /** Everything that breaks a JSON string or a form: quote, backslash, & = + % /, a newline. */
  static final String PW = "p\"w\\ &a=b+c%41/d\ne\u00e9\u20ac\ud83d\ude00\t\u0001";
  private final Map<String, String> env = new LinkedHashMap<>(Map.of("PW", PW, "N", "42",
      "TOKEN", "abc-DEF_12.x~", "BODY", "{\"raw\": \"as the author wrote\"}"));
  private final PolicyLoader loader =
      new PolicyLoader(env::get, StandardChecks.catalog().ids());

  private Policy load(String yaml) {
    return loader.load("policy.yaml", yaml.getBytes(StandardCharsets.UTF_8)).policy();
  }

  private static String rateLimit(String request) {
    return """
        version: 1
        name: b
        targets:
          - {name: api, url: "https://api.acme.test"}
        rate_limits:
          - name: login
            target: api
            limit: 5
            window: 1m
            request: %s
        """.formatted(request);
  }

  private static String flowStep(String request) {
    return """
        version: 1
        name: b
        targets:
          - {name: api, url: "https://api.acme.test"}
        flows:
          - name: login
            target: api
            steps:
              - name: sign-in
                request: %s
        """.formatted(request);
  }

  @Test
  void insideAJsonStringTheValueIsJsonEscaped() throws Exception {
    Policy p = load(flowStep("""
        {method: POST, path: /login, body: '{"user": "a\\"b", "password": "x${env:PW}y",
                    "n": ${env:N}}'}"""));
    String body = p.flows().get(0).steps().get(0).request().body();
    JsonNode json = new ObjectMapper().readTree(body);
    assertThat(json.get("password").asText()).isEqualTo("x" + PW + "y");
    assertThat(json.get("user").asText()).isEqualTo("a\"b");
    assertThat(json.get("n").asInt()).isEqualTo(42);
  }

  @Test
  void aRateLimitBodyWithoutContentTypeIsAFormAndTheValueIsFormEncoded() {
    Policy p = load(rateLimit("{method: POST, path: /login, body: \"user=me&pw=${env:PW}&x=a+b\"}"));
    String body = p.rateLimits().get(0).request().body();
    assertThat(SecretForms.formFields(body)).containsEntry("pw", PW).containsEntry("user", "me")
        // The author's own text is theirs: a "+" stays a "+".
        .containsEntry("x", "a b");
    assertThat(body).endsWith("&x=a+b");
  }

  @Test
  void aDeclaredContentTypeDecidesAndTheTargetsCountsToo() throws Exception {
    Policy declared = load(flowStep("{method: POST, path: /login,"
        + " headers: {content-type: 'application/x-www-form-urlencoded; charset=utf-8'},"
        + " body: '{pw}=${env:PW}'}"));
    assertThat(SecretForms.formFields(declared.flows().get(0).steps().get(0).request().body()))
        .containsEntry("{pw}", PW);
    Policy fromTarget = load(rateLimit("{method: POST, path: /login, body: 'pw=${env:PW}'}")
        .replace("url: \"https://api.acme.test\"}",
            "url: \"https://api.acme.test\", request_headers: {Content-Type: application/json}}")
        .replace("'pw=${env:PW}'", "'[\"${env:PW}\"]'"));
    assertThat(new ObjectMapper().readTree(fromTarget.rateLimits().get(0).request().body())
        .get(0).asText()).isEqualTo(PW);
    Policy plain = load(flowStep("{method: POST, path: /login, headers: {Content-Type:"
        + " text/plain}, body: 'pw ${env:PW}'}"));
    assertThat(plain.flows().get(0).steps().get(0).request().body()).isEqualTo("pw " + PW);
  }

  @Test
  void aBodyThatIsOneReferenceIsTheBodyItself() {
    Policy p = load(flowStep("{method: POST, path: /login, body: '${env:BODY}'}"));
    assertThat(p.flows().get(0).steps().get(0).request().body()).isEqualTo(env.get("BODY"));
  }

  @Test
  void anEscapedReferenceStaysLiteral() {
    Policy p = load(flowStep("{method: POST, path: /login, body: '{\"a\": \"$${env:PW}\"}'}"));
    assertThat(p.flows().get(0).steps().get(0).request().body())
        .isEqualTo("{\"a\": \"${env:PW}\"}");
  }

  @Test
  void anInertValueMayGoIntoABodyOfAnyType() {
    Policy p = load(flowStep("{method: POST, path: /login, headers: {Content-Type:"
        + " application/xml}, body: '<t>${env:TOKEN}</t>'}"));
    assertThat(p.flows().get(0).steps().get(0).request().body())
        .isEqualTo("<t>abc-DEF_12.x~</t>");
  }

  @Test
  void whereNoEncodingKeepsTheSyntaxTheFieldIsNamedAndTheValueIsNot() {
    assertRefused(flowStep("""
            {method: POST, path: /login,
                    body: '{"password": ${env:PW}}'}"""), "policy.yaml:11:",
        "flows[0].steps[0].request.body", "outside a JSON string literal");
    assertRefused(flowStep("""
            {method: POST, path: /login, headers: {Content-Type: application/xml},
                    body: '<pw>${env:PW}</pw>'}"""), "policy.yaml:11:",
        "flows[0].steps[0].request.body", "cannot tell how to escape");
    assertRefused(rateLimit("{method: POST, path: /login, body: '${env:PW}&user=me'}"),
        "policy.yaml:10:", "rate_limits[0].request.body", "set Content-Type");
    assertRefused(flowStep("{method: POST, path: /login, body: '{\"pw\": \"\\${env:PW}\"}'}"),
        "policy.yaml:10:", "flows[0].steps[0].request.body", "follows a backslash");
  }

  private void assertRefused(String yaml, String at, String field, String why) {
    assertThatThrownBy(() -> load(yaml)).isInstanceOf(UsageException.class)
        .satisfies(e -> {
          String m = e.getMessage();
          assertThat(m).contains(at).contains(field).contains(why).contains("${env:PW}");
          assertThat(SecretForms.foundIn(m, PW)).isEmpty();
          assertThat(m).doesNotContain("p\"w").doesNotContain("p\\\"w");
        });
  }

  @Test
  void jsonTokensAreTheOnlyValuesOutsideAString() {
    for (String ok : new String[] {"0", "-1.5e3", "true", "false", "null", "\"a\\\"b\\u00e9\""}) {
      assertThat(BodyPlacement.jsonToken(ok)).as(ok).isTrue();
    }
    for (String bad : new String[] {"", "01", "1.", "+1", "True", "\"a\"b\"", "\"a\\\"", "{}",
        "[1]", "\"\\x\"", "\"\\u12\"", "1 2"}) {
      assertThat(BodyPlacement.jsonToken(bad)).as(bad).isFalse();
    }
  }
}
