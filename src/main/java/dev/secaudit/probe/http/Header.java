package dev.secaudit.probe.http;

import dev.secaudit.model.Redactor;
import java.util.ArrayList;
import java.util.List;

/** One header line as sent or received, in order; repeated headers stay separate. */
public record Header(String name, String value) {

  /**
   * The line as written in evidence: what the name says is secret masked whatever the value (a
   * cookie value, a credential, however short), control characters made visible. The run's
   * redactor masks the remaining secrets when the evidence is written.
   */
  public String written() {
    return Printable.of(name + ": " + Redactor.shown(name, value));
  }

  /**
   * Headers with each obs-fold continuation joined to the line before by one space, as RFC 9112
   * §5.2 tells a recipient to do and Chromium does. OkHttp keeps a continuation as a header of
   * its own, named "" (no colon on the line) or by the text before a colon, leading blank
   * included; left so, "max-age=1;\r\n includeSubDomains" read as a header without the directive.
   */
  static List<Header> unfolded(List<Header> received) {
    List<Header> out = new ArrayList<>(received.size());
    for (Header h : received) {
      boolean continuation = !out.isEmpty()
          && (h.name().isEmpty() || h.name().charAt(0) == ' ' || h.name().charAt(0) == '\t');
      if (!continuation) {
        out.add(h);
        continue;
      }
      String more = h.name().isEmpty() ? h.value()
          : h.name().strip() + ":" + (h.value().isEmpty() ? "" : " " + h.value());
      Header before = out.remove(out.size() - 1);
      String joined = before.value().isEmpty() ? more.strip() : before.value() + " " + more.strip();
      out.add(new Header(before.name(), joined));
    }
    return out;
  }
}
