package dev.secaudit.policy;

@Doc("Network and engine settings.")
public record Settings(
    @Doc("Timeouts for every request.") Timeouts timeouts,
    @Doc("Targets probed at once.") Integer concurrency,
    @Doc("Connections open to one host at once, over all of its targets: HTTP requests and TLS"
        + " handshakes alike.") Integer perHost,
    @Doc("Largest response body read, in KiB; the rest is dropped and noted.")
        Integer maxBodyKb,
    @Doc(value = "User-Agent sent with every request.", defaultValue = "secaudit/VERSION")
        String userAgent) {
  public static final Settings DEFAULTS = new Settings(null, null, null, null, null);

  public Settings {
    timeouts = Unset.or(timeouts, Timeouts.DEFAULTS);
    concurrency = Unset.or(concurrency, 32);
    perHost = Unset.or(perHost, 2);
    maxBodyKb = Unset.or(maxBodyKb, 1024);
  }

  void validate(PolicyProblems problems) {
    problems.range("/settings/concurrency", concurrency, 1, 256);
    problems.range("/settings/per_host", perHost, 1, 32);
    // Bodies are kept until the reports are written; 8 MiB per page bounds a large scan's memory.
    problems.range("/settings/max_body_kb", maxBodyKb, 1, 8192);
    Timeouts t = timeouts;
    // Beyond these a timeout no longer bounds anything: a typo (25d for 25s) would let one
    // silent server hold the scan for weeks.
    timeout(problems, "/settings/timeouts/connect", t.connect(), "5m");
    timeout(problems, "/settings/timeouts/read", t.read(), "10m");
    timeout(problems, "/settings/timeouts/total", t.total(), "1h");
    timeout(problems, "/settings/timeouts/target", t.target(), "24h");
    // A budget below one request's own limit would let a single slow request spend all of it.
    if (!t.target().value().isZero() && t.target().compareTo(t.total()) < 0) {
      problems.add("/settings/timeouts/target", "must be at least timeouts.total (" + t.total()
          + "), got " + t.target());
    }
  }

  private static void timeout(PolicyProblems problems, String pointer, PolicyDuration d,
      String most) {
    if (problems.positive(pointer, d) && d.compareTo(PolicyDuration.parse(most)) > 0) {
      problems.add(pointer, "must be at most " + most + ", got " + d);
    }
  }

  @Doc("Timeouts for every request.")
  public record Timeouts(
      @Doc("TCP and TLS connect timeout; at most 5m.")
          PolicyDuration connect,
      @Doc("Longest wait for the next bytes; at most 10m.")
          PolicyDuration read,
      @Doc("Longest a whole request may take, redirects excluded; at most 1h.")
          PolicyDuration total,
      @Doc(value = "Most time one target's probes may take from when its probing starts (a wait"
              + " for one of its host's connections counts): no new"
              + " request, TLS hello or connection is started after it, and the checks that"
              + " needed them report ERROR naming this budget (exit 3). A request already in"
              + " flight keeps its own total timeout, so a target ends within target + total."
              + " Must be at least total and at most 24h.",
              defaultValue = "120s, or total when that is longer; grown by each active rate"
                  + " limit's waits and watched windows, up to 15m (see the guide)")
          PolicyDuration target) {
    private static final PolicyDuration DEFAULT_TARGET = PolicyDuration.parse("120s");
    public static final Timeouts DEFAULTS = new Timeouts(null, null, null, null);

    public Timeouts {
      connect = Unset.or(connect, PolicyDuration.parse("5s"));
      read = Unset.or(read, PolicyDuration.parse("10s"));
      total = Unset.or(total, PolicyDuration.parse("20s"));
      // A policy that raised total alone must not become invalid because of a default it never set.
      target = target != null ? target
          : total.compareTo(DEFAULT_TARGET) > 0 ? total : DEFAULT_TARGET;
    }

    /**
     * Whether the policy left target unset: then the scan grows it by what the target's rate
     * limit probes must wait and watch, which a fixed 120 s could not hold. The default is one
     * shared instance (or total itself), so identity tells it apart from a written "120s".
     */
    public boolean targetDefaulted() {
      return target == DEFAULT_TARGET || target == total;
    }
  }
}
