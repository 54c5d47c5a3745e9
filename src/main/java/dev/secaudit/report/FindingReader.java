package dev.secaudit.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.json.DupDetector;
import com.fasterxml.jackson.core.json.JsonReadContext;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one finding of a scan.json from the stream, field by field, into {@link Finding}'s
 * constructor. Reading each finding into a JSON tree and binding the tree was most of the time
 * of reading a fleet's scan (docs/benchmarks.md, "Reports at scale"); here no tree is built.
 *
 * <p>The fields are Finding's own, named as Jackson names them, so a field added to Finding is
 * read as well: the kinds of value every finding has (texts, its time, lists of texts, mappings,
 * the line number, status and severity) are read here, any other (a waiver, a location, what
 * later versions add) is bound by Jackson. A value of a kind these fields do not expect (a number
 * where a text belongs…) is bound by Jackson too, so a hand-edited file gets the coercions and
 * messages it always got. The fields every finding must have are checked as {@link ScanReader}
 * checks the rest of the file: a missing or mistyped one is named, e.g. {@code
 * findings[3].status}.
 */
final class FindingReader {
  /** How a field's value is read. */
  private enum Kind { TEXT, TIME, STATUS, SEVERITY, NUMBER, TEXTS, MAPPINGS, OTHER }

  /**
   * One of Finding's fields: where its value goes in the constructor and how it is read.
   * {@code whenNull} is what Jackson makes of a null there (null for a record or an enum), read
   * once: binding each of a fleet's "waiver": null made a deserialization context each time.
   */
  private record Field(String name, int index, Kind kind, ObjectReader jackson, Object whenNull,
      SerializableString serialized) {}

  /** What a finding secaudit writes always has, checked in this order. */
  private static final List<String> REQUIRED =
      List.of("check_id", "target", "title", "time", "status", "severity");

  private final ScanRefusals refusals;
  private final Map<String, Field> fields = new HashMap<>();
  // The field that followed each field (by its index) in the last finding, the first field last.
  private final Field[] follows;
  private final Field[] required;
  // Where status and severity go in the constructor.
  private final int status;
  private final int severity;
  private final Constructor<Finding> creator;
  private final Object[] defaults;
  private final TextPool texts;
  private final Map<String, Mapping> mappings;
  // Findings of one check share their mappings, findings of one target often their evidence:
  // each list kept once, as Finding keeps it (it copies only a list that can change).
  private final Map<List<Mapping>, List<Mapping>> mappingLists = new HashMap<>();
  private final Map<List<String>, List<String>> lists = new HashMap<>();
  private final ObjectReader mapping;
  private final ObjectReader text;
  // A fleet's findings repeat their typed values (what was checked, expected and observed):
  // each distinct one bound once, by its field and its tokens as read.
  private final TypedValues values;
  // The list being read, looked up among the kept ones before a copy of it is made.
  private final List<String> textList = new ArrayList<>();
  private final List<Mapping> mappingList = new ArrayList<>();

