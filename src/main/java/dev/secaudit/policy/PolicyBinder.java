package dev.secaudit.policy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds a policy-shaped tree to records and keeps going after a type mistake, so one run lists
 * every mistake instead of the first. Jackson stops at the first bad value; here that value is
 * taken out (a field is dropped so it takes its default, a list entry becomes an empty one of its
 * kind) and binding starts again, until the tree binds. Re-binding a hand-written policy costs
 * about a millisecond, so this is cheaper and far simpler than a problem handler per value kind,
 * and every position comes from the same path Jackson reports.
 *
 * <p>What was taken out is remembered ({@link Result#removed()}): an error the removal itself
 * causes (an empty list entry whose record then refuses to build) is not reported, and the
 * validator's complaints about a taken-out value ("missing 'url'") are dropped by
 * {@link Result#followsFromMistake}, because they would only repeat the mistake in other words.
 */
final class PolicyBinder {
  /** Past this many the rest are nearly always one slip repeated (a wrong indent, a tab). */
  static final int MAX_MISTAKES = 50;

  /**
   * @param value the bound records, with every bad value replaced by its default; null only when
   *     the tree could not be bound even with bad values taken out
   * @param mistakes one per bad value, in the order found
   * @param removed JSON pointers of the values taken out (reported or not)
   */
  record Result<T>(T value, List<PolicyMistake> mistakes, Set<String> removed) {
    /**
     * Whether a validator problem only restates a binding mistake: it is about a taken-out value
     * or something inside it, or it is about the enclosing entry and names the taken-out key
     * ("targets[1]: missing 'url'" after targets[1].url was a list).
     */
    boolean followsFromMistake(String pointer, String message) {
      for (String r : removed) {
        if (pointer.equals(r) || pointer.startsWith(r + "/")) {
          return true;
        }
        if (r.startsWith(pointer + "/") || pointer.isEmpty()) {
          String key = r.substring(r.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~");
          // 'url' or 'version: 1', but not 'expires' for a removed 'expire': that one is real.
          if (message.contains("'" + key + "'") || message.contains("'" + key + ":")) {
            return true;
          }
        }
      }
      return false;
    }
  }

  private final ObjectMapper mapper;
  private final SourceTree source;

  PolicyBinder(ObjectMapper mapper, SourceTree source) {
    this.mapper = mapper;
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
      java.util.function.Predicate<String> secretValue) {
    JsonNode work = tree.deepCopy();
    Set<String> removed = new LinkedHashSet<>(quiet);
    List<PolicyMistake> mistakes = new ArrayList<>();
    // Every round takes out one node or climbs one level, so the tree's size bounds the rounds.
    int rounds = 2 * size(work) + 2;
    for (int round = 0; round < rounds; round++) {
      try {
        return new Result<>(mapper.treeToValue(work, type), List.copyOf(mistakes),
            Set.copyOf(removed));
      } catch (JsonMappingException e) {
        String pointer = PolicyLoader.pointerOf(e);
        boolean followOn = removed.stream().anyMatch(r -> related(pointer, r));
        if (!followOn) {
          mistakes.add(mistakeOf(e, pointer, secretValue));
          if (mistakes.size() >= MAX_MISTAKES) {
            break;
          }
        }
        // The same spot failing again means its stand-in did not bind either: drop the parent.
        String target = removed.contains(pointer) && !pointer.isEmpty()
            ? pointer.substring(0, pointer.lastIndexOf('/')) : pointer;
        if (target.isEmpty() || !takeOut(work, target, expectedType(e))) {
          if (followOn) {
            // Nothing left to take out: say what stopped binding rather than nothing at all.
            mistakes.add(mistakeOf(e, pointer, secretValue));
          }
          break;
        }
        removed.add(target);
      } catch (IOException e) {
        throw new UsageException(source.file() + ": " + e.getMessage(), e);
      }
    }
    return new Result<>(null, List.copyOf(mistakes), Set.copyOf(removed));
  }

  /** A pointer at, inside or around one already taken out. */
  private static boolean related(String pointer, String removed) {
    return pointer.equals(removed) || pointer.startsWith(removed + "/")
        || removed.startsWith(pointer + "/") || pointer.isEmpty();
  }

  private PolicyMistake mistakeOf(JsonMappingException e, String pointer,
      java.util.function.Predicate<String> secretValue) {
    return secretValue.test(pointer) ? withheld(e, pointer) : PolicyLoader.mistakeOf(e, source);
  }

  /** The message for a value from {@code ${env:}}: what was written, never what it expanded to. */
  private PolicyMistake withheld(JsonMappingException e, String pointer) {
    Class<?> expected = expectedType(e);
    JsonNode written = source.root().at(pointer);
    return new PolicyMistake(source.positionOf(pointer), SourceTree.display(pointer),
        (expected == null ? "not a valid value" : "expected " + PolicyLoader.describe(expected))
            + ", got '" + written.asText() + "' (its value is not shown)");
  }

  static Class<?> expectedType(JsonMappingException e) {
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return m.getTargetType();
    }
    if (e instanceof ValueInstantiationException v && v.getType() != null) {
      return v.getType().getRawClass();
    }
    return null;
  }

  /**
   * Takes the value at {@code pointer} out of {@code tree}: a field is removed (its default
   * applies), a list entry becomes an empty one so the entries after it keep their index and
   * every later message its position.
   */
  private static boolean takeOut(JsonNode tree, String pointer, Class<?> expected) {
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = tree.at(pointer.substring(0, slash));
    String key = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
    if (parent instanceof ObjectNode obj && obj.has(key)) {
      obj.remove(key);
      return true;
    }
    if (parent instanceof ArrayNode arr && key.matches("[0-9]+")
        && Integer.parseInt(key) < arr.size()) {
      arr.set(Integer.parseInt(key), standIn(expected));
      return true;
    }
    return false;
  }

  private static JsonNode standIn(Class<?> expected) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (expected != null && (expected.isRecord() || Map.class.isAssignableFrom(expected))) {
      return f.objectNode();
    }
    if (expected != null && (Collection.class.isAssignableFrom(expected) || expected.isArray())) {
      return f.arrayNode();
    }
    return f.textNode("");
  }

  private static int size(JsonNode n) {
    int count = 1;
    for (JsonNode child : n) {
      count += size(child);
    }
    return count;
  }
}
