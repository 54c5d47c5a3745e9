package dev.secaudit.probe.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * nginx's configuration grammar, read as nginx's own reader does: words separated by blanks, a
 * directive ended by ';' or opening a block with '{', '}' closing it, '#' starting a comment only
 * where a word could start, single- and double-quoted words with backslash escapes (\", \', \\,
 * \t, \r, \n; any other escaped character keeps its backslash), "${var}" kept whole in a word,
 * and a blank required after a closing quote. {@code include} is expanded where it stands, with
 * a glob relative to the main file's folder; an include loop, a '}' without its block and an end
 * of file inside a block are errors naming file:line, as {@code nginx -t} reports them.
 */
public final class NginxParser {
  private final ConfigFiles files;

  public NginxParser(ConfigFiles files) {
    this.files = files;
  }

  /** The main file's directives, includes expanded. */
  public List<NginxDirective> parse(Path main) throws ConfigProblem {
    return parseFile(main, null);
  }

  private List<NginxDirective> parseFile(Path file, String at) throws ConfigProblem {
    String text = files.enter(file, at);
    try {
      return block(new Reader(text, files.shown(file)), 0);
    } finally {
      files.leave();
    }
  }

  /** Directives up to the end of the file ({@code depth} 0) or the '}' closing a block. */
  private List<NginxDirective> block(Reader r, int depth) throws ConfigProblem {
    boolean inBlock = depth > 0;
    List<NginxDirective> out = new ArrayList<>();
    List<String> words = new ArrayList<>();
    int line = 0;
    while (true) {
      Token t = r.next();
      if (t.kind == Kind.WORD) {
        if (words.isEmpty()) {
          line = t.line;
        }
        words.add(t.text);
        continue;
      }
      if (t.kind == Kind.EOF) {
        if (!words.isEmpty()) {
          throw new ConfigProblem(r.file + ":" + t.line,
              "unexpected end of file, expecting \";\" or \"}\"");
        }
        if (inBlock) {
          throw new ConfigProblem(r.file + ":" + t.line,
              "unexpected end of file, expecting \"}\"");
        }
        return out;
      }
      if (t.kind == Kind.CLOSE) {
        if (!words.isEmpty() || !inBlock) {
          throw new ConfigProblem(r.file + ":" + t.line, "unexpected \"}\"");
        }
        return out;
      }
      if (words.isEmpty()) {
        throw new ConfigProblem(r.file + ":" + t.line,
            "unexpected \"" + (t.kind == Kind.SEMI ? ";" : "{") + "\"");
      }
      String name = words.get(0);
      List<String> args = List.copyOf(words.subList(1, words.size()));
      words.clear();
      if (t.kind == Kind.OPEN) {
        if (depth >= files.limits().maxBlockDepth()) {
          throw new ConfigProblem(r.file + ":" + line, "blocks nested deeper than "
              + files.limits().maxBlockDepth() + " levels");
        }
        List<NginxDirective> children = block(r, depth + 1);
        out.add(new NginxDirective(name, args, r.file, line, children));
      } else if (name.equals("include")) {
        if (args.size() != 1) {
          throw new ConfigProblem(r.file + ":" + line,
              "invalid number of arguments in \"include\" directive");
        }
        String where = r.file + ":" + line;
        List<Path> matched = files.glob(args.get(0), where);
        for (Path p : matched) {
          out.addAll(parseFile(p, where));
        }
      } else {
        out.add(new NginxDirective(name, args, r.file, line, null));
      }
    }
  }

  private enum Kind { WORD, SEMI, OPEN, CLOSE, EOF }

  private record Token(Kind kind, String text, int line) {}

  /** The tokenizer: one word or punctuation mark at a time. */
  private static final class Reader {
    private final String s;
    private final String file;
    private int i;
    private int line = 1;

    Reader(String s, String file) {
      this.s = s;
      this.file = file;
    }

    Token next() throws ConfigProblem {
      // Blanks and comments between words.
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == '\n') {
          line++;
          i++;
        } else if (c == ' ' || c == '\t' || c == '\r') {
          i++;
        } else if (c == '#') {
          while (i < s.length() && s.charAt(i) != '\n') {
            i++;
          }
        } else {
          break;
        }
      }
      if (i >= s.length()) {
        return new Token(Kind.EOF, "", line);
      }
      char c = s.charAt(i);
      int start = line;
      switch (c) {
        case ';' -> {
          i++;
          return new Token(Kind.SEMI, ";", start);
        }
        case '{' -> {
          i++;
          return new Token(Kind.OPEN, "{", start);
        }
        case '}' -> {
          i++;
          return new Token(Kind.CLOSE, "}", start);
        }
        case '"', '\'' -> {
          return new Token(Kind.WORD, quoted(c), start);
        }
        default -> {
          return new Token(Kind.WORD, bare(), start);
        }
      }
    }

    /** A quoted word; after the closing quote only a blank, ';', '{' or ')' may follow. */
    private String quoted(char q) throws ConfigProblem {
      int startLine = line;
      i++;
      StringBuilder b = new StringBuilder();
      while (true) {
        if (i >= s.length()) {
          throw new ConfigProblem(file + ":" + line, "unexpected end of file in a string"
              + " opened on line " + startLine + ", expecting " + q);
        }
        char c = s.charAt(i++);
        if (c == '\n') {
          line++;
        }
        if (c == '\\' && i < s.length()) {
          escape(b, s.charAt(i++));
        } else if (c == q) {
          break;
        } else {
          b.append(c);
        }
      }
      if (i < s.length()) {
        char n = s.charAt(i);
        if (!(n == ' ' || n == '\t' || n == '\r' || n == '\n' || n == ';' || n == '{'
            || n == ')')) {
          throw new ConfigProblem(file + ":" + line, "unexpected \"" + n + "\"");
        }
      }
      return b.toString();
    }

    /** An unquoted word: runs to a blank, ';' or '{' (a '{' right after '$' is "${var}"). */
    private String bare() {
      StringBuilder b = new StringBuilder();
      boolean variable = false;
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == '{' && variable) {
          b.append(c);
          i++;
          variable = false;
          continue;
        }
        variable = false;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';' || c == '{') {
          break;
        }
        i++;
        if (c == '\\' && i < s.length()) {
          char e = s.charAt(i++);
          if (e == '\n') {
            line++;
          }
          escape(b, e);
          continue;
        }
        if (c == '$') {
          variable = true;
        }
        b.append(c);
      }
      return b.toString();
    }

    private static void escape(StringBuilder b, char e) {
      switch (e) {
        case '"', '\'', '\\' -> b.append(e);
        case 't' -> b.append('\t');
        case 'r' -> b.append('\r');
        case 'n' -> b.append('\n');
        default -> b.append('\\').append(e);
      }
    }
  }
}
