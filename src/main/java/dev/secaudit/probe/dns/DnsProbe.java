package dev.secaudit.probe.dns;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.ArtifactKind;
import dev.secaudit.model.Redactor;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.Policy;
import dev.secaudit.policy.Subprocessors;
import dev.secaudit.policy.Target;
import dev.secaudit.probe.SourceObservation;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Reads the DNS records that name vendors: the MX hosts and SPF includes of the policy's
 * domains and the CNAME chains of the targets' hosts, from one resolver, each query bounded by
 * the policy's timeout. A resolver that does not answer ends the reading at once (one timeout,
 * not one per name) and is recorded as the source's failure.
 */
public final class DnsProbe {
  /** RFC 7208 §4.6.4: an SPF check may cause at most 10 DNS lookups (include, a, mx, ptr,
   * exists, redirect). */
  static final int SPF_LOOKUP_LIMIT = 10;
  private static final int MAX_CNAME_HOPS = 10;
  private static final int MAX_QUERIES = 200;

  private final Duration total;

  /** @param total wall-clock budget of the whole reading */
  public DnsProbe(Duration total) {
    this.total = total;
  }

  /** The policy's subprocessors.dns as one observation (none when the policy has no DNS). */
  public List<SourceObservation> observe(LoadedPolicy loaded, Redactor redactor, Clock clock) {
    Policy p = loaded.policy();
    if (p.subprocessors() == null || p.subprocessors().dns() == null) {
      return List.of();
    }
    Subprocessors.SubprocessorDns dns = p.subprocessors().dns();
    List<String[]> hosts = new ArrayList<>();
    if (dns.targets()) {
      for (Target t : p.targets()) {
        String host = hostOf(t.url());
        if (host != null) {
          hosts.add(new String[] {t.name(), host});
        }
      }
    }
    return List.of(observe(dns.name(), dns.resolver(), dns.timeout().value(), dns.domains(),
        hosts, redactor, clock));
  }

  DnsObservation observe(String source, String resolver, Duration timeout, List<String> domains,
      List<String[]> targetHosts, Redactor redactor, Clock clock) {
    InetSocketAddress server;
    try {
      server = resolver == null ? ResolverConfig.getCurrentConfig().server()
          : serverAddress(resolver);
    } catch (RuntimeException e) {
      return new DnsObservation(source, "dns:" + resolver, "no resolver to ask: " + e.getMessage(),
          List.of(), List.of(), 0, List.of());
    }
    String location = "dns:" + (server == null ? "system" : server.getHostString() + ":"
        + server.getPort());
    if (server == null) {
      return new DnsObservation(source, location, "the system has no DNS resolver configured",
          List.of(), List.of(), 0, List.of());
    }
    Reading r = new Reading(server, timeout, System.nanoTime() + total.toNanos());
    try {
      for (String d : domains) {
        r.mx(d);
        r.spf(d);
      }
      for (String[] t : targetHosts) {
        r.cname(t[0], t[1]);
      }
    } catch (ResolverSilent e) {
      r.failure = e.getMessage();
    }
    Artifact log = Artifact.of(DnsObservation.artifactId(source), source,
        ArtifactKind.Known.DNS_RECORDS,
        clock.instant(), r.queries + " DNS queries to " + location.substring(4),
        redactor.text(String.join("\n", r.log) + "\n"));
    return new DnsObservation(source, location, r.failure, r.sightings, r.problems, r.queries,
        List.of(log));
  }

