package dev.secaudit.layers.before.model;

/** Stands for the result model. */
public record Finding(String checkId) {}
