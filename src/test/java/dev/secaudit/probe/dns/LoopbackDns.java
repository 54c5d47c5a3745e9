package dev.secaudit.probe.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A DNS responder on 127.0.0.1 (UDP, port 0) for tests, answering from a zone given as master
 * file lines built into dnsjava records; unknown names get NXDOMAIN, names listed as failing get
 * SERVFAIL. With {@code silent} it reads queries and never answers.
 */
public final class LoopbackDns implements AutoCloseable {
  private final DatagramSocket socket;
  private final Map<String, List<Record>> zone = new ConcurrentHashMap<>();
  private final List<String> failing = new ArrayList<>();
  private final boolean silent;
  private final Thread thread;
  public final AtomicInteger queries = new AtomicInteger();

  public LoopbackDns(boolean silent) throws SocketException {
    this.silent = silent;
    this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    this.thread = new Thread(this::serve, "loopback-dns");
    thread.setDaemon(true);
    thread.start();
  }

  /** Adds a record, as "name TTL TYPE rdata" relative to the root, e.g. "a.example. 60 MX 10 mx.b.". */
  public LoopbackDns add(String name, int type, String rdata) throws IOException {
    Record r = Record.fromString(Name.fromString(name), type, DClass.IN, 60, rdata, Name.root);
    zone.computeIfAbsent(key(r.getName(), type), k -> new ArrayList<>()).add(r);
    return this;
  }

  public LoopbackDns servfail(String name) {
    failing.add(name.endsWith(".") ? name : name + ".");
    return this;
  }

  public String address() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  private static String key(Name name, int type) {
    return name.toString().toLowerCase(java.util.Locale.ROOT) + " " + type;
  }

  private void serve() {
    byte[] buf = new byte[4096];
    while (!socket.isClosed()) {
      DatagramPacket in = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(in);
        queries.incrementAndGet();
        if (silent) {
          continue;
        }
        Message q = new Message(java.util.Arrays.copyOf(in.getData(), in.getLength()));
        Record question = q.getQuestion();
        Message a = new Message(q.getHeader().getID());
        a.getHeader().setFlag(Flags.QR);
        a.getHeader().setFlag(Flags.RA);
        a.addRecord(question, Section.QUESTION);
        String name = question.getName().toString().toLowerCase(java.util.Locale.ROOT);
        List<Record> answers = zone.get(key(question.getName(), question.getType()));
        if (failing.contains(name)) {
          a.getHeader().setRcode(Rcode.SERVFAIL);
        } else if (answers != null) {
          answers.forEach(r -> a.addRecord(r, Section.ANSWER));
        } else if (zone.keySet().stream().noneMatch(k -> k.startsWith(name + " "))) {
          a.getHeader().setRcode(Rcode.NXDOMAIN);
        }
        byte[] out = a.toWire();
        socket.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
      } catch (IOException e) {
        // closed at the end of the test, or a malformed query: keep serving until closed
      }
    }
  }

  @Override
  public void close() {
    socket.close();
  }

  /** For the Type constants in tests. */
  public static final int MX = Type.MX;
  public static final int TXT = Type.TXT;
  public static final int CNAME = Type.CNAME;
}
