package dev.secaudit.probe.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * The anti-forgery tokens an HTML answer carries for its forms and scripts: a hidden input or a
 * meta tag whose name says csrf, xsrf, token, nonce or authenticity. Such a value is the secret
 * behind a cookie beside it (Django's csrfmiddlewaretoken and csrftoken cookie are two maskings of
 * one secret; Rails' authenticity_token is bound to the session), so whoever reads it can pair it
 * with the cookie. A blind review found one in clear in a page artifact while the cookie was
 * redacted and the flow's copy of the same form was masked only because the flow captured it.
 * Every recorded answer's tokens go to the run's redactor, whoever sent the request.
 */
public final class FormTokens {
  private FormTokens() {}

  private static final Pattern NAME = Pattern.compile(
      "(?i).*(csrf|xsrf|token|nonce|authenticity).*");

  /** Quick refusal before parsing: only a body with an input or a meta tag can carry one. */
  private static final Pattern TAG = Pattern.compile("(?i)<(input|meta)\\b");

  /** The token values in an HTML body, as the browser reads them (entities decoded). */
  public static List<String> in(String body) {
    List<String> out = new ArrayList<>();
    if (body == null || body.isEmpty() || !TAG.matcher(body).find()) {
      return out;
    }
    for (Element e : Jsoup.parse(body).select("input, meta")) {
      String name = e.tagName().equals("input") ? e.attr("name") : e.attr("name").isEmpty()
          ? e.attr("property") : e.attr("name");
      boolean hidden = e.tagName().equals("meta")
          || e.attr("type").toLowerCase(Locale.ROOT).equals("hidden");
      String value = e.tagName().equals("input") ? e.attr("value") : e.attr("content");
      if (hidden && NAME.matcher(name).matches() && tokenLike(value)) {
        out.add(value);
      }
    }
    return out;
  }

  /**
   * Not a word: a meta csrf-param names the field ("authenticity_token"), and masking that
   * everywhere would blank the evidence that explains the form.
   */
  private static boolean tokenLike(String v) {
    return v.length() >= 8 && v.chars().noneMatch(Character::isWhitespace)
        && !(v.length() < 32 && v.matches("[a-z]+([_\\-][a-z]+)*"));
  }
}
