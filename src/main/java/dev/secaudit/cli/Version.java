package dev.secaudit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The tool version, stamped into the jar by the build. */
public final class Version implements CommandLine.IVersionProvider {
  public static String get() {
    try (InputStream in = Version.class.getResourceAsStream("/dev/secaudit/version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {"secaudit " + get()};
  }
}
