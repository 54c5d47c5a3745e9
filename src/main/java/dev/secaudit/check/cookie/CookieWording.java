package dev.secaudit.check.cookie;

import dev.secaudit.model.Value;
import dev.secaudit.probe.http.SetCookie;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** How the cookie checks say what a cookie sent: its SameSite and its lifetime, in words. */
final class CookieWording {
  private CookieWording() {}

  /**
   * The Set-Cookie header as recorded on {@code url}, as a typed value: its name and attributes
   * only. SetCookie holds no value to leak; nothing here is derived from one either.
   */
  static Value.Cookie observed(SetCookie c, String url) {
    String prefix = c.hasPrefix("__Host-") ? "__Host-" : c.hasPrefix("__Secure-") ? "__Secure-"
        : null;
    String sameSite = switch (c.sameSite()) {
      case ABSENT -> null;
      case INVALID -> "invalid";
      default -> c.sameSite().label();
    };
    return new Value.Cookie(c.name(), url, c.secure(), c.httpOnly(), sameSite, c.domain(),
        c.path(), c.maxAge() != null, c.expires() != null, prefix, c.partitioned());
  }

  static String describeSameSite(SetCookie c) {
    return switch (c.sameSite()) {
      case ABSENT -> "SameSite missing (browser default applies)";
      case INVALID -> "SameSite=" + c.sameSiteRaw() + " (invalid; browser default applies)";
      default -> "SameSite=" + c.sameSite().label();
    };
  }

  /** "Max-Age 31536000 s (365 d)", "session cookie (no Max-Age or Expires)", ... */
  static String describe(SetCookie c, SetCookie.Lifetime life) {
    if (life.kind() == SetCookie.LifetimeKind.SESSION) {
      return "session cookie (no Max-Age or Expires)";
    }
    if (life.kind() == SetCookie.LifetimeKind.EXPIRED) {
      return (life.source().equals("Max-Age") ? "Max-Age " + c.maxAge()
          : "Expires " + c.expiresRaw() + ", not after the response,") + ": the cookie is deleted";
    }
    long seconds = life.declared().getSeconds();
    String units = inUnits(seconds);
    String declared = life.source().equals("Max-Age")
        ? "Max-Age " + c.maxAge() + " s" + (units.isEmpty() ? "" : " (" + units + ")")
        : "Expires " + c.expiresRaw() + " (" + seconds + " s" + (units.isEmpty() ? "" : ", "
            + units) + " after the response)";
    return life.capped() ? declared + ", capped by browsers at 400 d" : declared;
  }

  /** "365 d", "1.5 h", "5 min", or the empty string below a minute. */
  static String inUnits(long seconds) {
    long unit;
    String name;
    if (seconds >= 86_400) {
      unit = 86_400;
      name = "d";
    } else if (seconds >= 3_600) {
      unit = 3_600;
      name = "h";
    } else if (seconds >= 60) {
      unit = 60;
      name = "min";
    } else {
      return "";
    }
    BigDecimal v = BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(unit), 1,
        RoundingMode.HALF_UP).stripTrailingZeros();
    return v.toPlainString() + " " + name;
  }
}
