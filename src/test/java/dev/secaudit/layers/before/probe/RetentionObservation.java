package dev.secaudit.layers.before.probe;

/** An observation, which checks read: check → probe is the flow's direction. */
public record RetentionObservation(String name, long oldestDays) {}
