package dev.secaudit.probe.dns;

/**
 * A DNS lookup that went wrong without silencing the resolver.
 *
 * @param place the name and record type: "acme.example TXT", "acme.example SPF"
 * @param unread true when a record could not be read (SERVFAIL, REFUSED, a budget reached), so
 *     what it would show is unknown; false for a record read but broken (an SPF record over the
 *     lookup limit, a CNAME loop)
 */
public record DnsProblem(String place, String text, boolean unread) {}
