package dev.secaudit.probe.manifest;

import java.util.ArrayList;
import java.util.List;

/** go.mod: the modules of its require directives (single-line and parenthesised blocks). */
public final class GoModule {
  private GoModule() {}

  /** Every required module with its version, section "require". */
  public static List<Declaration> requires(String text) throws MalformedManifest {
    List<Declaration> out = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    int block = 0;
    for (int i = 0; i < lines.length; i++) {
      String l = uncomment(lines[i]);
      if (l.isEmpty()) {
        continue;
      }
      if (block > 0) {
        if (l.equals(")")) {
          block = 0;
        } else {
          out.add(require(i + 1, l));
        }
      } else if (l.equals("require (")) {
        block = i + 1;
      } else if (l.startsWith("require ")) {
        out.add(require(i + 1, l.substring("require ".length()).strip()));
      }
    }
    if (block > 0) {
      throw new MalformedManifest(block, "the require block opened here never closes");
    }
    return out;
  }

  private static Declaration require(int line, String spec) throws MalformedManifest {
    String[] parts = spec.split("\\s+");
    if (parts.length != 2 || !parts[1].startsWith("v")) {
      throw new MalformedManifest(line, "expected 'module/path vX.Y.Z', found '" + spec + "'");
    }
    return new Declaration("require", parts[0].replace("\"", ""), parts[1], line);
  }

  private static String uncomment(String line) {
    int c = line.indexOf("//");
    return (c >= 0 ? line.substring(0, c) : line).strip();
  }
}
