package dev.secaudit.probe.http;

/** One header line as received, in order; repeated headers stay separate. */
public record Header(String name, String value) {}
