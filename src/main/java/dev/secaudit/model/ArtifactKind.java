package dev.secaudit.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What kind of evidence an {@link Artifact} is, written in scan.json as its label
 * ({@code http-exchange}). The kinds secaudit writes are {@link Known}; a kind this version does
 * not know (a later version's, in a scan read with {@code report --from} or {@code merge}) is
 * kept as written, so a file read and written again says what it said.
 */
public sealed interface ArtifactKind permits ArtifactKind.Known, ArtifactKind.Unknown {

  /** The label scan.json and the reports show. */
  @JsonValue
  String label();

  /** The kinds the probes and the merge record. */
  enum Known implements ArtifactKind {
    /** An HTTP request and its answer. */
    HTTP_EXCHANGE("http-exchange"),
    /** The hand-built hello of one protocol version and the answer. */
    TLS_HELLO("tls-hello"),
    /** The cipher suites of one accepted version, in the server's order. */
    TLS_SUITES("tls-suites"),
    /** The certificate chain, PEM. */
    TLS_CHAIN("tls-chain"),
    /** An active rate-limit probe's requests. */
    RATE_LIMIT_PROBE("rate-limit-probe"),
    /** An active request flow's steps. */
    FLOW("flow"),
    /** A server config's judged directives, each at its file:line. */
    CONFIG_EXCERPT("config-excerpt"),
    /** Configuration files read for retention (logrotate, journald, lifecycle). */
    CONFIG_FILE("config-file"),
    /** A directory's matching files, oldest first. */
    FILE_LISTING("file-listing"),
    /** A command's redacted output and exit status. */
    COMMAND_OUTPUT("command-output"),
    /** A repository's dependency manifests and what they declare. */
    DEPENDENCY_MANIFESTS("dependency-manifests"),
    /** A repository's secret sightings, masked. */
    SECRET_SCAN("secret-scan"),
    /** Logs and exports searched for personal data and secrets, samples masked. */
    DATA_SCAN("data-scan"),
    /** The DNS queries of subprocessors.dns and their answers. */
    DNS_RECORDS("dns-records"),
    /** The shard results a merge read. */
    MERGE_SOURCES("merge-sources");

    private final String label;

    Known(String label) {
      this.label = label;
    }

    @Override
    public String label() {
      return label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** A kind written by another version of secaudit, kept as it was written. */
  record Unknown(String label) implements ArtifactKind {
    @Override
    public String toString() {
      return label;
    }
  }

  /** The kind {@code label} names: a known one, or the label kept as it is. */
  @JsonCreator
  static ArtifactKind of(String label) {
    for (Known k : Known.values()) {
      if (k.label.equals(label)) {
        return k;
      }
    }
    return new Unknown(label == null ? "" : label);
  }
}
