package dev.secaudit.layers.before.check;

/** As check.Aspect: the kinds of observation a check can ask for. */
public enum Aspect {
  PAGES,
  RETENTION
}
