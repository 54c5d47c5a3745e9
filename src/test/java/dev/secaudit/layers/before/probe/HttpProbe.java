package dev.secaudit.layers.before.probe;

/** Stands for a probe that does network I/O. */
public final class HttpProbe {
  public String fetch(String url) {
    return url;
  }
}
