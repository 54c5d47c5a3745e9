package dev.secaudit.claim;

import dev.secaudit.claim.Words.Word;
import java.util.List;
import java.util.Set;

/** Two readings of a sentence's parts that no cue gives: labels that name a gap, bounded rates. */
final class PartRules {
  private PartRules() {}

  /**
   * "Penetration test: no third-party penetration test has been done yet": the label names the
   * topic the rest of the sentence denies, and claims nothing in place (read as a part of its
   * own, attested, it answered "Have you had a penetration test?" Yes). A part in place with no
   * amount and no value goes when another part denies the same topic.
   */
  static List<ClaimPart> withoutLabels(List<ClaimPart> parts) {
    List<ClaimPart> labels = parts.stream().filter(p -> p.polarity() == Polarity.IN_PLACE
        && p.quantity() == null && p.value().isEmpty() && parts.stream().anyMatch(o ->
            o.topic().equals(p.topic()) && o.polarity() != Polarity.IN_PLACE)).toList();
    return labels.isEmpty() ? parts
        : parts.stream().filter(p -> !labels.contains(p)).toList();
  }

  private static final Set<String> LIMIT_WORDS = Set.of("limit", "limits", "limited", "cap",
      "capped", "throttled", "restricted");

  /**
   * "Do you disable weak cipher suites such as CBC and static RSA?": the suites named are the
   * weak ones refused, not questions of their own (a blind review: "static RSA" made it a question
   * whether forward secrecy is missing anywhere, the opposite of what was asked).
   */
  static void weakSuitesNamed(List<Word> words, WordRole[] role, List<TopicHit> hits) {
    if (hits.stream().noneMatch(h -> h.topic().id().equals("tls.weak_suites"))) {
      return;
    }
    hits.removeIf(h -> h.violation() && h.topic().id().equals("tls.forward_secrecy.every_suite"));
    for (int i = 0; i < words.size(); i++) {
      if (role[i] == null && WEAK_SUITES.contains(words.get(i).text())) {
        role[i] = WordRole.TOPIC;
      }
    }
  }

  private static final Set<String> WEAK_SUITES = Set.of("cbc", "rc4", "3des", "des", "md5",
      "export", "null", "anonymous");

  /**
   * "The public API is limited to 1,000 requests per hour": a rate a limit word bounds is a
   * rate limit though no cue names one (a page and a question say it so; before, neither was
   * read). Only a rate: "limited to 5 employees" and "limited to 30 minutes" are not.
   */
  static void rateBoundByLimit(List<Word> words, WordRole[] role, List<TopicHit> hits,
      List<Amount> amounts, Topic rateLimit) {
    if (hits.stream().anyMatch(h -> h.topic().unit() == Quantity.Unit.PER_SECOND)) {
      return;
    }
    for (Amount a : amounts) {
      if (a.unit() != Quantity.Unit.PER_SECOND) {
        continue;
      }
      for (int k = a.position() - 1; k >= Math.max(0, a.position() - 4); k--) {
        if (role[k] == null && LIMIT_WORDS.contains(words.get(k).text())) {
          role[k] = WordRole.TOPIC;
          hits.add(new TopicHit(rateLimit, k, k + 1, false));
          return;
        }
      }
    }
  }

  /**
   * "Authentication for users via session cookies (HttpOnly, Secure, SameSite=Lax)": every cookie
   * is set in a user's browser, so users beside cookies name no subset of them, and a cookie rule
   * judges what the sentence says (before: "the statement also speaks of user", never verified).
   * Admins' cookies stay a kind of their own.
   */
  static List<ClaimPart> cookiesOfUsers(List<ClaimPart> parts) {
    return parts.stream().map(p -> {
      Set<String> nouns = p.scope().nouns();
      if (!p.topic().id().startsWith("cookies") || !nouns.contains("user")
          || nouns.stream().noneMatch(n -> n.equals("cookie") || n.startsWith("cookie."))) {
        return p;
      }
      Set<String> rest = new java.util.TreeSet<>(nouns);
      rest.remove("user");
      return new ClaimPart(p.topic(), p.polarity(), p.quantity(),
          p.scope().over(p.scope().universal(), rest), p.value(), p.text(), p.anywhere(),
          p.some());
    }).toList();
  }

