package dev.secaudit.policy;

/**
 * JSON pointers (RFC 6901) into the policy: how a finding names the rule that asked for it, and
 * how the policy file's line of that rule is found. Every pointer to a section or a list entry
 * is built here, so a renamed key is renamed once and a finding's pointer never drifts from the
 * schema. A check adds the fields inside a rule it holds ({@code rule + "/limit"}).
 */
public final class PolicyPointer {
  private PolicyPointer() {}

  public static final String TLS = "/tls";
  public static final String TLS_MIN_VERSION = TLS + "/min_version";
  public static final String TLS_ALLOWED_SUITES = TLS + "/allowed_suites";
  public static final String TLS_FORBIDDEN_SUITES = TLS + "/forbidden_suites";
  public static final String TLS_FORBIDDEN_VERSIONS = TLS + "/forbidden_versions";
  public static final String TLS_ALLOWED_GROUPS = TLS + "/allowed_groups";
  public static final String TLS_MIN_DH_BITS = TLS + "/min_dh_bits";
  public static final String TLS_FORWARD_SECRECY = TLS + "/require_forward_secrecy";
  public static final String TLS_CERTIFICATE = TLS + "/certificate";
  public static final String TLS_CA_FILE = TLS_CERTIFICATE + "/ca_file";
  public static final String HSTS = "/hsts";
  public static final String HSTS_MIN_MAX_AGE = HSTS + "/min_max_age";
  public static final String HSTS_INCLUDE_SUBDOMAINS = HSTS + "/include_subdomains";
  public static final String HEADERS = "/headers";
  public static final String COOKIES = "/cookies";
  public static final String CSP = "/csp";
  public static final String FRAMING = "/framing";
  public static final String HTTPS = "/https";
  public static final String CORS = "/cors";
  public static final String INFO_LEAK = "/info_leak";
  public static final String SECURITY_TXT = "/security_txt";
  public static final String SUBPROCESSORS = "/subprocessors";
  public static final String DECLARED_VENDORS = SUBPROCESSORS + "/declared";
  public static final String VENDOR_DNS = SUBPROCESSORS + "/dns";
  public static final String PUBLISHED_VENDORS = SUBPROCESSORS + "/published_at";
  public static final String RATE_LIMITS = "/rate_limits";
  public static final String RETENTION = "/retention";
  public static final String FLOWS = "/flows";
  public static final String CONFIGS = "/configs";
  public static final String SSH = "/ssh";
  public static final String REPOSITORIES = "/repositories";
  public static final String DATA_HYGIENE = "/data_hygiene";
  public static final String CLAIMS = "/claims";
  public static final String TARGETS = "/targets";

  /** Entry {@code index} of the list at {@code list}: "/cookies/2". */
  public static String entry(String list, int index) {
    return list + "/" + index;
  }

  /** The member {@code key} of the object at {@code at}, escaped: "/headers/X-Frame-Options". */
  public static String member(String at, String key) {
    return at + "/" + key.replace("~", "~0").replace("/", "~1");
  }

  public static String header(String name) {
    return member(HEADERS, name);
  }
}
