package dev.secaudit.check.http;

import dev.secaudit.model.Value;
import dev.secaudit.model.Subject;
import dev.secaudit.check.DeclaredCheck;
import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.ControlAreas;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Policy;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpFetch;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Permissions-Policy a page is sent, read as a browser reads it: a structured-field
 * Dictionary whose members name a feature and its allowlist ({@code *}, {@code self}, origin
 * strings, or an inner list of them; {@code ()} turns the feature off). It fails when the header
 * does not parse (browsers then ignore all of it), when a member's value is of no allowlist form,
 * and when a powerful feature (camera, microphone, location, devices, payment...) is allowed to
 * every origin. Whether the header is sent at all is the policy's header rule's to judge
 * (header.rule), so an absent header gets no second verdict here.
 */
public final class PermissionsPolicyCheck extends DeclaredCheck {
  public PermissionsPolicyCheck() {
    super(REPORTS, EnumSet.of(Aspect.PAGES));
  }

  static final String ID = "http.permissions_policy";
  static final String HEADER = "Permissions-Policy";

  private static final List<CheckInfo> REPORTS = List.of(CheckInfo.of(ID,
      "Permissions-Policy parses as browsers read it and allows no powerful feature to every"
          + " origin",
      Severity.LOW, "headers", ControlAreas.BROWSER,
      "Send one Permissions-Policy that parses as a structured-field dictionary, e.g."
          + " camera=(), microphone=(), geolocation=(self), payment=(); allow a powerful feature"
          + " only to self or named origins (\"https://pay.example\"), never *.",
      "W3C Permissions Policy (Editor's Draft) §5 'Permissions-Policy HTTP header field' and"
          + " §9.2-9.4 (parse a structured dictionary, allowlist forms *, self, origin strings,"
          + " inner lists; a header that fails to parse is ignored); RFC 9651 §4.2.2"
          + " (Dictionary); powerful features: the W3C Permissions Registry's permission-gated"
          + " features and device, sensor and payment APIs listed on MDN's Permissions-Policy"
          + " page; a member of no allowlist form is ignored by the spec's text and read as ()"
          + " by Chromium (w3c/webappsec-permissions-policy#527): FAIL, its effect differs by"
          + " browser; absence is judged by header.rule, as the policy's headers rule asks"));

  /** Features that reach the user's devices, sensors, location, screen, payments or keys. */
  static final Set<String> POWERFUL = Set.of("accelerometer", "ambient-light-sensor",
      "bluetooth", "camera", "clipboard-read", "display-capture", "geolocation", "gyroscope",
      "hid", "identity-credentials-get", "idle-detection", "local-fonts", "magnetometer",
      "microphone", "midi", "payment", "publickey-credentials-create",
      "publickey-credentials-get", "screen-wake-lock", "serial", "speaker-selection",
      "storage-access", "usb", "window-management", "xr-spatial-tracking");

  private static final String EXPECTED = "a Permissions-Policy that parses, with no powerful"
      + " feature allowed to *";

  @Override
  public boolean appliesTo(Policy policy) {
    return ruleName(policy) != null;
  }

  @Override
  public List<Finding> evaluate(CheckContext ctx) {
    String pointer = HeaderRulesCheck.pointer(ruleName(ctx.policy()));
    TargetObservations obs = ctx.observations();
    Map<String, HttpFetch> pages = obs == null ? Map.of() : obs.pages();
    List<Finding> out = new ArrayList<>();
    // Each finding judges the header; the page it was sent on is the finding's subject.
    Subject about = Subject.header(HEADER);
    if (pages.isEmpty()) {
      out.add(ctx.finding(ID).subject("pages").about(about).status(Status.ERROR)
          .expected(EXPECTED).observed("no page of the target was fetched").rule(pointer)
          .build());
      return out;
    }
    for (Map.Entry<String, HttpFetch> page : pages.entrySet()) {
      HttpFetch fetch = page.getValue();
      HttpExchange response = fetch.lastResponse();
      // A loop or a walk cut at the cap still ended on an answer: it is judged, named by
      // judgedAnswer(), as csp.* and hsts.* judge it; only a walk with no answer is an ERROR.
      String unanswered = fetch.fetchError();
      if (unanswered != null) {
        out.add(ctx.finding(ID).subject(page.getKey()).about(about).status(Status.ERROR)
            .expected(EXPECTED).observed(unanswered)
            .evidence(List.of(fetch.last().id())).rule(pointer).build());
        continue;
      }
      List<String> lines = response.headers(HEADER);
      if (!lines.isEmpty()) {
        String combined = String.join(", ", lines);
        Verdict v = judge(combined);
        out.add(ctx.finding(ID).subject(page.getKey()).about(about).status(v.status())
            .expected(EXPECTED)
            .observed(fetch.judgedAnswer() + v.observed(), new Value.Header(HEADER, HeaderRulesCheck.shown(combined)))
            .evidence(List.of(response.id())).rule(pointer).build());
      }
    }
    return out;
  }

