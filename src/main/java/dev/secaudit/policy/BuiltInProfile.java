package dev.secaudit.policy;

import java.util.List;
import java.util.Set;

/**
 * The policy {@code secaudit scan https://host/} uses when the user has written none: the
 * built-in presets (Mozilla intermediate TLS, OWASP headers with the HTTPS redirect, baseline
 * cookies) and a published security.txt, on that one URL. It is written out as a policy file
 * beside the reports, so the scan that was run is the file the user can start from.
 */
public final class BuiltInProfile {
  /** The presets, in merge order; a later one wins where two say the same thing. */
  public static final List<String> PRESETS =
      List.of("mozilla-intermediate", "owasp-headers", "baseline-cookies");

  private final Target target;

  private BuiltInProfile(Target target) {
    this.target = target;
  }

  /** The profile for one URL; a URL secaudit would refuse in a --targets file is refused here. */
  public static BuiltInProfile forUrl(String url) {
    List<Target> one = TargetList.parse("command line", url, Set.of());
    return new BuiltInProfile(one.get(0));
  }

  /** The target's name, derived from the URL as for --targets (host, port, path). */
  public String targetName() {
    return target.name();
  }

  /** The policy, as YAML text with comments saying where each rule comes from. */
  public String yaml() {
    return String.join("\n",
        "# The built-in profile of 'secaudit scan " + target.url() + "', as it was run.",
        "# Start your own policy from it: rename it secaudit.yaml, add your pages to 'paths',",
        "# your own claims (docs/policy.md lists every field), and run 'secaudit scan'.",
        "version: 1",
        "name: " + target.name(),
        "# mozilla-intermediate: TLS 1.2+, Mozilla's suites and groups, forward secrecy, a",
        "#   trusted certificate naming the host, HSTS for two years;",
        "# owasp-headers: plain HTTP redirects to HTTPS, CSP, framing, no version banners and the",
        "#   OWASP Secure Headers Project's headers;",
        "# baseline-cookies: every cookie Secure, session cookies HttpOnly and SameSite.",
        "extends: [" + String.join(", ", PRESETS) + "]",
        "targets:",
        "  - name: " + target.name(),
        "    url: \"" + target.url() + "\"",
        "# security.txt (RFC 9116) must be published, with a Contact and a future Expires.",
        "security_txt:",
        "  required: true",
        "");
  }
}
