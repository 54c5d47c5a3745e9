package dev.secaudit.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Binds a policy-shaped tree to records and keeps going after a type mistake, so one run lists
 * every mistake instead of the first. {@link RecordBinder} stops at the first bad value; here that
 * value is taken out (a field is dropped so it takes its default, a list entry is dropped from its list)
 * and binding starts again, until the tree binds. Re-binding a hand-written policy costs about a
 * millisecond, so this is far simpler than a problem handler per kind of value, and every position
 * comes from the pointer the binder reports.
 *
 * <p>Nothing is put in a bad value's place: a stand-in (an empty entry) would be judged by the
 * rules as if the user had written it. Dropping list entries shifts the later ones, so the binder
 * remembers what it dropped and {@link Result#original} turns a pointer into the bound value back
 * into the pointer of what the user wrote, for positions.
 *
 * <p>What was taken out is remembered as well: an error the removal itself causes is not reported,
 * and the rules' complaints about a taken-out value ("missing 'url'") are recognised by {@link
 * Result#followsFromMistake}, because they would only repeat the mistake in other words.
 */
final class PolicyBinder {
  /** Past this many the rest are nearly always one slip repeated (a wrong indent, a tab). */
  static final int MAX_MISTAKES = 50;

  /**
   * @param value the bound records without the bad values; null only when the tree could not be
   *     bound even with them taken out, or binding stopped at {@link #MAX_MISTAKES}
   * @param mistakes one per bad value, in the order found
   * @param removed pointers (into the file as written) of the values taken out, reported or not
   * @param droppedEntries per list (pointer as written), the indexes of the entries dropped
   */
  record Result<T>(T value, List<PolicyMistake> mistakes, Set<String> removed,
      Map<String, Set<Integer>> droppedEntries, Set<String> namesSetAside) {

    /** The pointer, into the file as written, of a value the bound records hold. */
    String original(String boundPointer) {
      if (droppedEntries.isEmpty() || boundPointer.isEmpty()) {
        return boundPointer;
      }
      StringBuilder out = new StringBuilder();
      for (String part : boundPointer.substring(1).split("/", -1)) {
        Set<Integer> dropped = droppedEntries.get(out.toString());
        if (dropped != null && part.matches("[0-9]+")) {
          int wanted = Integer.parseInt(part);
          int index = -1;
          for (int kept = -1; kept < wanted; ) {
            index++;
            if (!dropped.contains(index)) {
              kept++;
            }
          }
          part = String.valueOf(index);
        }
        out.append('/').append(part);
      }
      return out.toString();
    }

    /**
     * Whether a rule's problem (at a pointer as written) only restates a binding mistake: it is
     * about a taken-out value or something inside it, about the entry that held it ("the source
     * names no kind" after the kind's value was a list), or about a section further out that names
     * the taken-out key ("missing 'version: 1'" after version was text).
     */
    boolean followsFromMistake(String pointer, String message) {
      for (String r : removed) {
        if (pointer.equals(r) || pointer.startsWith(r + "/")) {
          return true;
        }
        String parent = r.substring(0, r.lastIndexOf('/'));
        if (!pointer.isEmpty() && pointer.equals(parent)) {
          return true;
        }
        if (r.startsWith(pointer + "/") || pointer.isEmpty()) {
          String key = nameOf(r);
          // 'url' or 'version: 1', but not 'expires' for a removed 'expire': that one is real.
          if (message.contains("'" + key + "'") || message.contains("'" + key + ":")) {
            return true;
          }
        }
      }
      // "no target is named 'api'" when the entry named api was set aside.
      return namesSetAside.stream().anyMatch(n -> message.contains("'" + n + "'"));
    }

    /** The field a pointer ends in; for a list entry, the list's field ("targets"). */
    private static String nameOf(String pointer) {
      String p = pointer;
      while (p.lastIndexOf('/') >= 0 && p.substring(p.lastIndexOf('/') + 1).matches("[0-9]+")) {
        p = p.substring(0, p.lastIndexOf('/'));
      }
      return p.substring(p.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~");
    }
  }

  private final RecordBinder records = new RecordBinder();
  private final SourceTree source;

  PolicyBinder(SourceTree source) {
    this.source = source;
  }

  /**
   * @param tree the tree to bind; it is not changed
   * @param quiet pointers already known to be wrong (an unset {@code ${env:}}): a value there is
   *     taken out without a message of its own
   * @param secretValue whether the value at a pointer came from the environment, so a message
   *     must not quote it
   */
  <T> Result<T> bind(JsonNode tree, Class<T> type, Collection<String> quiet,
      Predicate<String> secretValue) {
    Binding<T> b = new Binding<>(tree.deepCopy(), type, quiet, secretValue);
    return b.run();
  }

  /** One binding in progress: the tree as it is being cut down, and what was cut. */
  private final class Binding<T> {
    private final JsonNode work;
    private final Class<T> type;
    private final Predicate<String> secretValue;
    private final Set<String> quiet;
    private final Set<String> removed;
    private final Map<String, Set<Integer>> dropped = new HashMap<>();
    private final List<PolicyMistake> mistakes = new ArrayList<>();

    Binding(JsonNode work, Class<T> type, Collection<String> quiet,
        Predicate<String> secretValue) {
      this.work = work;
      this.type = type;
      this.secretValue = secretValue;
      this.quiet = Set.copyOf(quiet);
      this.removed = new LinkedHashSet<>(quiet);
    }

    private Result<T> result(T value) {
      Map<String, Set<Integer>> d = new HashMap<>();
      dropped.forEach((k, v) -> d.put(k, Set.copyOf(v)));
      Set<String> names = new java.util.TreeSet<>();
      for (String r : removed) {
        if (!quiet.contains(r)) {
          namesIn(source.root().at(r), names);
        }
      }
      return new Result<>(value, List.copyOf(mistakes), Set.copyOf(removed), Map.copyOf(d),
          Set.copyOf(names));
    }

    Result<T> run() {
      // Every round takes out at least one node, so the tree's size bounds the rounds.
      int rounds = size(work) + 1;
      for (int round = 0; round < rounds; round++) {
        try {
          return result(records.bind(work, type));
        } catch (RecordBinder.Mismatch e) {
          String bound = e.pointer;
          if (e.kind == RecordBinder.Mismatch.Kind.REJECTED
              && e.getCause() instanceof NullPointerException && dropEmptyEntries(bound)) {
            continue;
          }
          String pointer = result(null).original(bound);
          boolean followOn = removed.stream().anyMatch(r -> related(pointer, r));
          if (!followOn || pointer.isEmpty()) {
            // At the top nothing can be taken out: say what stopped binding, even if it follows.
            mistakes.add(mistakeOf(e, pointer));
          }
          if (mistakes.size() >= MAX_MISTAKES || !takeOut(bound, pointer)) {
            break;
          }
          if (e.kind == RecordBinder.Mismatch.Kind.UNKNOWN_KEY) {
            // The records are the same as if the key were not there, so what the rules say about
            // the entry holding it is no echo of this mistake.
            removed.remove(pointer);
          }
        }
      }
      return result(null);
    }

    /**
     * A list with an empty entry ("- " with nothing after it) makes the record that holds it fail
     * as a whole; each empty entry is reported where it stands and dropped.
     */
    private boolean dropEmptyEntries(String bound) {
      JsonNode holder = work.at(bound);
      boolean found = false;
      for (var field : (Iterable<Map.Entry<String, JsonNode>>) holder::fields) {
        if (field.getValue() instanceof ArrayNode list) {
          String listPointer = bound + "/" + SourceTree.escape(field.getKey());
          for (int i = list.size() - 1; i >= 0; i--) {
            if (list.get(i).isNull()) {
              String entry = listPointer + "/" + i;
              String pointer = result(null).original(entry);
              mistakes.add(new PolicyMistake(source.positionOf(pointer),
                  SourceTree.display(pointer), "an empty list entry; remove the '-' or give a"
                      + " value"));
              takeOut(entry, pointer);
              found = true;
            }
          }
        }
      }
      return found;
    }

    private PolicyMistake mistakeOf(RecordBinder.Mismatch e, String pointer) {
      return secretValue.test(pointer) ? withheld(e, pointer)
          : PolicyLoader.mistakeOf(e, pointer, source);
    }

    /**
     * Takes the value at {@code bound} out of the tree; {@code pointer} is the same value as
     * written. The same value failing twice cannot happen, as it is gone after the first time.
     */
    private boolean takeOut(String bound, String pointer) {
      if (bound.isEmpty()) {
        return false;
      }
      int slash = bound.lastIndexOf('/');
      JsonNode parent = work.at(bound.substring(0, slash));
      String key = bound.substring(slash + 1).replace("~1", "/").replace("~0", "~");
      if (parent instanceof ObjectNode obj && obj.has(key)) {
        obj.remove(key);
      } else if (parent instanceof ArrayNode arr && key.matches("[0-9]+")
          && Integer.parseInt(key) < arr.size()) {
        arr.remove(Integer.parseInt(key));
        String list = pointer.substring(0, pointer.lastIndexOf('/'));
        dropped.computeIfAbsent(list, k -> new TreeSet<>())
            .add(Integer.parseInt(pointer.substring(pointer.lastIndexOf('/') + 1)));
      } else {
        return false;
      }
      removed.add(pointer);
      return true;
    }
  }

  /**
   * The names of entries in a set-aside value (a target, a source): other sections refer to them
   * by these names, and would otherwise be told that no such entry exists.
   */
  private static void namesIn(JsonNode node, Set<String> names) {
    if (node.isObject() && node.path("name").isTextual()) {
      names.add(node.get("name").asText());
    }
    for (JsonNode child : node) {
      namesIn(child, names);
    }
  }

  /** A pointer at, inside or around one already taken out. */
  private static boolean related(String pointer, String removed) {
    return pointer.equals(removed) || pointer.startsWith(removed + "/")
        || removed.startsWith(pointer + "/") || pointer.isEmpty();
  }

  /** The message for a value from {@code ${env:}}: what was written, never what it expanded to. */
  private PolicyMistake withheld(RecordBinder.Mismatch e, String pointer) {
    JsonNode written = source.root().at(pointer);
    return new PolicyMistake(source.positionOf(pointer), SourceTree.display(pointer),
        "expected " + PolicyLoader.describe(e.expected) + ", got '" + written.asText()
            + "' (its value is not shown)");
  }

  private static int size(JsonNode n) {
    int count = 1;
    for (JsonNode child : n) {
      count += size(child);
    }
    return count;
  }
}
