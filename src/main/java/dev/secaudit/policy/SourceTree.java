package dev.secaudit.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * A YAML document as a Jackson tree plus the line and column of every value, keyed by JSON
 * pointer. Jackson's own YAML parser forgets positions once a tree is built; keeping them here lets
 * every later error (binding, validation, even a check's finding) name file:line:column.
 *
 * <p>Scalars follow YAML 1.2 core rules: only true/false are booleans, so "yes", "on" and "NO"
 * stay strings instead of silently turning into booleans.
 */
public final class SourceTree {
  private final String file;
  private final JsonNode root;
  private final Map<String, Position> values;
  private final Map<String, Position> keys;

  /**
   * Values a document may expand to. An alias (*name) re-uses a whole block, so 20 aliases can
   * multiply a small file a million times; a real policy under the 1 MiB cap has far fewer.
   */
  static final int MAX_VALUES = 200_000;

  /**
   * The tags plain YAML resolves by itself, written or not (!!str, !!int...). Any other tag
   * (!foo, !!binary, !!python/object) asks for a type a policy has no use for.
   */
  private static final java.util.Set<Tag> PLAIN_TAGS = java.util.Set.of(Tag.STR, Tag.INT,
      Tag.BOOL, Tag.NULL, Tag.FLOAT, Tag.TIMESTAMP, Tag.MAP, Tag.SEQ);

  private int converted;

  /**
   * The nodes being converted, outermost first. An alias inside its own anchor ({@code &a [*a]})
   * makes the composed graph a cycle, which a walk would follow until the stack overflows.
   */
  private final java.util.Set<Node> enclosing =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  /** A 1-based position in a file. */
  public record Position(String file, int line, int column) {
    @Override
    public String toString() {
      return file + ":" + line + ":" + column;
    }
  }

  private SourceTree(String file, JsonNode root, Map<String, Position> values,
      Map<String, Position> keys) {
    this.file = file;
    this.root = root;
    this.values = values;
    this.keys = keys;
  }

  public static SourceTree parse(String file, String text) {
    return parse(file, text, "the file is empty; a policy needs at least 'version: 1' and a"
        + " 'targets' list (see 'secaudit schema' or docs/policy.md)");
  }

  /**
   * @param whenEmpty what to say of a file with no YAML node (blank, or comments only), which
   *     depends on what kind of file it was meant to be
   */
  public static SourceTree parse(String file, String text, String whenEmpty) {
    LoaderOptions options = YamlLimits.options();
    Node node;
    // What Yaml.compose does, without making a Yaml: its constructor builds SnakeYAML's object
    // constructor and representer (never used here), a third of the parse of a small policy.
    YamlLimits.Watched events = null;
    try {
      events = new YamlLimits.Watched(
          new ParserImpl(new StreamReader(new StringReader(text)), options));
      node = new Composer(events, new Resolver(), options).getSingleNode();
    } catch (MarkedYAMLException e) {
      Mark m = YamlLimits.mark(e);
      String where = m == null ? file : file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
      throw new UsageException(where + ": " + YamlLimits.describe(e,
          m == null ? null : YamlOutline.fieldAt(text, m.getLine())));
    } catch (YAMLException e) {
      throw YamlLimits.refusal(file, events == null ? null : events.at(), e);
    } catch (RuntimeException e) {
      throw new UsageException(file + ": not valid YAML: " + e.getMessage());
    }
    if (node == null) {
      throw new UsageException(file + ": " + whenEmpty);
    }
    Map<String, Position> values = new HashMap<>();
    Map<String, Position> keys = new HashMap<>();
    SourceTree builder = new SourceTree(file, null, values, keys);
    JsonNode tree = builder.convert(node, "");
    return new SourceTree(file, tree, values, keys);
  }

  private JsonNode convert(Node node, String pointer) {
    if (++converted > MAX_VALUES) {
      throw new UsageException(position(node.getStartMark()) + ": " + display(pointer)
          + ": the document expands to more than " + MAX_VALUES + " values; aliases (*name)"
          + " that repeat large blocks are refused (a \"billion laughs\" document?)");
    }
    if (!PLAIN_TAGS.contains(node.getTag())) {
      throw new UsageException(position(node.getStartMark()) + ": " + display(pointer)
          + ": YAML tag '" + node.getTag().getValue() + "' is not supported; a policy is plain"
          + " YAML: remove the tag (write the value as text, a number, true/false, a list or a"
          + " mapping)");
    }
    values.put(pointer, position(node.getStartMark()));
    if (!(node instanceof ScalarNode)) {
      if (!enclosing.add(node)) {
        throw new UsageException(position(node.getStartMark()) + ": " + display(pointer)
            + ": recursive alias: the block anchored here contains an alias (*name) to itself;"
            + " a value cannot contain itself: copy the part you need instead");
      }
      try {
        return convertCollection(node, pointer);
      } finally {
        enclosing.remove(node);
      }
    }
    return convertScalar((ScalarNode) node);
  }

  private JsonNode convertCollection(Node node, String pointer) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (node instanceof MappingNode map) {
      ObjectNode obj = f.objectNode();
      for (NodeTuple t : map.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode keyNode)) {
          throw new UsageException(
              position(t.getKeyNode().getStartMark()) + ": keys must be plain strings");
        }
        String key = keyNode.getValue();
        String child = pointer + "/" + escape(key);
        if (obj.has(key)) {
          throw new UsageException(
              position(keyNode.getStartMark()) + ": " + display(child)
                  + ": duplicate key (first at line " + keys.get(child).line()
                  + "); remove one of them");
        }
        keys.put(child, position(keyNode.getStartMark()));
        obj.set(key, convert(t.getValueNode(), child));
      }
      return obj;
    }
    if (node instanceof SequenceNode seq) {
      ArrayNode arr = f.arrayNode();
      int i = 0;
      for (Node item : seq.getValue()) {
        arr.add(convert(item, pointer + "/" + i++));
      }
      return arr;
    }
    throw new IllegalStateException("a YAML node is a mapping, a sequence or a scalar: " + node);
  }

  private static JsonNode convertScalar(ScalarNode scalar) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    String v = scalar.getValue();
    Tag tag = scalar.getTag();
    if (scalar.isPlain() || !Tag.STR.equals(tag)) {
      if (Tag.NULL.equals(tag)) {
        return f.nullNode();
      }
      if (Tag.BOOL.equals(tag) && (v.equals("true") || v.equals("false"))) {
        return f.booleanNode(Boolean.parseBoolean(v));
      }
      if (Tag.INT.equals(tag) && v.matches("[-+]?[0-9]+")) {
        BigInteger big = new BigInteger(v);
        return big.bitLength() < 63 ? f.numberNode(big.longValue()) : f.numberNode(big);
      }
      if (Tag.FLOAT.equals(tag) && v.matches("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
        return f.numberNode(Double.parseDouble(v));
      }
    }
    return f.textNode(v);
  }

  private Position position(Mark mark) {
    return new Position(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  /** A JSON pointer shown the way people read paths: {@code targets[0].url}. */
  public static String display(String pointer) {
    if (pointer.isEmpty()) {
      return "(top level)";
    }
    StringBuilder sb = new StringBuilder();
    for (String raw : pointer.substring(1).split("/", -1)) {
      String part = raw.replace("~1", "/").replace("~0", "~");
      if (part.matches("[0-9]+")) {
        sb.append('[').append(part).append(']');
      } else if (part.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(part);
      } else {
        sb.append("[\"").append(part).append("\"]");
      }
    }
    return sb.toString();
  }

  public String file() {
    return file;
  }

  public JsonNode root() {
    return root;
  }

  /**
   * Where the value at {@code pointer} stands; when the exact pointer has no position (a value that
   * came from a preset, or a field that is missing), the nearest enclosing one.
   */
  public Position positionOf(String pointer) {
    String p = pointer;
    while (true) {
      Position pos = values.get(p);
      if (pos != null) {
        return pos;
      }
      if (p.isEmpty()) {
        return new Position(file, 1, 1);
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }

  /** Where the key of the entry at {@code pointer} stands, for "unknown key" messages. */
  public Position keyPositionOf(String pointer) {
    Position pos = keys.get(pointer);
    return pos != null ? pos : positionOf(pointer);
  }

  public boolean has(String pointer) {
    return values.containsKey(pointer);
  }

  /** One entry of a mapping, with the JSON Pointer it stands at. */
  public interface Field {
    void accept(String pointer, String key, JsonNode value);
  }

  /**
   * Every mapping entry of the file, depth first in file order: for the notes that read the file
   * as written (bare seconds, literal credentials).
   */
  public void eachField(Field visit) {
    eachField(root, "", visit);
  }

  private static void eachField(JsonNode node, String at, Field visit) {
    if (node == null) {
      return;
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        eachField(node.get(i), at + "/" + i, visit);
      }
      return;
    }
    java.util.Iterator<java.util.Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      java.util.Map.Entry<String, JsonNode> e = fields.next();
      String pointer = at + "/" + escape(e.getKey());
      visit.accept(pointer, e.getKey(), e.getValue());
      eachField(e.getValue(), pointer, visit);
    }
  }
}