  /** The verdict on one combined header value, and what was seen. */
  record Verdict(Status status, String observed) {}

  static Verdict judge(String value) {
    String shown = HeaderRulesCheck.shown(value);
    StructuredDictionary dict;
    try {
      dict = StructuredDictionary.parse(value);
    } catch (StructuredDictionary.SyntaxError e) {
      return new Verdict(Status.FAIL, "'" + shown + "' is not a structured-field dictionary ("
          + e.getMessage() + "): browsers ignore the whole header, so it restricts nothing");
    }
    List<String> failures = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (Map.Entry<String, StructuredDictionary.Member> m : dict.members().entrySet()) {
      judgeMember(m.getKey(), m.getValue(), failures, warnings);
    }
    StringBuilder observed = new StringBuilder("'").append(shown).append("'");
    Status status = Status.PASS;
    if (!failures.isEmpty()) {
      status = Status.FAIL;
      observed.append(": ").append(String.join("; ", failures));
    }
    if (!warnings.isEmpty()) {
      status = status == Status.PASS ? Status.WARN : status;
      observed.append(failures.isEmpty() ? ": " : "; ").append(String.join("; ", warnings));
    }
    if (dict.members().isEmpty()) {
      observed.append(" (no feature named: every feature keeps its default allowlist)");
    }
    return new Verdict(status, observed.toString());
  }

  private static void judgeMember(String feature, StructuredDictionary.Member m,
      List<String> failures, List<String> warnings) {
    boolean powerful = POWERFUL.contains(feature);
    if (!m.innerList()) {
      StructuredDictionary.Item item = m.items().get(0);
      String entry = entry(item);
      if (entry == null) {
        failures.add(feature + "=" + item.text() + " is not *, self, an origin string or a list"
            + " of them (browsers disagree: ignored, or read as ())");
      } else if (entry.equals("*") && powerful) {
        failures.add(feature + "=* allows " + feature + " to every origin, embedded frames"
            + " included");
      } else if (!entry.equals("*") && !entry.equals("self") && origin(entry) == null) {
        warnings.add(feature + ": \"" + entry + "\" is not an origin (ignored)");
      }
      return;
    }
    for (StructuredDictionary.Item item : m.items()) {
      String entry = entry(item);
      if (entry == null) {
        warnings.add(feature + ": " + item.text() + " in the list is ignored (not *, self or an"
            + " origin string)");
      } else if (entry.equals("*") && powerful) {
        failures.add(feature + "=(... *) allows " + feature + " to every origin, embedded"
            + " frames included");
      } else if (!entry.equals("*") && !entry.equals("self") && origin(entry) == null) {
        warnings.add(feature + ": \"" + entry + "\" is not an origin (ignored)");
      }
    }
  }

  /** *, self, or an origin string's text; null for an item of no allowlist form. */
  private static String entry(StructuredDictionary.Item item) {
    if (item.kind() == StructuredDictionary.Kind.TOKEN
        && (item.text().equals("*") || item.text().equals("self"))) {
      return item.text();
    }
    return item.kind() == StructuredDictionary.Kind.STRING ? item.text() : null;
  }

  /**
   * The origin a string names (scheme://host[:port], the host possibly under a "*." wildcard the
   * spec allows), or null when it names none.
   */
  private static String origin(String text) {
    try {
      URI u = new URI(text.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)\\*\\.", "$1"));
      return u.getScheme() == null || u.getHost() == null ? null
          : u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** The policy's name for the Permissions-Policy rule (its key, as written), or null. */
  private static String ruleName(Policy policy) {
    for (String name : policy.headers().keySet()) {
      if (name.equalsIgnoreCase(HEADER)) {
        return name;
      }
    }
    return null;
  }
}
