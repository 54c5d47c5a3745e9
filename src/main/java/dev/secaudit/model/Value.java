package dev.secaudit.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a check expected or observed, as data: a reader (the answer sheet, init, a dashboard)
 * takes the header text, duration or count from here instead of parsing the finding's
 * sentence. The sentence stays in {@link Finding#expected()} / {@link Finding#observed()}; {@link #prose()} is
 * the sentence a value gives when the check has no wording of its own.
 *
 * <p>In scan.json a value is an object with a {@code kind} (since {@code secaudit.scan/1.3}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Value.Text.class, name = "text"),
    @JsonSubTypes.Type(value = Value.Duration.class, name = "duration"),
    @JsonSubTypes.Type(value = Value.Count.class, name = "count"),
    @JsonSubTypes.Type(value = Value.Items.class, name = "list"),
    @JsonSubTypes.Type(value = Value.Header.class, name = "header"),
    @JsonSubTypes.Type(value = Value.Setting.class, name = "setting"),
    @JsonSubTypes.Type(value = Value.Presence.class, name = "presence"),
    @JsonSubTypes.Type(value = Value.Cookie.class, name = "cookie")})
public sealed interface Value {

  /**
   * What several observations of one thing (a cookie on every page, a header on every response)
   * amount to: the one value when they agree, a list of the distinct ones, or null when any of
   * them was words only, so that a list never claims to be all that was seen when it is not.
   */
  static Value ofAll(List<Value> distinct) {
    if (distinct.isEmpty() || distinct.contains(null)) {
      return null;
    }
    return distinct.size() == 1 ? distinct.get(0) : new Items(distinct);
  }

  /** The sentence for this value when a check does not word it itself. */
  @JsonIgnore
  String prose();

  /** A word or phrase with no more structure: an item of a {@link Items list}. */
  record Text(String text) implements Value {
    public Text {
      text = text == null ? "" : text;
    }

    @Override
    public String prose() {
      return text;
    }
  }

  /** A length of time, in whole seconds: a max-age, a retention window, a lifetime. */
  record Duration(long seconds) implements Value {
    @Override
    public String prose() {
      return seconds + " s";
    }
  }

  /**
   * A number of things, and of how many when it is a part: "7 of 7".
   *
   * @param of the whole the count is part of, or null
   */
  record Count(long count, Long of) implements Value {
    @Override
    public String prose() {
      return of == null ? String.valueOf(count) : count + " of " + of;
    }
  }

  /** Several values: the suites accepted, the directives missing, the origins trusted. */
  record Items(List<Value> items) implements Value {
    public Items {
      // A kind this version does not know reads as null: left out, so a newer scan.json's list
      // is read with the values it knows instead of refusing the whole file.
      items = items == null ? List.of()
          : items.stream().filter(java.util.Objects::nonNull).toList();
    }

    /** A list of plain words. */
    public static Items of(List<String> words) {
      return new Items(words.stream().<Value>map(Text::new).toList());
    }

    @Override
    public String prose() {
      return items.stream().map(Value::prose).collect(Collectors.joining(", "));
    }
  }

  /**
   * An HTTP response header as sent.
   *
   * @param value the header's text, or null when it was not sent
   */
  record Header(String name, String value) implements Value {
    @Override
    public String prose() {
      return value == null ? name + " not sent" : name + ": " + value;
    }
  }

  /**
   * An attribute or directive and its value: SameSite=Lax, PasswordAuthentication no.
   *
   * @param value the value, or null when the attribute or directive is absent
   */
  record Setting(String name, String value) implements Value {
    @Override
    public String prose() {
      return value == null ? name + " missing" : name + "=" + value;
    }
  }

  /**
   * One Set-Cookie header as a browser reads it, on the page that sent it: its name and
   * attributes, never its value (nor anything computed from it: a length, a hash). Claims read
   * "every cookie is HttpOnly" from these, so each names the URL it was recorded on.
   *
   * @param url the page (or redirect hop) whose response set it
   * @param sameSite "Strict", "Lax" or "None"; "invalid" for any other value (the browser's
   *     default applies); null when absent
   * @param domain the Domain attribute (lower case, no leading dot), or null: host-only
   * @param path the Path attribute in force, or null when none was sent
   * @param maxAge a valid Max-Age was sent
   * @param expires an Expires that parses was sent (a session cookie has neither)
   * @param prefix "__Host-" or "__Secure-" when the name starts with one (any case), else null
   */
  record Cookie(String name, String url, boolean secure, boolean httpOnly, String sameSite,
      String domain, String path, boolean maxAge, boolean expires, String prefix,
      boolean partitioned) implements Value {
    public Cookie {
      name = name == null ? "" : name;
      url = url == null ? "" : url;
    }

    /** Whether it carries SameSite with one of the three values browsers enforce. */
    public boolean sameSiteSet() {
      return sameSite != null && !sameSite.equals("invalid");
    }

    @Override
    public String prose() {
      StringBuilder sb = new StringBuilder(name.isEmpty() ? "(nameless)" : name).append(" on ")
          .append(url).append(':');
      sb.append(secure ? " Secure;" : " no Secure;").append(httpOnly ? " HttpOnly;"
          : " no HttpOnly;").append(sameSite == null ? " no SameSite" : " SameSite=" + sameSite);
      if (partitioned) {
        sb.append("; Partitioned");
      }
      if (domain != null) {
        sb.append("; Domain=").append(domain);
      }
      if (path != null) {
        sb.append("; Path=").append(path);
      }
      sb.append(maxAge ? "; Max-Age" : "").append(expires ? "; Expires" : "");
      return sb.toString();
    }
  }

  /** Whether something is there at all: a flag, an attribute without a value. */
  record Presence(String name, boolean present) implements Value {
    @Override
    public String prose() {
      return present ? name : name + " missing";
    }
  }
}