  /**
   * @param json the mapper the rest of the file is bound with (it keeps repeated texts once)
   * @param texts the texts kept once so far, shared with {@code json}
   * @param mappings the mappings kept once so far, shared with {@code json}
   */
  FindingReader(ScanRefusals refusals, ObjectMapper json, TextPool texts,
      Map<String, Mapping> mappings) {
    this.refusals = refusals;
    this.texts = texts;
    this.mappings = mappings;
    this.mapping = json.readerFor(Mapping.class);
    this.text = json.readerFor(String.class);
    this.values = new TypedValues(texts);
    RecordComponent[] components = Finding.class.getRecordComponents();
    Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType)
        .toArray(Class<?>[]::new);
    try {
      creator = Finding.class.getDeclaredConstructor(types);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("a record has its canonical constructor", e);
    }
    defaults = new Object[components.length];
    BeanDescription bean = json.getDeserializationConfig().introspect(
        json.constructType(Finding.class));
    for (BeanPropertyDefinition p : bean.findProperties()) {
      AnnotatedParameter parameter = p.getConstructorParameter();
      if (parameter != null) {
        JavaType type = parameter.getType();
        ObjectReader jackson = json.readerFor(type);
        fields.put(p.getName(), new Field(p.getName(), parameter.getIndex(), kindOf(type),
            jackson, type.isPrimitive() ? null : nullOf(jackson),
            new SerializedString(p.getName())));
        if (type.isPrimitive()) {
          // What Jackson gives a number the file leaves out: 0 (false for a boolean).
          defaults[parameter.getIndex()] = Array.get(Array.newInstance(type.getRawClass(), 1), 0);
        }
      }
    }
    if (components.length > Long.SIZE) {
      throw new IllegalStateException("a finding's names are checked by a bit each: at most 64");
    }
    if (fields.size() != components.length) {
      throw new IllegalStateException("Finding's fields as Jackson names them: " + fields.keySet());
    }
    required = REQUIRED.stream().map(fields::get).toArray(Field[]::new);
    follows = new Field[components.length + 1];
    status = fields.get("status").index;
    severity = fields.get("severity").index;
  }

  private static Object nullOf(ObjectReader jackson) {
    try {
      return jackson.readValue("null");
    } catch (IOException e) {
      throw new IllegalStateException("Jackson reads a null of every field of Finding", e);
    }
  }

  private static Kind kindOf(JavaType type) {
    Class<?> raw = type.getRawClass();
    if (raw == String.class) {
      return Kind.TEXT;
    } else if (raw == Instant.class) {
      return Kind.TIME;
    } else if (raw == Status.class) {
      return Kind.STATUS;
    } else if (raw == Severity.class) {
      return Kind.SEVERITY;
    } else if (raw == int.class) {
      return Kind.NUMBER;
    } else if (raw == List.class && type.getContentType().getRawClass() == String.class) {
      return Kind.TEXTS;
    } else if (raw == List.class && type.getContentType().getRawClass() == Mapping.class) {
      return Kind.MAPPINGS;
    }
    return Kind.OTHER;
  }

  /**
   * The finding whose START_OBJECT the parser is at; the parser is left at its END_OBJECT.
   *
   * @param index the finding's place in the list, for messages ("findings[3]")
   */
  Finding read(JsonParser p, int index) throws IOException {
    // A field twice is refused as the parser refuses it (ScanReader asks it to), but the
    // finding's own names are checked here, by a bit for each of Finding's fields: the parser
    // checks a third name and later ones in a set made for each object, which for a fleet's
    // findings (some 20 names each) cost 8-11 % of the CPU of reading them. What a field holds
    // (objects, lists) is still checked by the parser, as it would have been.
    JsonReadContext context = p.getParsingContext() instanceof JsonReadContext c ? c : null;
    DupDetector dups = context == null ? null : context.getDupDetector();
    if (dups == null) {
      return read(p, index, null);
    }
    context.withDupDetector(null);
    try {
      return read(p, index, dups);
    } finally {
      // The parser makes the next object of the list (and of later lists) in this same context:
      // it gets its check back.
      context.withDupDetector(dups);
    }
  }

  /** As above; {@code dups}: the check the finding's names would have had, or null for none. */
  private Finding read(JsonParser p, int index, DupDetector dups) throws IOException {
    Object[] args = defaults.clone();
    // A required field's value of the wrong kind, named when the finding has been read.
    JsonToken[] wrong = null;
    int before = follows.length - 1;
    long seen = 0;
    List<String> others = null;
    while (true) {
      // secaudit writes every finding's fields in one order: the field that came next last time
      // is matched on the parser's bytes, with no lookup of the name.
      Field field = follows[before];
      if (field == null || !p.nextFieldName(field.serialized)) {
        if (field == null && p.nextToken() != JsonToken.FIELD_NAME
            || field != null && p.currentToken() != JsonToken.FIELD_NAME) {
          break;
        }
        field = fields.get(p.currentName());
      }
      if (dups != null) {
        if (field != null) {
          if ((seen & 1L << field.index) != 0) {
            throw twice(p, field.name);
          }
          seen |= 1L << field.index;
        } else {
          others = others == null ? new ArrayList<>(2) : others;
          if (others.contains(p.currentName())) {
            throw twice(p, p.currentName());
          }
          others.add(p.currentName());
        }
      }
      JsonToken token = p.nextToken();
      if (dups != null && (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)) {
        // The parser made this value's context without a check: given the one it would have had.
        ((JsonReadContext) p.getParsingContext()).withDupDetector(dups.child());
      }
      if (field == null) {
        p.skipChildren();
        before = follows.length - 1;
        continue;
      }
      follows[before] = field;
      before = field.index;
      try {
        args[field.index] = switch (field.kind) {
          case TEXT -> token == JsonToken.VALUE_STRING ? texts.of(p)
              : token == JsonToken.VALUE_NULL || isRequired(field) ? null
              : text(field.jackson.readValue(p));
          case TIME -> token == JsonToken.VALUE_STRING ? time(p, field) : null;
          case STATUS, SEVERITY -> token == JsonToken.VALUE_STRING ? texts.of(p) : null;
          case NUMBER -> token == JsonToken.VALUE_NUMBER_INT && p.getNumberType()
              == JsonParser.NumberType.INT ? p.getIntValue() : field.jackson.readValue(p);
          case TEXTS -> token == JsonToken.START_ARRAY ? texts(p) : field.jackson.readValue(p);
          case MAPPINGS -> token == JsonToken.START_ARRAY ? mappings(p)
              : field.jackson.readValue(p);
          case OTHER -> token == JsonToken.START_OBJECT ? values.of(p, field.index, field.jackson)
              : token == JsonToken.VALUE_NULL ? field.whenNull : field.jackson.readValue(p);
        };
      } catch (JsonMappingException e) {
        e.prependPath(Finding.class, field.name);
        throw e;
      } catch (InputCoercionException e) {
        // A number too large for its field: named by the field, as any other refused value.
        throw JsonMappingException.wrapWithPath(e, Finding.class, field.name);
      }
      if (isRequired(field) && token != JsonToken.VALUE_STRING && token != JsonToken.VALUE_NULL) {
        wrong = wrong == null ? new JsonToken[args.length] : wrong;
        wrong[field.index] = token;
        p.skipChildren();
      }
    }
    for (Field field : required) {
      check(field, args[field.index], wrong == null ? null : wrong[field.index], index);
    }
    args[status] = STATUSES.get(args[status]);
    args[severity] = SEVERITIES.get(args[severity]);
    try {
      return creator.newInstance(args);
    } catch (InvocationTargetException e) {
      throw refusals.invalidFinding(at(index), e.getCause().getMessage());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Finding's constructor is public", e);
    }
  }

  /**
   * A finding's own field named twice, in the parser's words. Its place is where the parser stood
   * when the name was checked, a little past where the parser's own check would have placed it:
   * {@link ScanReader} finds that place by reading the file again.
   */
  static final class Twice extends JsonParseException {
    private static final long serialVersionUID = 1L;

    Twice(JsonParser p, String name) {
      super(p, "Duplicate field '" + name + "'");
    }
  }

  private static Twice twice(JsonParser p, String name) {
    return new Twice(p, name);
  }

  private boolean isRequired(Field field) {
    for (Field r : required) {
      if (r == field) {
        return true;
      }
    }
    return false;
  }

  /** The place of the finding at {@code index}, as messages name it: "findings[3]". */
  static String at(int index) {
    return "findings[" + index + "]";
  }

  // The path in a message is made only for a fault: a fleet's findings are read by the million.
  private void check(Field field, Object value, JsonToken wrongKind, int index) {
    if (wrongKind != null) {
      throw refusals.mistyped(at(index) + "." + field.name,
          field.kind == Kind.TIME ? "an ISO-8601 time" : "text", wrongKind);
    }
    if (value == null) {
      throw refusals.missing(at(index) + "." + field.name);
    }
    if (field.kind == Kind.STATUS && !STATUSES.containsKey(value)) {
      refusals.requireName((String) value, at(index) + "." + field.name, Status.class);
    } else if (field.kind == Kind.SEVERITY && !SEVERITIES.containsKey(value)) {
      refusals.requireName((String) value, at(index) + "." + field.name, Severity.class);
    }
  }

  private static final Map<Object, Status> STATUSES = byName(Status.values());
  private static final Map<Object, Severity> SEVERITIES = byName(Severity.values());

  private static <E extends Enum<E>> Map<Object, E> byName(E[] constants) {
    Map<Object, E> byName = new HashMap<>();
    for (E e : constants) {
      byName.put(e.name(), e);
    }
    return Map.copyOf(byName);
  }

  private String text(Object s) {
    return texts.of((String) s);
  }

  private List<String> texts(JsonParser p) throws IOException {
    List<String> list = textList;
    list.clear();
    JsonToken token;
    while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
      list.add(token == JsonToken.VALUE_STRING ? texts.of(p) : text(text.readValue(p)));
    }
    return list.contains(null) ? new ArrayList<>(list) : kept(lists, list);
  }

  private List<Mapping> mappings(JsonParser p) throws IOException {
    List<Mapping> list = mappingList;
    list.clear();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      Mapping known = p.currentToken() == JsonToken.VALUE_STRING
          ? mappings.get(texts.of(p)) : null;
      list.add(known != null ? known : mapping.readValue(p));
    }
    return kept(mappingLists, list);
  }

  /** The kept list equal to {@code list} (a list's equality is its elements'), or a new one. */
  private static <T> List<T> kept(Map<List<T>, List<T>> kept, List<T> list) {
    List<T> known = kept.get(list);
    if (known == null) {
      known = List.copyOf(list);
      if (kept.size() >= TextPool.GENERATION) {
        // Bounded as the texts are: one target's evidence lists are not met again.
        kept.clear();
      }
      kept.put(known, known);
    }
    return known;
  }

  // The findings of one target often share their time: each distinct one read once.
  private final KeptValues<String, Instant> times = new KeptValues<>(new HashMap<>());

  private Instant time(JsonParser p, Field field) throws IOException {
    Instant t = times.of(texts.of(p), FindingReader::utc);
    return t != null ? t : field.jackson.readValue(p);
  }

  /**
   * A time as secaudit writes it (2026-12-03T13:45:33.489Z: UTC, seconds, 0 to 9 digits of a
   * fraction), or null for any other form, which Jackson reads (or refuses) as it always did.
   */
  static Instant utc(String s) {
    int n = s.length();
    if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
        || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = digits(s, 17, 19);
    int nanos = 0;
    if (n > 20) {
      if (s.charAt(19) != '.' || n == 21) {
        return null;
      }
      int fraction = digits(s, 20, n - 1);
      if (fraction < 0) {
        return null;
      }
      nanos = fraction;
      for (int i = n - 1 - 20; i < 9; i++) {
        nanos *= 10;
      }
    }
    if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59
        || second < 0 || second > 59) {
      return null;
    }
    try {
      long days = LocalDate.of(year, month, day).toEpochDay();
      return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The number written in s from begin to end, or -1 when it is not all digits. */
  private static int digits(String s, int begin, int end) {
    int value = 0;
    for (int i = begin; i < end; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