  /**
   * "Session cookies are HTTPS-only": a redirect to HTTPS said of cookies alone is their Secure
   * flag, the only way a cookie is kept to HTTPS (before: read as the site's redirect, which no
   * cookie check tests). Merged into a Secure part the sentence already has.
   */
  static List<ClaimPart> httpsOnlyCookies(List<ClaimPart> parts, Topic secure) {
    List<ClaimPart> out = new java.util.ArrayList<>();
    for (ClaimPart p : parts) {
      boolean cookies = p.topic().id().equals("https.redirect") && !p.scope().nouns().isEmpty()
          && p.scope().nouns().stream().allMatch(n -> n.equals("cookie")
              || n.startsWith("cookie."));
      ClaimPart q = !cookies ? p : new ClaimPart(secure, p.polarity(), null, p.scope(), "",
          p.text(), p.anywhere(), p.some());
      if (!cookies || parts.stream().noneMatch(o -> o.topic().equals(secure)
          && o.polarity() == q.polarity() && o.scope().equals(q.scope()))) {
        out.add(q);
      }
    }
    return out;
  }

  private static final Set<String> SENT = Set.of("sent", "send", "sends", "transmitted",
      "transmit", "transmits");
  private static final Set<String> SET = Set.of("set", "sets", "issued", "issue", "issues");

  /**
   * "Is the session cookie sent only over HTTPS?": a cookie crosses the network two ways, each
   * shown by its own check. The browser sends it back only over HTTPS when it is Secure (RFC 6265
   * §4.1.2.5, cookie.secure on the cookies its rule names); the server sent it in its Set-Cookie,
   * in the clear when that answer came over plain HTTP, Secure or not (cookie.over_http). So
   * "sent" said of cookies is both parts, whichever way it is asked: before, "never sent" was
   * the Secure flag alone (Yes beside a session cookie set on a plain-HTTP answer) and "ever
   * sent" the Set-Cookie's channel alone (review beside that Yes on the same evidence).
   */
  private static List<ClaimPart> cookieSent(ClaimPart p, Vocabulary vocabulary) {
    Set<String> nouns = p.scope().nouns();
    if (!p.topic().id().equals("encryption.in_transit") || p.polarity() == Polarity.PLANNED
        || nouns.isEmpty()
        || !nouns.stream().allMatch(n -> n.equals("cookie") || n.startsWith("cookie."))) {
      return List.of(p);
    }
    List<String> said = List.of(p.text().toLowerCase(java.util.Locale.ROOT).split("[^a-z]+"));
    if (said.stream().noneMatch(SENT::contains)) {
      return List.of(p);
    }
    return List.of(new ClaimPart(vocabulary.topic("cookies.secure").orElseThrow(),
        p.polarity(), p.quantity(), p.scope(), p.value(), p.text(), p.anywhere(), p.some()), p);
  }

  /**
   * "Are passwords salted and hashed with bcrypt, scrypt or Argon2?": the "or" joins the values
   * of one topic, and the other topic beside them is asked too. Read flat as alternatives, any
   * one hash answered Yes while the salt went unasked, so the reading names what it cannot weigh.
   */
  static void alternativesBesideAnother(List<ClaimPart> parts, List<String> unread) {
    java.util.Map<Topic, Set<String>> values = new java.util.LinkedHashMap<>();
    parts.forEach(p -> values.computeIfAbsent(p.topic(), t -> new java.util.TreeSet<>())
        .add(p.value()));
    values.forEach((topic, named) -> {
      named.remove("");
      if (named.size() > 1 && values.size() > 1) {
        unread.add("'or' between values of " + topic.title() + " beside "
            + String.join(", ", values.keySet().stream().filter(t -> !t.equals(topic))
                .map(Topic::title).toList())
            + " (asked together, not as alternatives of one another)");
      }
    });
  }

  /**
   * "Are session cookies ever sent over plain HTTP?" asks whether either way lapsed: a cookie
   * without Secure, or one set on a plain-HTTP answer. Its parts are alternatives, as "never
   * sent" needs both to hold.
   */
  static boolean eitherLapse(List<ClaimPart> parts) {
    return parts.stream().anyMatch(p -> p.polarity() == Polarity.NOT_IN_PLACE
        && channelOfSent(p, parts));
  }

