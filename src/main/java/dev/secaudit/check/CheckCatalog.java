package dev.secaudit.check;

import static dev.secaudit.model.Severity.HIGH;
import static dev.secaudit.model.Severity.INFO;
import static dev.secaudit.model.Severity.LOW;
import static dev.secaudit.model.Severity.MEDIUM;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every check id secaudit can report, in one table. Ids are a public contract (waivers, baselines,
 * SARIF rule ids and policy overrides name them): never rename one, add a new id instead.
 */
public final class CheckCatalog {
  private static final String TRANSPORT = "soc2:CC6.7 gdpr:32(1)(a) iso27001:8.24 iso27001:8.20";
  private static final String BROWSER = "soc2:CC6.6 soc2:CC7.1 gdpr:32(1)(b) iso27001:8.9 iso27001:8.26";
  private static final String SESSION = "soc2:CC6.1 gdpr:32(1)(b) iso27001:8.5";
  private static final String DISCLOSURE = "soc2:CC2.3 soc2:CC7.3 iso27001:6.8 iso27001:8.8";
  private static final String ABUSE = "soc2:CC6.6 soc2:CC7.2 gdpr:32(1)(b) iso27001:8.20";

  /** Protection in transit and cryptography: what every TLS finding gives evidence for. */
  private static final String CRYPTO = "soc2:CC6.7 gdpr:32(1)(a) iso27001:8.24";

  private static final Map<String, CheckInfo> ALL;

