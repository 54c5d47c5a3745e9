package dev.secaudit.probe.tls;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The clear-text dialogue that turns a plain connection into one ready for a ClientHello. Every
 * byte is read under the same read and total limits as the TLS probes, and the dialogue is read
 * one byte at a time so that nothing after the server's go-ahead is consumed: those bytes belong
 * to the TLS layer.
 */
public enum StartTls {
  /** RFC 3207: 220 greeting, EHLO, STARTTLS advertised, STARTTLS, 220. */
  SMTP;

  /** The longest reply line accepted (RFC 5321 §4.5.3.1.5 allows 512 octets). */
  static final int MAX_LINE = 1024;
  /** The most bytes of one multi-line reply: EHLO answers are a few hundred bytes. */
  static final int MAX_REPLY = 16 * 1024;
  /** The name sent in EHLO: reserved (RFC 2606), so it never names a real client. */
  static final String EHLO_NAME = "secaudit.invalid";

  /** The server did not let the connection upgrade, or did not speak the protocol. */
  public static final class Refused extends IOException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  /** Parses the policy's spelling ("smtp"); null for anything else. */
  public static StartTls parse(String s) {
    return s != null && s.trim().toLowerCase(Locale.ROOT).equals("smtp") ? SMTP : null;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Runs the dialogue on a connected socket. Returns a transcript of the clear-text exchange;
   * throws {@link Refused} with the server's own words when it does not agree, and
   * SocketTimeoutException when it stalls.
   *
   * @param deadline System.nanoTime() by which the whole probe must be over
   */
  public String upgrade(Socket socket, long deadline, long readMillis) throws IOException {
    Dialogue d = new Dialogue(socket, deadline, readMillis);
    Reply greeting = d.reply("greeting");
    if (greeting.code != 220) {
      throw new Refused("SMTP greeting was not 220: " + greeting.first());
    }
    d.send("EHLO " + EHLO_NAME);
    Reply ehlo = d.reply("EHLO reply");
    if (ehlo.code != 250) {
      throw new Refused("EHLO was refused: " + ehlo.first());
    }
    if (!ehlo.text.toUpperCase(Locale.ROOT).matches("(?s).*(^|\n)250[ -]STARTTLS\\s*(\n|$).*")) {
      throw new Refused("the server does not offer STARTTLS (EHLO reply: "
          + ehlo.text.strip().replace("\n", " | ") + ")");
    }
    d.send("STARTTLS");
    Reply go = d.reply("STARTTLS reply");
    if (go.code != 220) {
      throw new Refused("STARTTLS was refused: " + go.first());
    }
    return d.transcript.toString();
  }

  private record Reply(int code, String text) {
    String first() {
      int nl = text.indexOf('\n');
      return (nl < 0 ? text : text.substring(0, nl)).strip();
    }
  }

  /** Line-at-a-time reading with the limits of the probe. */
  private static final class Dialogue {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final long deadline;
    private final long readMillis;
    private final StringBuilder transcript = new StringBuilder();

    Dialogue(Socket socket, long deadline, long readMillis) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
      this.deadline = deadline;
      this.readMillis = readMillis;
    }

    void send(String line) throws IOException {
      transcript.append("C: ").append(line).append('\n');
      out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    /** A reply: lines "NNN-text" continue it, the first "NNN text" (or "NNN") ends it. */
    Reply reply(String what) throws IOException {
      StringBuilder text = new StringBuilder();
      int code = -1;
      while (true) {
        String line = line(what, text.length());
        transcript.append("S: ").append(line).append('\n');
        if (line.length() < 3 || !line.substring(0, 3).chars().allMatch(Character::isDigit)
            || (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-')) {
          throw new Refused("the " + what + " is not SMTP: '" + printable(line) + "'");
        }
        int c = Integer.parseInt(line.substring(0, 3));
        if (code >= 0 && c != code) {
          throw new Refused("the " + what + " mixes reply codes " + code + " and " + c);
        }
        code = c;
        text.append(line).append('\n');
        if (line.length() == 3 || line.charAt(3) == ' ') {
          return new Reply(code, text.toString());
        }
      }
    }

    private String line(String what, int sofar) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      while (true) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          throw new SocketTimeoutException("total");
        }
        socket.setSoTimeout((int) Math.max(1, Math.min(left, readMillis)));
        int r = in.read();
        if (r < 0) {
          throw new EOFException("the server closed the connection while sending the " + what
              + (b.size() == 0 ? "" : " ('" + printable(b.toString(StandardCharsets.ISO_8859_1))
                  + "')"));
        }
        if (r == '\n') {
          String s = b.toString(StandardCharsets.ISO_8859_1);
          return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }
        b.write(r);
        if (b.size() > MAX_LINE || sofar + b.size() > MAX_REPLY) {
          throw new Refused("the " + what + " has a line longer than " + MAX_LINE
              + " bytes or is over " + MAX_REPLY + " bytes: not an SMTP server");
        }
      }
    }

    private static String printable(String s) {
      String t = s.replaceAll("[^\\x20-\\x7e]", "?");
      return t.length() > 80 ? t.substring(0, 80) + "..." : t;
    }
  }
}
