package dev.secaudit.layers.before.scan;

/** As scan.Gate: the verdict and its computation in one type of the scan package. */
public record Gate(boolean passed) {}
