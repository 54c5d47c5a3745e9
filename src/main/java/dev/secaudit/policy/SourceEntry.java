package dev.secaudit.policy;

/** A source's name and the JSON Pointer of its policy entry. */
public record SourceEntry(String pointer, String name) {}
