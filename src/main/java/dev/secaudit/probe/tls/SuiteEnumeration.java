package dev.secaudit.probe.tls;

import dev.secaudit.model.TlsVersion;
import java.util.List;

/**
 * The cipher suites and key-exchange groups one protocol version accepted, found by offering a
 * list, dropping the suite the server picked and offering the rest again until it refused.
 *
 * @param suites accepted suites; in the server's order of preference when {@code serverOrder} is
 *     true, otherwise in the order they were picked from our offer
 * @param serverOrder whether the server picks by its own order (the accepted suites offered
 *     backwards still get its first pick); null when fewer than two suites were accepted or the
 *     order probe did not succeed
 * @param groups groups the server accepted, each offered alone or, for a server with only ECDSA
 *     suites up to TLS 1.2, first with its certificate's curve after it and named by its key
 *     exchange (ECDHE suites up to TLS 1.2, every suite in TLS 1.3); empty when none was tried
 * @param groupsRefused groups tried and refused
 * @param incomplete why the list may be incomplete (a probe could not be made, the connection cap
 *     was reached), or null when the server refused the rest of the offer
 * @param connections hellos sent for this version
 * @param refusedByClose how a refusal read from a close without an alert came about, or null
 *     when every refusal was an alert
 * @param groupsUndetermined groups tried whose answer showed neither acceptance nor refusal: an
 *     ECDSA server that took its certificate's curve offered after the group, or refused a hello
 *     that could not list that curve; neither accepted nor refused
 * @param groupsUndeterminedWhy why, group by group; null when none is undetermined
 */
public record SuiteEnumeration(
    TlsVersion version,
    List<AcceptedSuite> suites,
    Boolean serverOrder,
    List<String> groups,
    List<String> groupsRefused,
    String incomplete,
    int connections,
    long millis,
    String refusedByClose,
    List<String> groupsUndetermined,
    String groupsUndeterminedWhy) {

  /** An enumeration whose refusals were all alerts. */
  public SuiteEnumeration(TlsVersion version, List<AcceptedSuite> suites, Boolean serverOrder,
      List<String> groups, List<String> groupsRefused, String incomplete, int connections,
      long millis) {
    this(version, suites, serverOrder, groups, groupsRefused, incomplete, connections, millis,
        null);
  }

  /** An enumeration where every group tried was shown accepted or refused. */
  public SuiteEnumeration(TlsVersion version, List<AcceptedSuite> suites, Boolean serverOrder,
      List<String> groups, List<String> groupsRefused, String incomplete, int connections,
      long millis, String refusedByClose) {
    this(version, suites, serverOrder, groups, groupsRefused, incomplete, connections, millis,
        refusedByClose, List.of(), null);
  }

  public SuiteEnumeration {
    suites = List.copyOf(suites);
    groups = List.copyOf(groups);
    groupsRefused = List.copyOf(groupsRefused);
    groupsUndetermined = groupsUndetermined == null ? List.of()
        : List.copyOf(groupsUndetermined);
  }

  /**
   * One accepted suite and whether its key exchange is ephemeral (forward secrecy).
   *
   * @param dhBits for a finite-field DHE suite, the size of the prime p the server's key exchange
   *     used; null for other suites or when the key exchange could not be read
   */
  public record AcceptedSuite(String name, boolean forwardSecrecy, Integer dhBits) {
    public AcceptedSuite(String name, boolean forwardSecrecy) {
      this(name, forwardSecrecy, null);
    }
  }

  public List<String> suiteNames() {
    return suites.stream().map(AcceptedSuite::name).toList();
  }

  /** The evidence text: the suites in order, the order verdict, the groups. */
  public String transcript(String endpoint) {
    StringBuilder sb = new StringBuilder();
    sb.append("endpoint: ").append(endpoint).append('\n');
    sb.append("version: ").append(version.label()).append('\n');
    sb.append("order: ").append(serverOrder == null ? "not determined"
        : serverOrder ? "server enforces its order (suites below in server order)"
            : "server follows the client's order (suites below in the order picked)").append('\n');
    for (AcceptedSuite s : suites) {
      sb.append("suite: ").append(s.name())
          .append(s.forwardSecrecy() ? " (forward secrecy)" : " (no forward secrecy)")
          .append(s.dhBits() == null ? "" : " DH " + s.dhBits() + " bits").append('\n');
    }
    sb.append("groups accepted: ").append(groups.isEmpty() ? "-" : String.join(" ", groups))
        .append('\n');
    sb.append("groups refused: ")
        .append(groupsRefused.isEmpty() ? "-" : String.join(" ", groupsRefused)).append('\n');
    if (!groupsUndetermined.isEmpty()) {
      // Only when there are some, so transcripts of servers without them read as before.
      sb.append("groups undetermined: ").append(String.join(" ", groupsUndetermined))
          .append(" (").append(groupsUndeterminedWhy).append(")\n");
    }
    if (refusedByClose != null) {
      sb.append("refused by close: ").append(refusedByClose).append('\n');
    }
    if (incomplete != null) {
      sb.append("incomplete: ").append(incomplete).append('\n');
    }
    sb.append("connections: ").append(connections).append('\n');
    sb.append("millis: ").append(millis).append('\n');
    return sb.toString();
  }

  /** One line for reports. */
  public String summary() {
    return version.label() + ": " + suites.size() + " suites"
        + (serverOrder == null ? "" : serverOrder ? ", server order" : ", client order")
        + (groups.isEmpty() ? "" : ", groups " + String.join(" ", groups))
        + (groupsUndetermined.isEmpty() ? ""
            : ", groups undetermined " + String.join(" ", groupsUndetermined))
        + (incomplete == null ? "" : " (incomplete: " + incomplete + ")");
  }
}
