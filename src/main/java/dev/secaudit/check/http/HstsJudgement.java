package dev.secaudit.check.http;

import dev.secaudit.model.Value;
import dev.secaudit.policy.PolicyPointer;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Hsts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hsts: rules (hsts.header, hsts.max_age, hsts.include_subdomains) applied to the
 * Strict-Transport-Security values of one HTTPS response, whatever its source: a page fetched
 * live or the headers an nginx block is configured to send. Both callers ask this one function,
 * so a header value gets the same verdicts wherever it is read. What only a live connection can
 * show (plain HTTP, an untrusted certificate, a failed fetch) is the live check's to say, through
 * {@link #withoutHeader}.
 */
public final class HstsJudgement {
  private HstsJudgement() {}

  /**
   * One rule's verdict on one response.
   *
   * @param followsHeader true when the verdict only repeats that no valid header was there (the
   *     max-age of a missing header): a caller listing problems names the header's once
   */
  public record Verdict(String checkId, String pointer, Status status, String expected,
      String observed, boolean followsHeader, Value expectedValue, Value observedValue) {

    /** A verdict in words only. */
    public Verdict(String checkId, String pointer, Status status, String expected,
        String observed, boolean followsHeader) {
      this(checkId, pointer, status, expected, observed, followsHeader, null, null);
    }
  }

  /** Every rule of {@code hsts} the policy asks for, judged on the values sent (in order). */
  public static List<Verdict> judge(Hsts hsts, List<String> values) {
    if (values.isEmpty()) {
      // Not required and not sent: the rules ask only of a header that is sent, so none applied.
      return withoutHeader(hsts, hsts.required() ? Status.FAIL : Status.NOT_APPLICABLE,
          hsts.required() ? "not sent" : "not sent (the policy does not require it)");
    }
    if (values.size() > 1) {
      // RFC 6797 §6.1 allows one header and §8.1 has browsers process only the first: the
      // header rule fails on the second, and the directives are judged as the first sets them.
      List<Verdict> first = new ArrayList<>(judge(hsts, List.of(values.get(0))));
      Verdict h = first.get(0);
      first.set(0, new Verdict(h.checkId(), h.pointer(), Status.FAIL, h.expected(), "sent "
          + values.size() + " times (" + String.join(" | ", values) + "); RFC 6797 §6.1 allows"
          + " one, and browsers process only the first (§8.1): " + h.observed(), false,
          h.expectedValue(), h.observedValue()));
      return first;
    }
    StrictTransportSecurity sts = StrictTransportSecurity.parse(values.get(0));
    if (!sts.valid()) {
      return withoutHeader(hsts, Status.FAIL, "'" + values.get(0) + "' does not parse: "
          + sts.problem() + "; browsers ignore it");
    }
    String text = "'" + values.get(0) + "'";
    if (!sts.notes().isEmpty()) {
      text += " (" + String.join("; ", sts.notes()) + ")";
    }
    List<Verdict> out = new ArrayList<>();
    // max-age=0 parses but switches HSTS off (RFC 6797 6.1.1: the host stops being a Known HSTS
    // Host), so a policy requiring HSTS has no header in force: the header's own rule fails, and a
    // baseline that had only a short max-age failing sees a new failure, not an unchanged one.
    boolean off = sts.maxAge() == 0 && hsts.required();
    Verdict header = header(hsts, off ? Status.FAIL : Status.PASS, off ? text
        + "; max-age=0 tells browsers to forget HSTS for this host: HSTS is off" : text);
    out.add(new Verdict(header.checkId(), header.pointer(), header.status(), header.expected(),
        header.observed(), false, null, new Value.Header(HstsCheck.HEADER, values.get(0))));
    long min = hsts.minMaxAge().seconds();
    long age = sts.maxAge();
    String ageText = "max-age=" + sts.maxAgeSent() + (age == Long.MAX_VALUE
        && !String.valueOf(age).equals(sts.maxAgeSent().replaceFirst("^0+(?=.)", ""))
        ? " (overflows a 64-bit number of seconds; read as the longest time possible)"
        : " (" + days(age) + ")");
    if (age == 0) {
      ageText += "; 0 tells browsers to forget HSTS for this host";
    }
    out.add(new Verdict("hsts.max_age", MIN_MAX_AGE, age >= min ? Status.PASS : Status.FAIL,
        maxAgeExpected(hsts), ageText, false, new Value.Duration(min), new Value.Duration(age)));
    if (hsts.includeSubdomains() != null) {
      boolean has = sts.includeSubDomains();
      out.add(new Verdict("hsts.include_subdomains", INCLUDE_SUBDOMAINS,
          has == hsts.includeSubdomains() ? Status.PASS : Status.FAIL,
          includeSubdomainsExpected(hsts), has ? "includeSubDomains present"
              : "includeSubDomains absent", false,
          new Value.Presence("includeSubDomains", hsts.includeSubdomains()),
          new Value.Presence("includeSubDomains", has)));
    }
    return out;
  }

  /**
   * The verdicts when no valid header can be judged: hsts.header says why ({@code status},
   * {@code text}), and the rules that read the header's directives follow from it (FAIL when the
   * header is required, else SKIPPED).
   */
  public static List<Verdict> withoutHeader(Hsts hsts, Status status, String text) {
    List<Verdict> out = new ArrayList<>();
    out.add(header(hsts, status, text));
    Status follows = hsts.required() ? Status.FAIL
        : status == Status.NOT_APPLICABLE ? Status.NOT_APPLICABLE : Status.SKIPPED;
    String none = "no valid Strict-Transport-Security header (see hsts.header)";
    out.add(new Verdict("hsts.max_age", MIN_MAX_AGE, follows, maxAgeExpected(hsts), none,
        true, new Value.Duration(hsts.minMaxAge().seconds()), null));
    if (hsts.includeSubdomains() != null) {
      out.add(new Verdict("hsts.include_subdomains", INCLUDE_SUBDOMAINS, follows,
          includeSubdomainsExpected(hsts), none, true,
          new Value.Presence("includeSubDomains", hsts.includeSubdomains()), null));
    }
    return out;
  }

  /** The same status and text for every rule: a response that could not be had at all. */
  public static List<Verdict> unknown(Hsts hsts, Status status, String text) {
    return withoutHeader(hsts, status, text).stream().map(v -> new Verdict(v.checkId(),
        v.pointer(), status, v.expected(), text, v.followsHeader(), v.expectedValue(), null))
        .toList();
  }

  private static Verdict header(Hsts hsts, Status status, String text) {
    return new Verdict("hsts.header", PolicyPointer.member(PolicyPointer.HSTS, "required"),
        status, hsts.required()
        ? "exactly one valid Strict-Transport-Security header on each HTTPS page judged"
            + " (browsers keep it for the whole host)"
        : "when sent: exactly one valid Strict-Transport-Security header", text, false);
  }

  private static final String MIN_MAX_AGE = PolicyPointer.HSTS_MIN_MAX_AGE;
  private static final String INCLUDE_SUBDOMAINS = PolicyPointer.HSTS_INCLUDE_SUBDOMAINS;

  private static String maxAgeExpected(Hsts hsts) {
    long min = hsts.minMaxAge().seconds();
    // A policy that states no minimum (a page saying "HSTS" without a max-age) asks for none:
    // max-age=0, which turns HSTS off, is hsts.header's to refuse.
    return min == 0 ? "any max-age (the policy states no minimum)"
        : "max-age ≥ " + min + " s (" + days(min) + ")";
  }

  private static String includeSubdomainsExpected(Hsts hsts) {
    return hsts.includeSubdomains() ? "includeSubDomains present" : "includeSubDomains absent";
  }

  /** Seconds as days for people: "365 days", "0.5 days". */
  static String days(long seconds) {
    if (seconds % 86_400 == 0) {
      long d = seconds / 86_400;
      return d + (d == 1 ? " day" : " days");
    }
    if (seconds > 0 && seconds < 8_640) {
      // Under a tenth of a day "%.1f days" read "0.0 days" for max-age=300 (reports25 LOW 13).
      long m = seconds / 60;
      return seconds % 60 != 0 ? seconds + " seconds" : m + (m == 1 ? " minute" : " minutes");
    }
    return String.format(Locale.ROOT, "%.1f days", seconds / 86_400.0);
  }
}
