package dev.secaudit.layers.before.cli;

import dev.secaudit.layers.before.probe.HttpProbe;

/** A command other than init running a probe itself: the flow rule must catch it. */
public final class PageCommand {
  public String call() {
    return new HttpProbe().fetch("https://127.0.0.1/");
  }
}