  static {
    Map<String, CheckInfo> all = new LinkedHashMap<>();
    add(all, CheckInfo.of("tls.protocols", "Each SSL/TLS version is accepted or refused as the"
        + " policy says", HIGH, CRYPTO, "Disable SSLv2, SSLv3, TLS 1.0 and 1.1 (nginx: ssl_protocols"
        + " TLSv1.2 TLSv1.3;) and any version the policy forbids.",
        "RFC 8996; RFC 8446 §4.2.1; Mozilla server-side TLS 6.0"));
    add(all, CheckInfo.of("tls.certificate.trusted", "The certificate chain validates against"
        + " trusted roots", HIGH, CRYPTO, "Serve the full chain (leaf then intermediates) from a CA"
        + " browsers trust, or add your private CA with tls.certificate.ca_file.",
        "RFC 5280 §6; CA/Browser Forum Baseline Requirements"));
    add(all, CheckInfo.of("tls.certificate.hostname", "The certificate names the host", HIGH, CRYPTO,
        "Issue the certificate with the host in its subject alternative names (the CN is not"
            + " used).", "RFC 6125 §6; RFC 9525"));
    add(all, CheckInfo.of("tls.certificate.expiry", "The certificate is valid and far enough from"
        + " expiry", HIGH, CRYPTO, "Renew the certificate (automate it with ACME) well before"
            + " notAfter; renew at a third of the lifetime left.",
        "RFC 5280 §4.1.2.5; Let's Encrypt renewal guidance"));
    add(all, CheckInfo.of("tls.certificate.lifetime", "The certificate's lifetime is within the"
        + " policy's maximum", LOW, CRYPTO, "Use shorter-lived certificates (90 days or less)"
            + " issued automatically.", "Mozilla server-side TLS 6.0: certificate lifespan"));
    add(all, CheckInfo.of("tls.certificate.key", "The certificate key is of an allowed type and"
        + " size", HIGH, CRYPTO, "Reissue with RSA of 2048 bits or more, or ECDSA P-256/P-384.",
        "NIST SP 800-57 Part 1; Mozilla server-side TLS 6.0"));
    add(all, CheckInfo.of("tls.certificate.signature", "Neither the leaf (self-signed or not) nor"
        + " any certificate below the root is signed with SHA-1 or MD5", HIGH, CRYPTO, "Reissue the certificate (and use intermediates)"
            + " signed with SHA-256 or better.", "CA/Browser Forum BR §7.1.3; RFC 9155"));
    add(all, CheckInfo.of("tls.certificate.issuer", "The certificate comes from the issuer the"
        + " policy names", MEDIUM, CRYPTO, "Issue the certificate from the CA the security page"
            + " names, or correct the policy's issuer pattern.", "secaudit policy tls.certificate"));
    add(all, CheckInfo.of("tls.certificate.chain", "The chain is sent complete and in issuer"
        + " order", MEDIUM, CRYPTO, "Serve the leaf followed by every intermediate up to (not"
            + " necessarily including) the root, in issuer order, and nothing else (nginx:"
            + " ssl_certificate with the full-chain file).",
        "RFC 5246 §7.4.2; RFC 8446 §4.4.2; CA/Browser Forum Baseline Requirements"));
    add(all, CheckInfo.of("tls.certificate.ocsp_stapling", "A stapled OCSP response is present"
        + " when required, and says good within its validity", LOW, CRYPTO, "Enable OCSP"
            + " stapling (nginx: ssl_stapling on; ssl_stapling_verify on;) if your CA runs OCSP;"
            + " a staple that is stale or says revoked must be fixed at once.",
        "RFC 6066 §8; RFC 6960; Mozilla server-side TLS 6.0"));
    add(all, CheckInfo.of("tls.ciphers", "Every accepted cipher suite is strong and allowed by"
        + " the policy", MEDIUM, CRYPTO, "Offer only AEAD suites with (EC)DHE key exchange (Mozilla"
            + " intermediate: ECDHE with AES-GCM or ChaCha20-Poly1305 for TLS 1.2); drop NULL,"
            + " anonymous, EXPORT, RC4, DES, 3DES, static RSA and CBC suites.",
        "RFC 7465; RFC 9325 §4.1; Mozilla server-side TLS 6.0"));
    add(all, CheckInfo.of("tls.dh_params", "Finite-field DHE groups are large enough", MEDIUM,
        CRYPTO, "Use a 2048-bit or larger group (RFC 7919 ffdhe2048; nginx: ssl_dhparam with a"
            + " 2048-bit file) or drop DHE suites in favour of ECDHE.",
        "RFC 7919; Logjam (weakdh.org, 2015); Mozilla server-side TLS 6.0 (ffdhe2048)"));
    add(all, CheckInfo.of("tls.forward_secrecy", "Key exchange is ephemeral ((EC)DHE)", MEDIUM,
        CRYPTO, "Prefer ECDHE suites and remove static RSA key exchange (TLS_RSA_WITH_*).",
        "RFC 9325 §4.1; NIST SP 800-52r2 §3.3.1"));
    add(all, CheckInfo.of("tls.grade", "SSL Labs-style grade (informational)", INFO, CRYPTO,
        "Raise the grade by fixing the findings of tls.protocols, tls.ciphers, tls.forward_secrecy"
            + " and tls.certificate.*.", "Qualys SSL Labs: SSL Server Rating Guide (2009),"
            + " simplified: score = 30% protocol ((best+worst)/2) + 30% key exchange (weakest: DH"
            + " prime for DHE where read, certificate key for static RSA, weakest accepted group"
            + " for ECDHE and TLS 1.3) + 40% cipher ((strongest+weakest)/2); A >= 80, B >= 65,"
            + " C >= 50, D >= 35, E >= 20, else F; caps: SSLv2, NULL, anonymous or EXPORT -> F;"
            + " RC4 or neither TLS 1.2 nor 1.3 -> C (SSL Labs 1.17, May 2015); SSLv3/TLS 1.0/1.1"
            + " or no forward secrecy -> B; RSA/DSA certificate key < 1024 bits or an MD5"
            + " signature -> F, key < 2048 -> B (Qualys, 'Stricter Security Requirements for"
            + " 2014', rating guide 2009h); DH parameters < 1024 bits -> F, < 2048 -> B (SSL Labs"
            + " 1.17, Logjam, May 2015); SHA-1 signature on the leaf or an intermediate -> T"
            + " (browsers distrust it since Chrome 56 / Firefox 51, January 2017; SSL Labs grades"
            + " untrusted as T); untrusted -> T; host not named -> M; no A+/A- and no browser"
            + " simulations (HSTS is judged by hsts.*)"));
    add(all, CheckInfo.of("tls.mozilla_profile", "Mozilla TLS profile met (informational)", INFO,
        CRYPTO, "Configure the server from ssl-config.mozilla.org (intermediate or modern).",
        "Mozilla server-side TLS guidelines 6.0"));
    add(all, CheckInfo.of("https.redirect", "Plain HTTP redirects to HTTPS on the same host first",
        HIGH, TRANSPORT,
        "Answer every http:// request with a 301/308 to the https:// URL of the same host before"
            + " any other redirect.", "RFC 6797 §7.2; hstspreload.org submission rules"));
    add(all, CheckInfo.of("https.redirect_chain", "Redirect chain is short and stays on policy targets",
        LOW, "soc2:CC6.7 iso27001:8.20",
        "Redirect straight to the final URL; keep redirects within the hosts the policy lists.",
        "MDN HTTP Observatory: redirection"));
    add(all, CheckInfo.of("hsts.header", "Strict-Transport-Security is sent, once, and parses",
        HIGH, TRANSPORT,
        "Send exactly one 'Strict-Transport-Security: max-age=63072000; includeSubDomains' on"
            + " every HTTPS response.", "RFC 6797 §6.1"));
    add(all, CheckInfo.of("hsts.max_age", "HSTS max-age is at least the policy's minimum", MEDIUM,
        TRANSPORT, "Raise max-age to the policy's minimum (one year is 31536000 seconds).",
        "RFC 6797 §6.1.1; Mozilla guidelines 6.0"));
    add(all, CheckInfo.of("hsts.include_subdomains", "HSTS includeSubDomains is as the policy says",
        MEDIUM, TRANSPORT, "Add (or remove) the includeSubDomains directive.", "RFC 6797 §6.1.2"));
    add(all, CheckInfo.of("hsts.preload", "The site meets the HSTS preload list's requirements", LOW,
        TRANSPORT, "max-age ≥ 31536000, includeSubDomains, preload, one header, and an http://"
            + " to https:// redirect on the same host first.", "hstspreload.org"));
    add(all, CheckInfo.of("csp.header", "An enforced Content-Security-Policy is sent", MEDIUM, BROWSER,
        "Send a Content-Security-Policy header (a <meta> tag cannot carry frame-ancestors,"
            + " report-uri or sandbox).", "CSP Level 3; MDN HTTP Observatory"));
    add(all, CheckInfo.of("csp.unsafe_inline", "CSP does not allow inline script or style without a"
        + " nonce or hash", HIGH, BROWSER,
        "Remove 'unsafe-inline' from script-src; use nonces or hashes (with 'strict-dynamic').",
        "csp-evaluator: unsafe-inline"));
    add(all, CheckInfo.of("csp.unsafe_eval", "CSP does not allow eval()", MEDIUM, BROWSER,
        "Remove 'unsafe-eval'; replace eval/new Function in the code.", "csp-evaluator: unsafe-eval"));
    add(all, CheckInfo.of("csp.unsafe_hashes", "CSP does not allow event-handler hashes", LOW, BROWSER,
        "Move inline event handlers to scripts and drop 'unsafe-hashes'.",
        "CSP Level 3 'unsafe-hashes'"));
    add(all, CheckInfo.of("csp.wildcard", "Script, object and base sources are not wildcards,"
        + " whole schemes or hosts that serve attacker-chosen script", HIGH, BROWSER,
        "Replace *, http:, https: and data: in script-src, object-src and base-uri with specific"
            + " origins, nonces or hashes; drop hosts that serve JSONP, old AngularJS or anyone's"
            + " files (www.google.com, ajax.googleapis.com, cdn.jsdelivr.net...) or use nonces"
            + " with 'strict-dynamic'.", "csp-evaluator 1.1 (npm csp_evaluator): plain wildcard,"
            + " URL schemes, allow-list bypass; bypass hosts re-derived from Weichselbaum et al.,"
            + " 'CSP Is Dead, Long Live CSP!', ACM CCS 2016 §4 and the hosts' own documentation"
            + " (JSONP callback parameter, hosted AngularJS, npm/GitHub files); a host-source with"
            + " a path is not matched (csp-evaluator matches known paths; secaudit does not guess"
            + " redirects); Flash hosts in object-src are not listed (plugins are gone); hosts"
            + " in csp-evaluator's list that secaudit has not yet re-derived from a source it can"
            + " cite (*.facebook.com, *.twimg.com) are not flagged"));
    add(all, CheckInfo.of("csp.missing_directive", "CSP restricts scripts, objects and the base URI",
        MEDIUM, BROWSER, "Add script-src (or default-src), object-src 'none' and base-uri 'self'"
            + " (or 'none').", "csp-evaluator: missing directives; CSP Level 3 §6.1.1 fallback"
            + " lists (script-src-elem and script-src-attr each fall back to script-src, then"
            + " default-src; object-src to default-src, whose sources are then judged as the"
            + " plugins' sources, as csp-evaluator does); an object-src with an empty source"
            + " list matches nothing (CSP3 §6.7.2.5) and counts as set, where csp-evaluator 1.1.8"
            + " asks for a value"));
    add(all, CheckInfo.of("csp.nonce", "CSP nonces are long enough to be unguessable", LOW, BROWSER,
        "Use a fresh random nonce of at least 8 characters (128 bits recommended) per response.",
        "csp-evaluator: nonce length"));
    add(all, CheckInfo.of("csp.insecure_source", "CSP sources are not plain-HTTP or IP addresses", LOW,
        BROWSER, "Load resources over https:// from host names, not http:// or IP literals.",
        "csp-evaluator: http: / IP sources; secaudit also counts ws:// and http: in any"
            + " directive (csp-evaluator only http:// URLs), both cleartext"));
    add(all, CheckInfo.of("csp.deprecated", "CSP uses no deprecated or unknown directives", INFO,
        BROWSER, "Replace deprecated directives (report-uri → report-to, reflected-xss, referrer,"
            + " plugin-types, block-all-mixed-content) and fix misspelt ones.",
        "csp-evaluator: deprecated / unknown directives"));
    add(all, CheckInfo.of("csp.strict_dynamic", "strict-dynamic has safe fallbacks", INFO, BROWSER,
        "With 'strict-dynamic', keep a nonce or hash and add https: 'unsafe-inline' only as a"
            + " fallback for old browsers.", "csp-evaluator: strict-dynamic"));
    add(all, CheckInfo.of("csp.policy", "CSP meets the policy's own directive and source rules",
        MEDIUM, BROWSER, "Add the directives the policy requires and remove the sources it"
            + " forbids.", "secaudit policy csp:"));
    add(all, CheckInfo.of("csp.report_only", "Content-Security-Policy-Report-Only, judged separately",
        INFO, BROWSER, "A report-only policy enforces nothing: enforce it once its reports are"
            + " clean.", "CSP Level 3 §3.2"));
    add(all, CheckInfo.of("header.rule", "Response header meets the policy's rule", MEDIUM, BROWSER,
        "Send the header with the value the policy states (or stop sending it).",
        "drHEADer rules; OWASP Secure Headers Project; Referrer-Policy judged as the document"
            + " applies it: a <meta name=\"referrer\"> overrides the header (HTML Living Standard"
            + " §4.2.5.3 'Standard metadata names: referrer'; W3C Referrer Policy §4); a required"
            + " Referrer-Policy that is missing fails, where MDN HTTP Observatory 1.4.8 passes it"
            + " as 'not implemented' (browsers default to strict-origin-when-cross-origin): the"
            + " policy asked for the header, so its absence is a deliberate FAIL"
            + " (bench/observatory.sh)"));
    add(all, CheckInfo.of("header.info_leak", "No header discloses software or version", LOW,
        "soc2:CC7.1 iso27001:8.9 iso27001:8.8",
        "Remove X-Powered-By and framework banners; send Server without a version (nginx:"
            + " server_tokens off).", "OWASP Secure Headers Project: headers to remove"));
    add(all, CheckInfo.of("header.framing", "Framing by other sites is refused", MEDIUM, BROWSER,
        "Send CSP frame-ancestors 'none' (or 'self') and X-Frame-Options: DENY for old browsers.",
        "MDN HTTP Observatory: X-Frame-Options"));
    add(all, CheckInfo.of("cors.origin", "CORS does not trust arbitrary origins", HIGH,
        "soc2:CC6.6 soc2:CC6.1 gdpr:32(1)(b) iso27001:8.26",
        "Allow only a fixed list of origins; never reflect Origin together with"
            + " Access-Control-Allow-Credentials: true; with cors.allow_any_origin: false, send no"
            + " * either.", "MDN HTTP Observatory: CORS; Fetch Standard §3.2.5 (CORS check);"
            + " PortSwigger: CORS misconfigurations"));
    add(all, CheckInfo.of("cookie.secure", "Cookie has the Secure attribute", HIGH, SESSION,
        "Add Secure to the Set-Cookie header.", "RFC 6265bis §4.1.2.5"));
    add(all, CheckInfo.of("cookie.http_only", "Cookie has the HttpOnly attribute", HIGH, SESSION,
        "Add HttpOnly so scripts cannot read the cookie.", "RFC 6265bis §4.1.2.6"));
    add(all, CheckInfo.of("cookie.same_site", "Cookie SameSite is as the policy says", MEDIUM, SESSION,
        "Set SameSite explicitly (Lax or Strict for session cookies; None only with Secure).",
        "RFC 6265bis §4.1.2.7"));
    add(all, CheckInfo.of("cookie.partitioned", "Cookie Partitioned (CHIPS) is as the policy says",
        LOW, SESSION, "Add Partitioned (with Secure) to cross-site cookies.", "CHIPS"));
    add(all, CheckInfo.of("cookie.prefix", "Cookie name prefixes are honoured", MEDIUM, SESSION,
        "__Secure- cookies need Secure; __Host- cookies need Secure, Path=/ and no Domain.",
        "RFC 6265bis §4.1.3"));
    add(all, CheckInfo.of("cookie.lifetime", "Cookie lifetime is within the policy's maximum", MEDIUM,
        SESSION + " gdpr:5(1)(e)", "Lower Max-Age/Expires to the policy's maximum (browsers cap"
            + " at 400 days).", "RFC 6265bis §4.1.2.1-2, §5.5"));
    add(all, CheckInfo.of("cookie.syntax", "Set-Cookie is well formed and browsers will keep it",
        MEDIUM, SESSION, "Fix the attribute the finding names (SameSite=None needs Secure,"
            + " Partitioned needs Secure, SameSite values are Strict, Lax or None, Domain must"
            + " cover the host, a cookie needs a name).",
        "RFC 6265bis-15 §5 (§5.6: a nameless cookie is kept under the empty name, as RFC 6265"
            + " §5.2 did not; §5.7 steps 5-6 and §5.1.3: a Domain that does not domain-match the"
            + " host is rejected, a single-label Domain is a public suffix under the Public Suffix"
            + " List's '*' rule; longer public suffixes are not judged without the list); vectors"
            + " from the http-state parser tests (abarth/http-state)"));
    add(all, CheckInfo.of("cookie.required", "A cookie the policy expects is set", MEDIUM, SESSION,
        "Check the cookie name glob and the paths fetched (targets[].paths).", "secaudit policy"));
    add(all, CheckInfo.of("security_txt.present", "security.txt is published over HTTPS", MEDIUM,
        DISCLOSURE, "Publish /.well-known/security.txt over HTTPS as text/plain; charset=utf-8.",
        "RFC 9116 §3"));
    add(all, CheckInfo.of("security_txt.contact", "security.txt names a contact", MEDIUM, DISCLOSURE,
        "Add at least one Contact: line (mailto: or https: URI).", "RFC 9116 §2.5.3"));
    add(all, CheckInfo.of("security_txt.expires", "security.txt Expires is present, valid and near",
        MEDIUM, DISCLOSURE, "Add exactly one Expires: in RFC 3339 format, in the future and less"
            + " than a year ahead; renew it before it passes.", "RFC 9116 §2.5.5"));
    add(all, CheckInfo.of("security_txt.format", "security.txt fields follow RFC 9116", LOW,
        DISCLOSURE, "Serve text/plain; charset=utf-8; use https:// URIs; list Preferred-Languages"
            + " at most once; make Canonical match the URL.", "RFC 9116 §2.5, §3"));
    add(all, CheckInfo.of("security_txt.signature", "security.txt is signed with OpenPGP", LOW,
        DISCLOSURE, "Sign the file with an OpenPGP cleartext signature.", "RFC 9116 §2.3"));
    add(all, CheckInfo.of("ratelimit.enforced", "The endpoint refuses requests beyond the stated"
        + " limit (active probe)", MEDIUM, ABUSE,
        "Enforce the limit the page states (per key, session or client) and answer the first"
            + " request over it with 429; fix the page if the real limit differs.",
        "RFC 6585 §4; OWASP API Security Top 10 API4:2023"));
    add(all, CheckInfo.of("ratelimit.retry_after", "A refused request says when to retry"
        + " (Retry-After)", LOW, ABUSE,
        "Send Retry-After (seconds or an HTTP-date) with every 429 so clients back off instead"
            + " of retrying at once.", "RFC 9110 §10.2.3; RFC 6585 §4"));
    add(all, CheckInfo.of("ratelimit.headers", "Advertised rate-limit headers match the policy",
        INFO, ABUSE,
        "Advertise the quota with RateLimit-Policy and RateLimit (or keep legacy X-RateLimit-*"
            + " consistent) and make them agree with the stated limit.",
        "draft-ietf-httpapi-ratelimit-headers-10"));
    add(all, CheckInfo.of("ratelimit.recovery", "The endpoint accepts requests again after the"
        + " wait it asked for", LOW, ABUSE,
        "Make the limiter's window match Retry-After, so that a client that waits as told is"
            + " served.", "RFC 9110 §10.2.3"));
    add(all, CheckInfo.of("claim.verified", "A claim's own checks all passed", MEDIUM, "",
        "Fix the failing checks the finding lists, or correct the claim.",
        "secaudit policy claims[].checks"));
    // No fixed mappings: an attestation supports exactly the requirements its claim lists in
    // maps_to, and the framework view attaches it there.
    add(all, CheckInfo.of("claim.attestation", "An attested claim is current", MEDIUM,
        "", "Have the owner re-attest the claim and update its date and"
            + " evidence.", "SOC 2: management assertions"));
    SubprocessorChecks.addTo(all);
    RetentionChecks.addTo(all);
    HygieneChecks.addTo(all);
    FlowChecks.addTo(all);
    ConfigChecks.addTo(all);
    ALL = java.util.Collections.unmodifiableMap(all);
  }

  private CheckCatalog() {}

  static void add(Map<String, CheckInfo> all, CheckInfo info) {
    if (all.put(info.id(), info) != null) {
      throw new IllegalStateException("duplicate check id " + info.id());
    }
  }

  public static CheckInfo get(String id) {
    CheckInfo info = ALL.get(id);
    if (info == null) {
      throw new IllegalArgumentException("unknown check id " + id);
    }
    return info;
  }

  public static Collection<CheckInfo> all() {
    return ALL.values();
  }

  public static Set<String> ids() {
    return ALL.keySet();
  }
}
