package dev.secaudit.layers.before.cli;

import dev.secaudit.layers.before.probe.HttpProbe;

/** As InitCommand was: read pages with a probe from the command. */
public final class InitCommand {
  public String call() {
    return new HttpProbe().fetch("https://127.0.0.1/");
  }
}
