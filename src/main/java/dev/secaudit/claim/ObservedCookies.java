package dev.secaudit.claim;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Value;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Every Set-Cookie the scan recorded, as claims apart from the policy's cookie rules: the rules
 * judge the cookies they name ("session*"), while a sentence says "all cookies we set are
 * HttpOnly". One recorded cookie without the attribute refutes that sentence, naming the cookie
 * and the page. Every recorded cookie having it shows it of the cookies the probed pages set, not
 * of every cookie the company sets: other pages, later requests and signed-in sessions may set
 * others, so such a claim speaks for a class no question names, and a question about all cookies
 * stays a person's call unless a current attestation answers it.
 */
final class ObservedCookies {
  private ObservedCookies() {}

  /** The check whose findings carry every recorded cookie as a value. */
  static final String CHECK = "cookie.syntax";
  /**
   * The cookies the probed pages set: within "cookie", so a failure among them is a failure
   * among all cookies, while their all passing covers no question's class.
   */
  static final String PROBED = "cookie.on_probed_pages";

  private record Seen(String target, Value.Cookie cookie, Finding finding) {
    String where() {
      return (cookie.name().isEmpty() ? "(nameless)" : cookie.name()) + " on " + cookie.url();
    }

    boolean session() {
      String n = cookie.name().toLowerCase(Locale.ROOT);
      return n.contains("sess") || n.equals("sid") || n.startsWith("sid_")
          || n.startsWith("__host-sid") || n.startsWith("__secure-sid");
    }
  }

  /** One attribute a sentence may claim of every cookie. */
  private record Attribute(String topic, String label, String value, Predicate<Value.Cookie> has,
      boolean refutesAll) {}

  private static final List<Attribute> ATTRIBUTES = List.of(
      new Attribute("cookies.http_only", "HttpOnly", "", Value.Cookie::httpOnly, true),
      new Attribute("cookies.secure", "Secure", "", Value.Cookie::secure, true),
      new Attribute("cookies.same_site", "SameSite", "", Value.Cookie::sameSiteSet, true),
      // A cookie with SameSite=Lax refutes "all SameSite=Strict", not "all carry SameSite".
      new Attribute("cookies.same_site", "SameSite=Strict", "strict",
          c -> "Strict".equals(c.sameSite()), false),
      new Attribute("cookies.same_site", "SameSite=Lax", "lax",
          c -> "Lax".equals(c.sameSite()), false),
      new Attribute("cookies.same_site", "SameSite=None", "none",
          c -> "None".equals(c.sameSite()), false),
      // Set on a plain-HTTP answer (the redirect's hop, an http:// page): its value crossed the
      // network in the clear, whatever its flags; cookie.over_http fails it too.
      new Attribute("cookies.https_only", "Set-Cookie over HTTPS", "",
          c -> c.url().toLowerCase(Locale.ROOT).startsWith("https:"), true));

  static void claims(List<Claim> out, ClaimEvidence evidence, Vocabulary vocabulary) {
    if (evidence.scanTooOld() != null) {
      return;
    }
    List<Seen> seen = new ArrayList<>();
    for (Finding f : evidence.findings(List.of(CHECK))) {
      Value v = f.observedValue();
      List<Value> values = v instanceof Value.Items items ? items.items()
          : v == null ? List.of() : List.of(v);
      for (Value each : values) {
        if (each instanceof Value.Cookie c) {
          seen.add(new Seen(f.target(), c, f));
        }
      }
    }
    if (seen.isEmpty()) {
      return;
    }
    Set<String> urls = new LinkedHashSet<>();
    Set<String> targets = new LinkedHashSet<>();
    seen.forEach(s -> {
      urls.add(s.cookie().url());
      targets.add(s.target());
    });
    for (Attribute a : ATTRIBUTES) {
      Topic topic = vocabulary.topic(a.topic()).orElseThrow();
      List<Seen> lacking = seen.stream().filter(s -> !a.has().test(s.cookie())).toList();
      String id = CHECK + "/" + (a.value().isEmpty() ? a.label() : a.label().replace('=', '-'))
          .toLowerCase(Locale.ROOT);
      if (lacking.isEmpty()) {
        String statement = "every cookie the probed pages set has " + a.label() + " ("
            + seen.size() + " Set-Cookie header(s) on " + urls.size() + " URL(s))";
        out.add(new Claim(id + "/probed", statement, new ClaimPart(topic, Polarity.IN_PLACE,
            null, new Scope(true, Set.of(PROBED)), a.value(), statement), Standing.VERIFIED,
            true, List.of(CHECK), refs(seen), "observed by " + CHECK + " on " + targets.size()
                + " target(s): " + a.label() + " on every cookie set by " + String.join(", ",
                    urls.stream().limit(5).toList()) + (urls.size() > 5 ? " and "
                    + (urls.size() - 5) + " more URL(s)" : "") + "; pages not probed may set"
                + " others", true, true));
        continue;
      }
      List<Seen> sessions = lacking.stream().filter(Seen::session).toList();
      if (!sessions.isEmpty()) {
        out.add(refuted(id + "/session", topic, a, sessions, "cookie.session"));
      }
      out.add(refuted(id, topic, a, lacking, "cookie"));
    }
  }

  /** Cookies recorded without the attribute: the sentence claiming it of them all is false. */
  private static Claim refuted(String id, Topic topic, Attribute a, List<Seen> lacking,
      String cls) {
    List<String> where = lacking.stream().map(Seen::where).distinct().toList();
    String named = String.join("; ", where.stream().limit(3).toList())
        + (where.size() > 3 ? "; and " + (where.size() - 3) + " more" : "");
    String statement = (cls.equals("cookie") ? "cookies" : "session cookies") + " set without "
        + a.label() + ": " + named;
    return new Claim(id, statement, new ClaimPart(topic, Polarity.IN_PLACE, null,
        new Scope(true, Set.of(cls)), a.value(), statement), Standing.REFUTED, true,
        List.of(CHECK), refs(lacking), "observed by " + CHECK + ": " + named + " set without "
            + a.label(), true, a.refutesAll());
  }

  private static List<String> refs(List<Seen> seen) {
    return seen.stream().map(s -> ClaimEvidence.describe(s.finding())).distinct().limit(5)
        .toList();
  }
}
