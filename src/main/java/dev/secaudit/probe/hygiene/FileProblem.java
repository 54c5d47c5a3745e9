package dev.secaudit.probe.hygiene;

/** A file that was meant to be read and could not be: its path and why. */
public record FileProblem(String path, String why) {}