  static InetSocketAddress serverAddress(String hostPort) {
    String host = hostPort;
    int port = 53;
    if (hostPort.startsWith("[")) {
      int end = hostPort.indexOf(']');
      host = hostPort.substring(1, end);
      if (end + 1 < hostPort.length()) {
        port = Integer.parseInt(hostPort.substring(end + 2));
      }
    } else if (hostPort.indexOf(':') > 0 && hostPort.indexOf(':') == hostPort.lastIndexOf(':')) {
      host = hostPort.substring(0, hostPort.indexOf(':'));
      port = Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1));
    }
    return new InetSocketAddress(host, port);
  }

  private static String hostOf(String url) {
    okhttp3.HttpUrl u = url == null ? null : okhttp3.HttpUrl.parse(url);
    if (u == null || u.host().contains(":") || u.host().matches("[0-9.]+")) {
      return null; // an IP address has no CNAME
    }
    return u.host();
  }

  /** The resolver itself did not answer: nothing more is asked. */
  private static final class ResolverSilent extends Exception {
    private static final long serialVersionUID = 1L;

    ResolverSilent(String message) {
      super(message);
    }
  }

  /** One run of queries against one resolver, and what it found. */
  private static final class Reading {
    final SimpleResolver resolver;
    final InetSocketAddress server;
    final Duration timeout;
    final long deadline;
    final List<DnsSighting> sightings = new ArrayList<>();
    final List<DnsProblem> problems = new ArrayList<>();
    final List<String> log = new ArrayList<>();
    String failure;
    int queries;

    Reading(InetSocketAddress server, Duration timeout, long deadline) {
      this.server = server;
      this.resolver = new SimpleResolver(server);
      this.resolver.setTimeout(timeout);
      this.timeout = timeout;
      this.deadline = deadline;
    }

    /** The answer records of one type, or null (recorded as a problem) when the name fails. */
    List<Record> ask(String name, int type) throws ResolverSilent {
      if (queries >= MAX_QUERIES || System.nanoTime() > deadline) {
        problems.add(new DnsProblem(name + " " + Type.string(type), "not asked: the DNS reading"
            + " reached its limit of " + MAX_QUERIES + " queries or its time budget", true));
        return null;
      }
      queries++;
      Message response;
      try {
        Name n = Name.fromString(name.endsWith(".") ? name : name + ".");
        response = resolver.send(Message.newQuery(Record.newRecord(n, type, DClass.IN)));
      } catch (TextParseException e) {
        problems.add(new DnsProblem(name + " " + Type.string(type), "not a DNS name ("
            + e.getMessage() + ")", true));
        return null;
      } catch (IOException e) {
        log.add(name + " " + Type.string(type) + " -> no answer (" + e.getMessage() + ")");
        // dnsjava reports a timeout as a plain IOException; a refusal has its own types.
        boolean timedOut = !(e instanceof java.net.PortUnreachableException
            || e instanceof java.net.ConnectException);
        throw new ResolverSilent("the resolver " + server.getHostString() + ":" + server.getPort()
            + " did not answer " + name + " " + Type.string(type) + (timedOut ? " within "
            + timeout.toMillis() + " ms" : " (" + e.getClass().getSimpleName() + ")"));
      }
      int rcode = response.getRcode();
      if (rcode == Rcode.NXDOMAIN) {
        log.add(name + " " + Type.string(type) + " -> NXDOMAIN");
        return List.of();
      }
      if (rcode != Rcode.NOERROR) {
        log.add(name + " " + Type.string(type) + " -> " + Rcode.string(rcode));
        problems.add(new DnsProblem(name + " " + Type.string(type), "the resolver answered "
            + Rcode.string(rcode), true));
        return null;
      }
      List<Record> answers = new ArrayList<>();
      for (Record rec : response.getSection(Section.ANSWER)) {
        if (rec.getType() == type) {
          answers.add(rec);
        }
      }
      answers.sort(Comparator.comparing(Record::rdataToString));
      if (answers.isEmpty()) {
        log.add(name + " " + Type.string(type) + " -> (no records)");
      }
      for (Record rec : answers) {
        log.add(name + " " + Type.string(type) + " -> " + rec.rdataToString());
      }
      return answers;
    }

    void mx(String domain) throws ResolverSilent {
      List<Record> answers = ask(domain, Type.MX);
      if (answers == null) {
        return;
      }
      answers.sort(Comparator.comparingInt((Record r) -> ((MXRecord) r).getPriority())
          .thenComparing(Record::rdataToString));
      for (Record rec : answers) {
        String host = host(((MXRecord) rec).getTarget());
        if (!host.isEmpty()) { // "." is a null MX (RFC 7505): the domain takes no mail
          sightings.add(new DnsSighting("mx", domain + " MX", host,
              domain + " MX " + ((MXRecord) rec).getPriority() + " " + host));
        }
      }
    }

    void spf(String domain) throws ResolverSilent {
      try {
        spf(domain, domain, domain, new int[] {0}, new HashSet<>());
      } catch (SpfLimit e) {
        // recorded where the limit was reached; the includes read before it still count
      }
    }

    private void spf(String top, String domain, String via, int[] lookups, Set<String> seen)
        throws ResolverSilent {
      if (!seen.add(domain)) {
        return; // included again on another branch: counted, read once
      }
      List<Record> answers = ask(domain, Type.TXT);
      if (answers == null) {
        return;
      }
      List<String> records = new ArrayList<>();
      for (Record rec : answers) {
        String txt = String.join("", ((TXTRecord) rec).getStrings());
        if (txt.toLowerCase(Locale.ROOT).matches("v=spf1( .*)?")) {
          records.add(txt);
        }
      }
      if (records.size() > 1) {
        problems.add(new DnsProblem(top + " SPF", domain + " publishes " + records.size()
            + " SPF records; RFC 7208 §4.5 makes that a permerror", false));
        return;
      }
      if (records.isEmpty()) {
        return;
      }
      for (String term : records.get(0).split("\\s+")) {
        String t = term.toLowerCase(Locale.ROOT).replaceFirst("^[+?~-]", "");
        String target = null;
        if (t.startsWith("include:")) {
          target = t.substring("include:".length());
        } else if (t.startsWith("redirect=")) {
          target = t.substring("redirect=".length());
        } else if (!(t.equals("a") || t.startsWith("a:") || t.startsWith("a/") || t.equals("mx")
            || t.startsWith("mx:") || t.startsWith("mx/") || t.startsWith("ptr")
            || t.startsWith("exists:"))) {
          continue;
        }
        if (++lookups[0] > SPF_LOOKUP_LIMIT) {
          problems.add(new DnsProblem(top + " SPF", "needs more than " + SPF_LOOKUP_LIMIT
              + " DNS lookups (RFC 7208 §4.6.4), so receivers give permerror; includes after"
              + " the limit are not read", false));
          throw new SpfLimit();
        }
        if (target == null || target.contains("%")) {
          continue; // a/mx/ptr/exists count against the limit but name no provider; macros vary
        }
        String path = via + " " + term;
        sightings.add(new DnsSighting("spf", top + " SPF", target, path));
        spf(top, target, path + " ->", lookups, seen);
      }
    }

    void cname(String target, String host) throws ResolverSilent {
      String at = host;
      StringBuilder chain = new StringBuilder(host);
      Set<String> seen = new HashSet<>();
      for (int hop = 0; hop < MAX_CNAME_HOPS; hop++) {
        if (!seen.add(at)) {
          problems.add(new DnsProblem(host + " CNAME", "the chain loops at " + at, false));
          return;
        }
        List<Record> answers = ask(at, Type.CNAME);
        if (answers == null || answers.isEmpty()) {
          return;
        }
        String next = host(((CNAMERecord) answers.get(0)).getTarget());
        chain.append(" -> ").append(next);
        sightings.add(new DnsSighting("cname", "target " + target + " CNAME", next,
            chain.toString()));
        at = next;
      }
      problems.add(new DnsProblem(host + " CNAME", "the chain is longer than " + MAX_CNAME_HOPS
          + " names", false));
    }

    private static String host(Name n) {
      String s = n.toString(true);
      return s.equals(".") ? "" : s.toLowerCase(Locale.ROOT);
    }
  }

  /** Unwinds the SPF recursion at the lookup limit (already recorded as a problem). */
  private static final class SpfLimit extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SpfLimit() {
      super(null, null, false, false);
    }
  }
}
