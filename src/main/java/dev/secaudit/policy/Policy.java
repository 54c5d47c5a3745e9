package dev.secaudit.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable twin of a security page. Sections left out are not checked; {@code extends}
 * fills them from built-in presets, and the file's own values win.
 */
@Doc("A secaudit policy: the claims of a security page, stated so they can be checked.")
public record Policy(
    @Doc(value = "Policy format version. Only 1 exists.", required = true) Integer version,
    @Doc(value = "Name of the system the policy describes; shown in every report.", required = true)
        String name,
    @JsonProperty("extends")
        @Doc(
            "Built-in presets merged under this file, in order (owasp-headers, baseline-cookies, "
                + "hsts-preload, mozilla-intermediate, mozilla-modern). "
                + "This file's values win.")
        List<String> presets,
    @Doc("Network and engine settings.") Settings settings,
    @Doc("The endpoints to probe.") List<Target> targets,
    @Doc(value = "Compliance frameworks the reports cover: soc2, gdpr, iso27001.",
            defaultValue = "[soc2, gdpr, iso27001]")
        List<String> frameworks,
    @Doc("TLS protocol versions (probed with hand-built ClientHellos) and the server certificate.")
        Tls tls,
    @Doc("HTTP to HTTPS redirection rules.") Https https,
    @Doc("Strict-Transport-Security rules.") Hsts hsts,
    @Doc("Content-Security-Policy rules.") Csp csp,
    @Doc("Rules per response header, in the style of drHEADer, keyed by header name.")
        Map<String, HeaderRule> headers,
    @Doc("Headers that leak software and versions (Server with a version, X-Powered-By, ...).")
        InfoLeak infoLeak,
    @Doc("Clickjacking protection: X-Frame-Options or CSP frame-ancestors.") Framing framing,
    @Doc("Cross-origin resource sharing: a foreign Origin is sent and the answer judged.") Cors cors,
    @Doc("Rules per cookie, matched by name glob (session*, __Host-*).") List<CookieRule> cookies,
    @Doc("security.txt (RFC 9116) at /.well-known/security.txt.") SecurityTxt securityTxt,
    @Doc("Rate limits verified by active probes (opt-in: scan --active or active: true on the"
            + " target): one endpoint each, sequential requests up to a hard cap.")
        List<RateLimit> rateLimits,
    @Doc("Claims that cannot be probed: attested by an owner on a date, with evidence.")
        List<Claim> claims,
    @Doc("Per-check overrides keyed by check id or glob (hsts.*): severity, enabled.")
        Map<String, CheckOverride> checks,
    @Doc("Subprocessors (GDPR Art. 28): the declared list, where it is published, and the third"
            + " parties the targets' pages really load.")
        Subprocessors subprocessors,
    @Doc("Local git repositories of the product (working trees): checked for secrets, lock files"
            + " and dependency automation, and read for the vendor SDKs they depend on.")
        List<Repository> repositories,
    @Doc("Retention windows the page states (\"reports are deleted after 30 days\"), each judged"
            + " where the data lives: a directory, an HTTP listing, a command, a bucket lifecycle,"
            + " logrotate or journald.")
        List<Retention> retention,
    @Doc("Log files and exports scanned for personal data (emails, phone numbers, IBANs, card"
            + " numbers) and secrets (passwords in URLs, bearer tokens, JWTs, keys); findings give"
            + " counts and masked samples only.")
        List<DataHygiene> dataHygiene,
    @Doc("Request flows verified by active probes (opt-in like rate_limits): sign in with test"
            + " credentials, then check session and token lifetimes, one-shot tokens, rejected,"
            + " authenticated, idempotent and CSRF-protected requests.")
        List<Flow> flows,
    @Doc("Server configuration files (nginx, sshd_config) parsed and judged by the same rules"
            + " as the live targets: tls, headers, hsts, csp, framing, info_leak, rate_limits and"
            + " ssh.")
        List<ConfigFile> configs,
    @Doc("SSH server rules, judged on the sshd_config files listed in configs.") Ssh ssh) {

  /** The same policy with other targets (the demo points its targets at the ports it got). */
  public Policy withTargets(List<Target> newTargets) {
    return new Policy(version, name, presets, settings, newTargets, frameworks, tls, https, hsts, csp,
        headers, infoLeak, framing, cors, cookies, securityTxt, rateLimits, claims, checks,
        subprocessors, repositories, retention, dataHygiene, flows, configs, ssh);
  }

  public Policy {
    presets = presets == null ? List.of() : List.copyOf(presets);
    targets = targets == null ? List.of() : List.copyOf(targets);
    frameworks = frameworks == null ? List.of("soc2", "gdpr", "iso27001") : List.copyOf(frameworks);
    headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    cookies = cookies == null ? null : List.copyOf(cookies);
    rateLimits = rateLimits == null ? List.of() : List.copyOf(rateLimits);
    flows = flows == null ? List.of() : List.copyOf(flows);
    claims = claims == null ? List.of() : List.copyOf(claims);
    checks = checks == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(checks));
    settings = settings == null ? Settings.DEFAULTS : settings;
    repositories = repositories == null ? List.of() : List.copyOf(repositories);
    retention = retention == null ? List.of() : List.copyOf(retention);
    dataHygiene = dataHygiene == null ? List.of() : List.copyOf(dataHygiene);
    configs = configs == null ? List.of() : List.copyOf(configs);
  }

  /**
   * Every named entry that is observed on disk or by command rather than over the network (a
   * repository, a retention source, a server config...). Their names share one namespace with the
   * targets, because findings on them carry the name where a target's findings carry the target's.
   */
  public List<SourceEntry> sources() {
    List<SourceEntry> out = new java.util.ArrayList<>();
    named(out, "/repositories/", repositories, Repository::name);
    named(out, "/retention/", retention, Retention::name);
    named(out, "/data_hygiene/", dataHygiene, DataHygiene::name);
    named(out, "/configs/", configs, ConfigFile::name);
    if (subprocessors != null && subprocessors.dns() != null) {
      out.add(new SourceEntry("/subprocessors/dns", subprocessors.dns().name()));
    }
    return out;
  }

  private static <T> void named(List<SourceEntry> out, String pointer, List<T> entries,
      java.util.function.Function<T, String> name) {
    for (int i = 0; i < entries.size(); i++) {
      out.add(new SourceEntry(pointer + i, name.apply(entries.get(i))));
    }
  }

  /** A source's name and the JSON Pointer of its policy entry. */
  public record SourceEntry(String pointer, String name) {}

  @Doc("A local git repository (its working tree).")
  public record Repository(
      @Doc(value = "Short unique name used in reports (shared namespace with targets).",
              example = "app-repo", required = true)
          String name,
      @Doc(value = "Path of the working tree; relative paths are resolved against the policy"
              + " file's folder.", example = "../app", required = true)
          String path,
      @Doc("Look for secrets in the working tree (tracked and untracked files; ignored files are"
              + " not read) and in the history of every branch: private keys, cloud, payment and"
              + " VCS tokens, high-entropy assignments.")
          RepositorySecrets secrets,
      @Doc(value = "Every dependency manifest (npm, Maven, Python, Go) has a lock file, or pins"
              + " exact versions where the ecosystem has no lock file (Maven, requirements.txt).",
              defaultValue = "false")
          Boolean lockFiles,
      @Doc(value = "Dependency-update automation is configured (Dependabot or Renovate) and covers"
              + " the ecosystems of the manifests found.", defaultValue = "false")
          Boolean dependencyUpdates,
      @Doc(value = "Folder names read although walks skip them by default (version control,"
              + " installed dependencies such as vendor or node_modules, build output such as"
              + " build or dist), for a repository whose own code lives in one.",
              example = "[\"vendor\"]")
          List<String> includeFolders) {
    public Repository {
      lockFiles = lockFiles == null ? Boolean.FALSE : lockFiles;
      dependencyUpdates = dependencyUpdates == null ? Boolean.FALSE : dependencyUpdates;
      includeFolders = includeFolders == null ? List.of() : List.copyOf(includeFolders);
    }

    /** A repository read only for what other sections ask of it. */
    public Repository(String name, String path) {
      this(name, path, null, null, null, null);
    }
  }

  @Doc("How a repository is searched for secrets.")
  public record RepositorySecrets(
      @Doc(value = "Also read every commit of every branch (git log -p --all), so a secret"
              + " committed and deleted later is still found.", defaultValue = "true")
          Boolean history,
      @Doc(value = "Most commits read from the history, newest first.", defaultValue = "1000")
          Integer maxCommits,
      @Doc(value = "Path globs (relative to the repository; * also crosses /) whose secrets are"
              + " accepted, such as test fixtures.", example = "[\"test/fixtures/*\"]")
          List<String> allowPaths,
      @Doc(value = "Fingerprints (from a finding's observed text) of secrets that are accepted:"
              + " revoked keys, documented examples.", example = "[\"3f9a0c12be47\"]")
          List<String> allowFingerprints,
      @Doc(value = "Flag high-entropy values assigned to names like secret, token, password or"
              + " api_key (Shannon entropy; UUIDs, placeholders and lock files are left out).",
              defaultValue = "true")
          Boolean entropy) {
    public RepositorySecrets {
      history = history == null ? Boolean.TRUE : history;
      maxCommits = maxCommits == null ? 1000 : maxCommits;
      allowPaths = allowPaths == null ? List.of() : List.copyOf(allowPaths);
      allowFingerprints = allowFingerprints == null ? List.of() : List.copyOf(allowFingerprints);
      entropy = entropy == null ? Boolean.TRUE : entropy;
    }
  }

  @Doc("Files (logs, exports) that must hold no personal data or secrets in clear.")
  public record DataHygiene(
      @Doc(value = "Short unique name used in reports (shared namespace with targets).",
              example = "app-logs", required = true)
          String name,
      @Doc(value = "File globs (** crosses folders, {a,b} alternatives); relative ones are"
              + " resolved against the policy file's folder. .gz files are read decompressed.",
              example = "[\"/var/log/app/*.log\", \"/var/log/app/*.gz\"]", required = true)
          List<String> paths,
      @Doc(value = "What to look for: email, phone, iban, card, url_password, password (password="
              + " in query strings, \"password\": in JSON), bearer, jwt, secret (private keys,"
              + " cloud, payment and VCS tokens).", defaultValue = "all of them")
          List<String> lookFor,
      @Doc(value = "Most files read; the rest are listed as not read.", defaultValue = "1000")
          Integer maxFiles,
      @Doc(value = "Most bytes read per file, in MiB (decompressed); the rest is noted as not"
              + " read.", defaultValue = "64")
          Integer maxFileMb,
      @Doc(value = "Deepest folder level below a glob's fixed prefix.", defaultValue = "16")
          Integer maxDepth) {
    public DataHygiene {
      paths = paths == null ? List.of() : List.copyOf(paths);
      lookFor = lookFor == null ? List.of() : List.copyOf(lookFor);
      maxFiles = maxFiles == null ? 1000 : maxFiles;
      maxFileMb = maxFileMb == null ? 64 : maxFileMb;
      maxDepth = maxDepth == null ? 16 : maxDepth;
    }
  }

  @Doc("A server configuration file, parsed (not grepped) with its includes.")
  public record ConfigFile(
      @Doc(value = "Short unique name used in reports (shared namespace with targets).",
              example = "edge-nginx", required = true)
          String name,
      @Doc(value = "What the file configures: nginx or sshd.", example = "nginx", required = true)
          String kind,
      @Doc(value = "Path of the main file; relative paths are resolved against the policy file's"
              + " folder, and the file's includes against its own folder.",
              example = "../deploy/nginx/nginx.conf", required = true)
          String path,
      @Doc(value = "Name of the target this config serves: its host picks the nginx server"
              + " block, and its rate_limits are compared with limit_req.", example = "api")
          String target) {
    /** The kinds of config secaudit parses. */
    public static final List<String> KINDS = List.of("nginx", "sshd");
  }

  @Doc("SSH server rules (\"SSH keys only\"), judged on sshd_config with OpenSSH's defaults for"
      + " what the file leaves unset.")
  public record Ssh(
      @Doc(value = "PasswordAuthentication may be on.", defaultValue = "false")
          Boolean passwordAuthentication,
      @Doc(value = "KbdInteractiveAuthentication (ChallengeResponseAuthentication) may be on;"
              + " with PAM it asks for passwords too.", defaultValue = "false")
          Boolean kbdInteractiveAuthentication,
      @Doc(value = "PubkeyAuthentication must be on.", defaultValue = "true")
          Boolean pubkeyAuthentication,
      @Doc(value = "The most PermitRootLogin may allow: no, forced-commands-only,"
              + " prohibit-password (keys only) or yes.", defaultValue = "prohibit-password",
              example = "no")
          String permitRootLogin) {
    public static final Ssh DEFAULTS = new Ssh(null, null, null, null);
    /** PermitRootLogin values from strictest to loosest (without-password is prohibit-password). */
    public static final List<String> ROOT_LOGIN = List.of("no", "forced-commands-only",
        "prohibit-password", "yes");

    public Ssh {
      passwordAuthentication = passwordAuthentication == null ? Boolean.FALSE
          : passwordAuthentication;
      kbdInteractiveAuthentication = kbdInteractiveAuthentication == null ? Boolean.FALSE
          : kbdInteractiveAuthentication;
      pubkeyAuthentication = pubkeyAuthentication == null ? Boolean.TRUE : pubkeyAuthentication;
      permitRootLogin = permitRootLogin == null ? "prohibit-password"
          : permitRootLogin.equals("false") ? "no" : permitRootLogin.equals("true") ? "yes"
          : permitRootLogin.trim().toLowerCase(java.util.Locale.ROOT);
    }
  }

  @Doc("Network and engine settings.")
  public record Settings(
      @Doc("Timeouts for every request.") Timeouts timeouts,
      @Doc(value = "Targets probed at once.", defaultValue = "32") Integer concurrency,
      @Doc(value = "Requests in flight to one host at once.", defaultValue = "2") Integer perHost,
      @Doc(value = "Largest response body read, in KiB; the rest is dropped and noted.", defaultValue = "1024")
          Integer maxBodyKb,
      @Doc(value = "User-Agent sent with every request.", defaultValue = "secaudit/VERSION")
          String userAgent) {
    public static final Settings DEFAULTS = new Settings(null, null, null, null, null);

    public Settings {
      timeouts = timeouts == null ? Timeouts.DEFAULTS : timeouts;
      concurrency = concurrency == null ? 32 : concurrency;
      perHost = perHost == null ? 2 : perHost;
      maxBodyKb = maxBodyKb == null ? 1024 : maxBodyKb;
    }
  }

  @Doc("Timeouts for every request.")
  public record Timeouts(
      @Doc(value = "TCP and TLS connect timeout; at most 5m.", defaultValue = "5s")
          PolicyDuration connect,
      @Doc(value = "Longest wait for the next bytes; at most 10m.", defaultValue = "10s")
          PolicyDuration read,
      @Doc(value = "Longest a whole request may take, redirects excluded; at most 1h.",
          defaultValue = "20s")
          PolicyDuration total,
      @Doc(value = "Most time one target's probes may take from its first connection: no new"
              + " request, TLS hello or connection is started after it, and the checks that"
              + " needed them report ERROR naming this budget (exit 3). A request already in"
              + " flight keeps its own total timeout, so a target ends within target + total."
              + " Must be at least total and at most 24h.",
              defaultValue = "120s, or total when that is longer")
          PolicyDuration target) {
    public static final Timeouts DEFAULTS = new Timeouts(null, null, null, null);

    public Timeouts {
      connect = connect == null ? PolicyDuration.parse("5s") : connect;
      read = read == null ? PolicyDuration.parse("10s") : read;
      total = total == null ? PolicyDuration.parse("20s") : total;
      // A policy that raised total alone must not become invalid because of a default it never set.
      PolicyDuration budget = PolicyDuration.parse("120s");
      target = target != null ? target : total.compareTo(budget) > 0 ? total : budget;
    }
  }

  @Doc("An endpoint to probe.")
  public record Target(
      @Doc(value = "Short unique name used in reports.", example = "app", required = true)
          String name,
      @Doc(value = "Base URL, https:// or http://; or host:port for a TLS-only endpoint (a mail"
              + " or database server: only the tls.* checks run on it), e.g. mail.example.com:465,"
              + " 192.0.2.1:8443 or \"[2001:db8::1]:8443\" (quoted).",
              example = "https://app.example.com", required = true)
          String url,
      @Doc(value = "Plain-HTTP URL for the redirect check; derived from url when it uses port 443.",
              example = "http://app.example.com")
          String httpUrl,
      @Doc("Free-form tags.") List<String> tags,
      @Doc(value = "Paths fetched for header, cookie and CSP checks, resolved against url.",
              defaultValue = "[the url itself]")
          List<String> paths,
      @Doc("Request headers sent to this target; use ${env:NAME} for secrets.")
          Map<String, String> requestHeaders,
      @Doc("Check ids or globs not run on this target.") List<String> skip,
      @Doc(value = "Run active probes (rate limits, flows) on this target without --active.",
              defaultValue = "false")
          Boolean active,
      @Doc(value = "Server name sent in the TLS handshake (SNI) and matched against the"
              + " certificate, instead of the url's host; for a target addressed by IP or by"
              + " another name.", defaultValue = "the url's host name (none for an IP literal)",
              example = "mail.example.com")
          String sni,
      @Doc(value = "Clear-text protocol spoken before TLS on a host:port target: smtp (EHLO,"
              + " STARTTLS; RFC 3207).", example = "smtp")
          String starttls) {
    public Target {
      active = active == null ? Boolean.FALSE : active;
      tags = tags == null ? List.of() : List.copyOf(tags);
      paths = paths == null ? List.of() : List.copyOf(paths);
      requestHeaders =
          requestHeaders == null
              ? Map.of()
              : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requestHeaders));
      skip = skip == null ? List.of() : List.copyOf(skip);
    }

    /** Without an SNI override or STARTTLS. */
    public Target(String name, String url, String httpUrl, List<String> tags, List<String> paths,
        Map<String, String> requestHeaders, List<String> skip, Boolean active) {
      this(name, url, httpUrl, tags, paths, requestHeaders, skip, active, null, null);
    }

    /** A host:port target: TLS only, no pages, no HTTP checks. */
    public boolean tlsOnly() {
      return TargetAddress.isHostPort(url);
    }
  }

  /** The same policy trusting another CA file (the CLI's --ca-file wins over the policy's). */
  public Policy withCaFile(String caFile) {
    Tls t = tls == null ? null : new Tls(tls.minVersion(), tls.forbiddenVersions(),
        tls.certificate().withCaFile(caFile), tls.allowedSuites(), tls.forbiddenSuites(),
        tls.requireForwardSecrecy(), tls.allowedGroups(), tls.minDhBits());
    return new Policy(version, name, presets, settings, targets, frameworks, t, https, hsts, csp,
        headers, infoLeak, framing, cors, cookies, securityTxt, rateLimits, claims, checks,
        subprocessors, repositories, retention, dataHygiene, flows, configs, ssh);
  }

  @Doc("TLS protocol versions and the server certificate.")
  public record Tls(
      @Doc(value = "Oldest protocol version the server may accept: SSLv3, 1.0, 1.1, 1.2 or 1.3."
              + " Every older version must be refused.", defaultValue = "1.2", example = "1.2")
          String minVersion,
      @Doc(value = "Versions that must be refused even when not older than min_version.",
              example = "[\"1.0\", \"1.1\"]")
          List<String> forbiddenVersions,
      @Doc(value = "Rules for the server certificate.",
              defaultValue = "trusted, hostname match, RSA >= 2048, EC >= 256, no SHA-1")
          TlsCertificate certificate,
      @Doc(value = "Cipher suites the server may accept: IANA names or globs (TLS_ECDHE_*_GCM_*);"
              + " any other accepted suite fails tls.ciphers. Unset: any suite outside the weak"
              + " classes.", example = "[\"TLS_ECDHE_*_GCM_*\", \"TLS_AES_*\"]")
          List<String> allowedSuites,
      @Doc(value = "Cipher suites the server must refuse: IANA names or globs (*_CBC_*).",
              example = "[\"*_CBC_*\"]")
          List<String> forbiddenSuites,
      @Doc(value = "Every accepted suite must use an ephemeral (EC)DHE key exchange; when false,"
              + " at least one suite per version must.", defaultValue = "false")
          Boolean requireForwardSecrecy,
      @Doc(value = "Key-exchange groups the server may accept (x25519, secp256r1, secp384r1,"
              + " secp521r1, x448, ffdhe2048, ffdhe3072, X25519MLKEM768); unset: any.",
              example = "[x25519, secp256r1, secp384r1]")
          List<String> allowedGroups,
      @Doc(value = "Smallest finite-field Diffie-Hellman group (the prime p of the DHE"
              + " ServerKeyExchange) an accepted DHE suite may use, in bits; Mozilla intermediate"
              + " asks for ffdhe2048.", defaultValue = "2048", example = "2048")
          Integer minDhBits) {
    public Tls {
      minDhBits = minDhBits == null ? 2048 : minDhBits;
      minVersion = minVersion == null ? "1.2" : minVersion;
      forbiddenVersions = forbiddenVersions == null ? List.of() : List.copyOf(forbiddenVersions);
      certificate = certificate == null ? TlsCertificate.DEFAULTS : certificate;
      allowedSuites = allowedSuites == null ? List.of() : List.copyOf(allowedSuites);
      forbiddenSuites = forbiddenSuites == null ? List.of() : List.copyOf(forbiddenSuites);
      requireForwardSecrecy = requireForwardSecrecy == null ? Boolean.FALSE : requireForwardSecrecy;
      allowedGroups = allowedGroups == null ? List.of() : List.copyOf(allowedGroups);
    }

    /** Without the cipher-suite rules (as the first TLS slice wrote it). */
    public Tls(String minVersion, List<String> forbiddenVersions, TlsCertificate certificate) {
      this(minVersion, forbiddenVersions, certificate, null, null, null, null, null);
    }
  }

  @Doc("Rules for the server certificate, judged on the chain the server sends.")
  public record TlsCertificate(
      @Doc(value = "Fewest whole days left before notAfter; unset: only expiry is judged.",
              example = "14")
          Integer minDaysLeft,
      @Doc(value = "Smallest share of the certificate's lifetime still left, in percent (0-100);"
              + " fits short-lived certificates where fixed day counts misfire.", example = "33")
          Integer minLifetimeLeftPercent,
      @Doc(value = "Longest total lifetime allowed (notAfter - notBefore), in days.",
              example = "366")
          Integer maxLifetimeDays,
      @Doc(value = "Issuer the leaf must have: a glob matched against the issuer's O or whole DN"
              + " (case-insensitive), or a regular expression between slashes.",
              example = "Let's Encrypt")
          String issuer,
      @Doc(value = "Key types allowed for the leaf: RSA, EC, EdDSA; unset: any.", example = "[EC]")
          List<String> keyTypes,
      @Doc(value = "Smallest RSA key, in bits.", defaultValue = "2048") Integer rsaMinBits,
      @Doc(value = "Smallest EC key, in bits.", defaultValue = "256") Integer ecMinBits,
      @Doc(value = "No certificate of the chain below the root may be signed with SHA-1 (or MD5).",
              defaultValue = "true")
          Boolean forbidSha1Signature,
      @Doc(value = "The chain must validate (PKIX) against the JDK trust store plus ca_file.",
              defaultValue = "true")
          Boolean requireTrusted,
      @Doc(value = "The leaf must name the target's host in its subject alternative names.",
              defaultValue = "true")
          Boolean requireHostnameMatch,
      @Doc(value = "PEM file of extra trusted CAs (private CAs), relative to the policy file;"
              + " --ca-file overrides it.", example = "certs/internal-ca.pem")
          String caFile,
      @Doc(value = "The chain sent must lead from the leaf to a trust anchor with no intermediate"
              + " missing (FAIL), in issuer order and without unrelated certificates (WARN).",
              defaultValue = "true")
          Boolean requireCompleteChain,
      @Doc(value = "OCSP stapling: required (no staple fails) or optional (judged only when"
              + " stapled). A stapled response that says revoked, or is past its nextUpdate,"
              + " always fails.", defaultValue = "optional", example = "required")
          String ocspStapling) {
    public static final TlsCertificate DEFAULTS = new TlsCertificate(null, null, null, null, null,
        null, null, null, null, null, null, null, null);

    /** Without the chain-shape and stapling rules. */
    public TlsCertificate(Integer minDaysLeft, Integer minLifetimeLeftPercent,
        Integer maxLifetimeDays, String issuer, List<String> keyTypes, Integer rsaMinBits,
        Integer ecMinBits, Boolean forbidSha1Signature, Boolean requireTrusted,
        Boolean requireHostnameMatch, String caFile) {
      this(minDaysLeft, minLifetimeLeftPercent, maxLifetimeDays, issuer, keyTypes, rsaMinBits,
          ecMinBits, forbidSha1Signature, requireTrusted, requireHostnameMatch, caFile, null,
          null);
    }

    public TlsCertificate {
      keyTypes = keyTypes == null ? List.of() : List.copyOf(keyTypes);
      rsaMinBits = rsaMinBits == null ? 2048 : rsaMinBits;
      ecMinBits = ecMinBits == null ? 256 : ecMinBits;
      forbidSha1Signature = forbidSha1Signature == null ? Boolean.TRUE : forbidSha1Signature;
      requireTrusted = requireTrusted == null ? Boolean.TRUE : requireTrusted;
      requireHostnameMatch = requireHostnameMatch == null ? Boolean.TRUE : requireHostnameMatch;
      requireCompleteChain = requireCompleteChain == null ? Boolean.TRUE : requireCompleteChain;
      ocspStapling = ocspStapling == null ? "optional" : ocspStapling;
    }

    /** Stapling must be present, not merely correct when present. */
    public boolean staplingRequired() {
      return "required".equalsIgnoreCase(ocspStapling.trim());
    }

    TlsCertificate withCaFile(String file) {
      return new TlsCertificate(minDaysLeft, minLifetimeLeftPercent, maxLifetimeDays, issuer,
          keyTypes, rsaMinBits, ecMinBits, forbidSha1Signature, requireTrusted,
          requireHostnameMatch, file, requireCompleteChain, ocspStapling);
    }
  }

  @Doc("HTTP to HTTPS redirection rules.")
  public record Https(
      @Doc(value = "Plain HTTP must first redirect to HTTPS on the same host.", defaultValue = "true")
          Boolean redirect,
      @Doc(value = "Most redirects allowed before the final page.", defaultValue = "3")
          Integer maxRedirects) {
    public Https {
      redirect = redirect == null ? Boolean.TRUE : redirect;
      maxRedirects = maxRedirects == null ? 3 : maxRedirects;
    }
  }

  @Doc("Strict-Transport-Security rules.")
  public record Hsts(
      @Doc(value = "The header must be sent on HTTPS responses.", defaultValue = "true") Boolean required,
      @Doc(value = "Smallest accepted max-age.", defaultValue = "1y", example = "31536000")
          PolicyDuration minMaxAge,
      @Doc("includeSubDomains must be present (true) or absent (false); unset: not judged.")
          Boolean includeSubdomains,
      @Doc("The site must meet the HSTS preload list's requirements.") Boolean preload) {
    public Hsts {
      required = required == null ? Boolean.TRUE : required;
      minMaxAge = minMaxAge == null ? PolicyDuration.parse("365d") : minMaxAge;
    }
  }

  @Doc("Content-Security-Policy rules.")
  public record Csp(
      @Doc(value = "An enforced CSP header must be sent.", defaultValue = "true") Boolean required,
      @Doc(value = "Directives the policy must contain.", example = "[default-src, object-src, base-uri]")
          List<String> requiredDirectives,
      @Doc(value = "Source expressions that must appear in no directive.", example = "[\"'unsafe-eval'\"]")
          List<String> mustAvoid,
      @Doc(value = "Run the csp-evaluator style analysis (unsafe-inline, wildcards, missing object-src...).",
              defaultValue = "true")
          Boolean evaluate,
      @Doc(value = "Judge Content-Security-Policy-Report-Only as well (reported separately).",
              defaultValue = "true")
          Boolean reportOnly) {
    public Csp {
      required = required == null ? Boolean.TRUE : required;
      requiredDirectives = requiredDirectives == null ? List.of() : List.copyOf(requiredDirectives);
      mustAvoid = mustAvoid == null ? List.of() : List.copyOf(mustAvoid);
      evaluate = evaluate == null ? Boolean.TRUE : evaluate;
      reportOnly = reportOnly == null ? Boolean.TRUE : reportOnly;
    }
  }

  @Doc("A response-header rule (drHEADer style). All given conditions must hold.")
  public record HeaderRule(
      @Doc(value = "true: must be sent; false: must not be sent; optional: judged only when sent.",
              defaultValue = "true")
          Presence required,
      @Doc("Exact value (case-insensitive).") String value,
      @Doc("The value must equal one of these (case-insensitive).") List<String> valueOneOf,
      @Doc("Each comma-separated item of the value must be one of these.") List<String> valueAnyOf,
      @Doc("The value must contain all of these.") List<String> mustContain,
      @Doc("The value must contain at least one of these.") List<String> mustContainOne,
      @Doc("The value must contain none of these.") List<String> mustAvoid,
      @Doc("Rules per directive for headers made of ';'-separated directives.")
          Map<String, HeaderRule> directives,
      @Doc(value = "Severity of a failure.", defaultValue = "the check's own (medium)")
          Severity severity) {
    public HeaderRule {
      required = required == null ? Presence.REQUIRED : required;
      valueOneOf = valueOneOf == null ? List.of() : List.copyOf(valueOneOf);
      valueAnyOf = valueAnyOf == null ? List.of() : List.copyOf(valueAnyOf);
      mustContain = mustContain == null ? List.of() : List.copyOf(mustContain);
      mustContainOne = mustContainOne == null ? List.of() : List.copyOf(mustContainOne);
      mustAvoid = mustAvoid == null ? List.of() : List.copyOf(mustAvoid);
      directives =
          directives == null
              ? Map.of()
              : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(directives));
    }
  }

  @Doc("Headers that leak software and versions.")
  public record InfoLeak(
      @Doc(value = "Run the check.", defaultValue = "true") Boolean enabled,
      @Doc("More header names to treat as banners.") List<String> headers) {
    public InfoLeak {
      enabled = enabled == null ? Boolean.TRUE : enabled;
      headers = headers == null ? List.of() : List.copyOf(headers);
    }
  }

  @Doc("Clickjacking protection.")
  public record Framing(
      @Doc(value = "Framing by other origins must be refused.", defaultValue = "true") Boolean required) {
    public Framing {
      required = required == null ? Boolean.TRUE : required;
    }
  }

  @Doc("Cross-origin resource sharing.")
  public record Cors(
      @Doc(value = "The foreign Origin sent.", defaultValue = "https://cors-probe.secaudit.invalid")
          String probeOrigin,
      @Doc(value = "Paths probed.", defaultValue = "[/]") List<String> paths,
      @Doc(value = "Access-Control-Allow-Origin: * is acceptable (a public resource); false:"
          + " only the site's own origins may be allowed, so * fails.", defaultValue = "true")
          Boolean allowAnyOrigin) {
    public Cors {
      allowAnyOrigin = allowAnyOrigin == null ? Boolean.TRUE : allowAnyOrigin;
      probeOrigin = probeOrigin == null ? "https://cors-probe.secaudit.invalid" : probeOrigin;
      paths = paths == null || paths.isEmpty() ? List.of("/") : List.copyOf(paths);
    }
  }

  @Doc("Rules for the cookies whose name matches a glob. Every matching rule applies.")
  public record CookieRule(
      @Doc(value = "Cookie name glob (* and ?), case-sensitive unless ignore_case.",
              example = "session*", required = true)
          String name,
      @Doc(value = "Match the glob whatever the case, so *sess* finds SESSIONID, JSESSIONID and"
          + " PHPSESSID (cookie names themselves stay case-sensitive).", defaultValue = "false")
          Boolean ignoreCase,
      @Doc(value = "The cookie must be set by some fetched page.", defaultValue = "false") Boolean required,
      @Doc("Secure must be set (true); false or unset: not judged.") Boolean secure,
      @Doc("HttpOnly must be set (true); false or unset: not judged.") Boolean httpOnly,
      @Doc("Required SameSite value: Strict, Lax or None.") SameSite sameSite,
      @Doc("Partitioned (CHIPS) must be set (true); false or unset: not judged.")
          Boolean partitioned,
      @Doc(value = "Longest lifetime allowed (Max-Age, else Expires); session cookies always pass.",
              example = "30d")
          PolicyDuration maxAge,
      @Doc("Required name prefix: __Host- or __Secure-.") String prefix,
      @Doc(value = "Severity of a failure.", defaultValue = "the check's own") Severity severity) {
    public CookieRule {
      required = required == null ? Boolean.FALSE : required;
      ignoreCase = ignoreCase == null ? Boolean.FALSE : ignoreCase;
    }

    /** Whether this rule is about the cookie named {@code cookieName}. */
    public boolean covers(String cookieName) {
      return name != null && (ignoreCase ? Globs.matchesIgnoringCase(name, cookieName)
          : Globs.matches(name, cookieName));
    }
  }

  /** Cookie SameSite values. */
  public enum SameSite {
    STRICT,
    LAX,
    NONE;

    @com.fasterxml.jackson.annotation.JsonCreator
    public static SameSite parse(String s) {
      return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "strict" -> STRICT;
        case "lax" -> LAX;
        case "none" -> NONE;
        default -> throw new IllegalArgumentException(
            "expected Strict, Lax or None, got '" + s + "'");
      };
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String label() {
      return name().charAt(0) + name().substring(1).toLowerCase(java.util.Locale.ROOT);
    }
  }

  @Doc("security.txt rules (RFC 9116).")
  public record SecurityTxt(
      @Doc(value = "The file must be published.", defaultValue = "true") Boolean required,
      @Doc(value = "Longest time until Expires accepted.", defaultValue = "366d")
          PolicyDuration maxExpiresIn,
      @Doc(value = "Contact values that must be listed.", example = "[mailto:security@example.com]")
          List<String> contacts,
      @Doc(value = "The file must carry an OpenPGP signature.", defaultValue = "false")
          Boolean requireSignature) {
    public SecurityTxt {
      required = required == null ? Boolean.TRUE : required;
      maxExpiresIn = maxExpiresIn == null ? PolicyDuration.parse("366d") : maxExpiresIn;
      contacts = contacts == null ? List.of() : List.copyOf(contacts);
      requireSignature = requireSignature == null ? Boolean.FALSE : requireSignature;
    }
  }

  @Doc("A rate limit the page claims, verified by sending requests until the server refuses.")
  public record RateLimit(
      @Doc(value = "Short unique name used in reports.", example = "login", required = true)
          String name,
      @Doc(value = "Name of the target the requests go to.", example = "api", required = true)
          String target,
      @Doc(value = "The request repeated; use test or deliberately invalid credentials.",
              required = true)
          RateLimitRequest request,
      @Doc(value = "Requests the server accepts per window.", example = "10", required = true)
          Integer limit,
      @Doc(value = "The window the limit applies to.", example = "1m", required = true)
          PolicyDuration window,
      @Doc(value = "Extra requests accepted beyond the limit before a FAIL (for limiters that"
              + " count loosely).", defaultValue = "0")
          Integer tolerance,
      @Doc(value = "The status that signals limiting.", defaultValue = "429") Integer expectStatus,
      @Doc(value = "After the wait Retry-After asks for (at most 60s), one more request must not"
              + " be limited.", defaultValue = "false")
          Boolean recovery) {
    /** Requests beyond limit + tolerance: the one that must be refused, and two to see how loose. */
    public static final int MARGIN = 3;
    /** The most requests one rate-limit probe may send, whatever the policy says. */
    public static final int MAX_REQUESTS = 1000;

    public RateLimit {
      tolerance = tolerance == null ? 0 : tolerance;
      expectStatus = expectStatus == null ? 429 : expectStatus;
      recovery = recovery == null ? Boolean.FALSE : recovery;
    }

    /** The hard cap on requests: the probe never sends more. */
    public int requestCap() {
      return limit + tolerance + MARGIN;
    }
  }

  @Doc("The request a rate-limit probe repeats.")
  public record RateLimitRequest(
      @Doc(value = "HTTP method.", defaultValue = "GET", example = "POST") String method,
      @Doc(value = "Path resolved against the target's url.", example = "/auth/login",
              required = true)
          String path,
      @Doc("Request headers (added to the target's); use ${env:NAME} for credentials.")
          Map<String, String> headers,
      @Doc("Request body, sent as given (Content-Type from headers, else application/json when it"
              + " starts with { or [, else form-encoded); never recorded.")
          String body) {
    public RateLimitRequest {
      method = method == null ? "GET" : method.toUpperCase(java.util.Locale.ROOT);
      headers =
          headers == null
              ? Map.of()
              : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }
  }

  @Doc("A claim of the security page.")
  public record Claim(
      @Doc(value = "Stable id.", example = "passwords.hashing", required = true) String id,
      @Doc(value = "The sentence as the page states it.", required = true) String statement,
      @Doc(value = "Topic, for questionnaires and the security page.", example = "authentication")
          String category,
      @Doc(value = "Compliance requirements the claim supports.", example = "[soc2:CC6.1, iso27001:8.5]")
          List<Mapping> mapsTo,
      @Doc(value = "Check ids or globs whose results verify the claim.", example = "[tls.*]")
          List<String> checks,
      @Doc("Who vouches for the claim, and when.") Attestation attest,
      @Doc(value = "false: what the claim is about does not apply here (no card data is handled,"
              + " there is no office); questionnaires answer NA while the attestation is current.",
              defaultValue = "true")
          Boolean applies,
      @Doc(value = "The claim's topic from the claim vocabulary (docs/claims.md), when its"
              + " statement alone does not say it plainly; the statement is still read for"
              + " amounts and negation.", example = "encryption.at_rest")
          String topic,
      @Doc(value = "in_place (default), not_in_place for a stated gap (\"Automated backups: not"
              + " configured yet\"), or planned. A gap is never stated as a claim: questions on it"
              + " are answered No. A gap needs no attest and takes no checks.",
              example = "not_in_place")
          String polarity) {
    public Claim {
      mapsTo = mapsTo == null ? List.of() : List.copyOf(mapsTo);
      checks = checks == null ? List.of() : List.copyOf(checks);
      applies = applies == null ? Boolean.TRUE : applies;
    }
  }

  @Doc("An owner's attestation of a claim.")
  public record Attestation(
      @Doc(value = "Who attests (an email address or role).", example = "cto@example.com",
              required = true)
          String owner,
      @Doc(value = "When, as YYYY-MM-DD.", example = "2026-10-01", required = true) String date,
      @Doc("Links or file paths to the supporting evidence.") List<String> evidence,
      @Doc(value = "How long an attestation stays current.", defaultValue = "365d") PolicyDuration maxAge) {
    public Attestation {
      evidence = evidence == null ? List.of() : List.copyOf(evidence);
      maxAge = maxAge == null ? PolicyDuration.parse("365d") : maxAge;
    }
  }

  @Doc("Override for checks whose id matches the key.")
  public record CheckOverride(
      @Doc("Severity used instead of the check's default.") Severity severity,
      @Doc(value = "false: the check is not run and findings are SKIPPED.", defaultValue = "true")
          Boolean enabled) {
    public CheckOverride {
      enabled = enabled == null ? Boolean.TRUE : enabled;
    }
  }

  @Doc("Subprocessors: the list the company declares, and the page where it is published.")
  public record Subprocessors(
      @Doc(value = "URL of the published subprocessor list; its host must be the host of a"
              + " target (it is fetched like the target's pages).",
              example = "https://acme.example/legal/subprocessors")
          String publishedAt,
      @Doc(value = "The subprocessors the company declares.", required = true)
          List<Subprocessor> declared,
      @Doc("DNS read for vendors: the mail providers of the named domains (MX records, SPF"
              + " includes) and the hosting and CDN providers the targets' hosts point to"
              + " (CNAME chains).")
          SubprocessorDns dns) {
    public Subprocessors {
      declared = declared == null ? List.of() : List.copyOf(declared);
    }
  }

  @Doc("Where and how the subprocessor DNS records are read.")
  public record SubprocessorDns(
      @Doc(value = "Name of this source in reports (shared namespace with targets).",
              defaultValue = "dns")
          String name,
      @Doc(value = "Domains whose MX records and SPF includes (followed recursively, at most 10"
              + " DNS lookups as RFC 7208 allows) name the mail providers.",
              example = "[acme.example]")
          List<String> domains,
      @Doc(value = "Follow the CNAME chain of every target's host (hosting, CDN).",
              defaultValue = "true")
          Boolean targets,
      @Doc(value = "DNS server as host or host:port (UDP, TCP when truncated); the system's"
              + " resolver when absent.", example = "127.0.0.1:5353")
          String resolver,
      @Doc(value = "Longest wait for one answer; a resolver silent for this long ends the DNS"
              + " reading with an ERROR.", defaultValue = "3s")
          PolicyDuration timeout) {
    public SubprocessorDns {
      name = name == null ? "dns" : name;
      domains = domains == null ? List.of() : List.copyOf(domains);
      targets = targets == null ? Boolean.TRUE : targets;
      timeout = timeout == null ? PolicyDuration.parse("3s") : timeout;
    }
  }

  @Doc("One declared subprocessor: a record of processing for one vendor.")
  public record Subprocessor(
      @Doc(value = "Vendor name as the published list writes it; matched without regard to"
              + " case, punctuation and company forms (Inc, Ltd, GmbH).", example = "Stripe",
              required = true)
          String name,
      @Doc(value = "Other names of the vendor (products, former names) matched as the name.",
              example = "[Cloudflare R2]")
          List<String> aliases,
      @Doc(value = "What the vendor does for the service.", example = "payments") String purpose,
      @Doc(value = "Categories of personal data it processes.", example = "[email, billing address]")
          List<String> dataCategories,
      @Doc(value = "Where it processes the data.", example = "EU (Germany)") String location,
      @Doc(value = "Transfer mechanism for data leaving the EEA.",
              example = "SCCs, EU-US Data Privacy Framework")
          String transferMechanism,
      @Doc(value = "Data processing agreement: true, false, or the URL of the signed DPA.",
              example = "https://stripe.com/legal/dpa")
          Dpa dpa,
      @Doc(value = "Certifications the vendor holds.", example = "[SOC 2 Type II, ISO 27001]")
          List<String> certifications,
      @Doc(value = "Host suffixes the vendor's services load from, for vendors the built-in"
              + " catalog does not know (or extra domains of ones it does).",
              example = "[acme-analytics.example]")
          List<String> domains) {
    public Subprocessor {
      aliases = aliases == null ? List.of() : List.copyOf(aliases);
      dataCategories = dataCategories == null ? List.of() : List.copyOf(dataCategories);
      certifications = certifications == null ? List.of() : List.copyOf(certifications);
      domains = domains == null ? List.of() : List.copyOf(domains);
    }

    /** The name and every alias, as written. */
    public List<String> names() {
      List<String> out = new java.util.ArrayList<>();
      out.add(name);
      out.addAll(aliases);
      return out;
    }
  }
}
