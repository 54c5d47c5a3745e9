package dev.secaudit.probe.dns;

/**
 * A host a DNS record points to, as a vendor could own it.
 *
 * @param kind mx (a mail exchanger of a domain), spf (a domain an SPF record includes or
 *     redirects to) or cname (a name in the CNAME chain of a target's host)
 * @param place where it was read, for the report: "acme.example MX", "target app CNAME"
 * @param host the host the record names
 * @param via the path of records that led here: "acme.example TXT include:_spf.google.com"
 */
public record DnsSighting(String kind, String place, String host, String via) {}