  /**
   * Whether a part is the Set-Cookie's channel of cookies asked as "sent" (not "set"): it
   * answers only when it shows a lapse. The scan records Set-Cookie headers on the pages it
   * probed, a claim over them and not over the cookies a rule names, so alone it leaves every
   * such question to a person, while the Secure flag it stands beside is judged on those same
   * pages (auditor21 D57: Yes). A cookie seen set over plain HTTP still answers No (or Yes to
   * "ever").
   */
  static boolean channelOfSent(ClaimPart p, List<ClaimPart> parts) {
    List<String> said = List.of(p.text().toLowerCase(java.util.Locale.ROOT).split("[^a-z]+"));
    return p.topic().id().equals("cookies.https_only") && said.stream().anyMatch(SENT::contains)
        && said.stream().noneMatch(SET::contains) && parts.stream().anyMatch(o ->
            o.topic().id().equals("cookies.secure") && o.polarity() == p.polarity()
                && o.anywhere() == p.anywhere() && o.scope().equals(p.scope()));
  }

  /** The endpoint kind a rate limit may name, as the word that says it. */
  static final String LOGIN = "endpoint:login";

  /**
   * Whether words name the login ("login attempts", "sign-in", "log in"): a rate limit's
   * question or sentence naming it speaks of that endpoint's limit, not of every one.
   */
  static boolean namesLogin(List<String> texts) {
    for (int k = 0; k < texts.size(); k++) {
      String w = texts.get(k);
      String next = k + 1 < texts.size() ? texts.get(k + 1) : "";
      if (Set.of("login", "logins", "logon", "signin", "signins").contains(w)
          || ((w.equals("sign") || w.equals("log")) && next.equals("in"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * "Are login attempts limited to 10 per minute?": "login attempts" is how a rate limit is
   * named, and also which endpoint's limit is asked of. Kept as the login's kind, another
   * endpoint's failed limit says nothing of it (a tenth blind review: No from the password
   * reset's limit), and a limit on another endpoint does not answer it.
   */
  static List<ClaimPart> loginLimits(List<Word> words, List<ClaimPart> parts) {
    if (!namesLogin(words.stream().map(Word::text).toList())) {
      return parts;
    }
    return parts.stream().map(p -> !p.topic().id().equals("rate_limit")
        || p.scope().nouns().stream().anyMatch(n -> n.startsWith("page.")) ? p
        : new ClaimPart(p.topic(), p.polarity(), p.quantity(), loginScope(p.scope()), p.value(),
            p.text(), p.anywhere(), p.some())).toList();
  }

  /** A scope narrowed to the login endpoint. */
  static Scope loginScope(Scope s) {
    Set<String> nouns = new java.util.TreeSet<>(s.nouns());
    nouns.add("endpoint");
    return new Scope(s.universal(), nouns, Set.of(LOGIN),
        s.quantified()).withKinds(s.kinds());
  }

  /**
   * Readings of encryption in transit and forward secrecy that depend on what they are said of.
   * ECDHE named is that key exchange, not forward secrecy by any exchange. Forward secrecy over cipher suites or connections ("all TLS connections forward secret",
   * "any non-PFS cipher suite") asks of every accepted suite, not whether it is offered; the
   * suites themselves are then no scope of their own. Encryption in transit said of cookies
   * alone ("cookies set over plain HTTP", "only set over HTTPS") is where their Set-Cookie
   * travels, which cookie.over_http judges, not the site's redirect.
   */
  static List<ClaimPart> transport(List<ClaimPart> parts, Vocabulary vocabulary) {
    return parts.stream().flatMap(p -> cookieSent(p, vocabulary).stream()).map(p -> {
      Set<String> nouns = p.scope().nouns();
      String id = p.topic().id();
      if (id.equals("tls.forward_secrecy") && !p.value().isEmpty()) {
        return new ClaimPart(vocabulary.topic("tls.forward_secrecy.ecdhe").orElseThrow(),
            p.polarity(), p.quantity(), p.scope(), "", p.text(), p.anywhere(), p.some());
      }
      if (id.startsWith("tls.forward_secrecy") && (nouns.contains("suite")
          || nouns.contains("connection") || id.endsWith("every_suite"))) {
        Set<String> rest = new java.util.TreeSet<>(nouns);
        rest.remove("suite");
        return new ClaimPart(vocabulary.topic("tls.forward_secrecy.every_suite").orElseThrow(),
            p.polarity(), p.quantity(), p.scope().over(p.scope().universal(), rest), p.value(),
            p.text(), p.anywhere(), p.some());
      }
      boolean cookies = !nouns.isEmpty() && nouns.stream()
          .allMatch(n -> n.equals("cookie") || n.startsWith("cookie."));
      if (cookies && id.equals("encryption.in_transit")) {
        return new ClaimPart(vocabulary.topic("cookies.https_only").orElseThrow(), p.polarity(),
            p.quantity(), p.scope(), p.value(), p.text(), p.anywhere(), p.some());
      }
      return p;
    }).toList();
  }
}
