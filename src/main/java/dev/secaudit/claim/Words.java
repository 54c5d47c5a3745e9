package dev.secaudit.claim;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.KeywordRepeatFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.KeywordAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * A sentence cut into words by Lucene: Unicode word breaks (so "1.2", "security.txt" and "don't"
 * stay whole), accents folded, lower case, and each word's Porter stem beside the word itself, so
 * "encrypted", "encryption" and "encrypts" meet as "encrypt" while numbers and units are read from
 * the words as written.
 */
public final class Words {
  private Words() {}

  /**
   * @param text the word as written, lower case, accents folded
   * @param stem its Porter stem
   * @param start offset of its first character in the sentence
   * @param end offset after its last character
   */
  public record Word(String text, String stem, int start, int end) {}

  /**
   * Words the stemmer would fold into other words: "https" is not "http", and "information" is
   * no "informed" (a blind review: "we only collect the essential information" was read as
   * incident notification), and "IDS" (intrusion detection) is no "ID" ("scoped by workspace
   * ID" was read as monitoring), and "hosts" (the machines asked of, "on all hosts") is no
   * "hosted".
   */
  private static final java.util.Set<String> UNSTEMMED = java.util.Set.of("https", "sso", "saml",
      "aes", "pii", "tls", "ssl", "sas", "information", "ids", "hosts");

  public static List<Word> of(String sentence) {
    List<Word> out = new ArrayList<>();
    StandardTokenizer tokenizer = new StandardTokenizer();
    tokenizer.setReader(new StringReader(sentence == null ? "" : sentence));
    // KeywordRepeat emits each word twice: once kept as written, once for the stemmer.
    try (TokenStream stream = new PorterStemFilter(new KeywordRepeatFilter(
        new LowerCaseFilter(new ASCIIFoldingFilter(tokenizer))))) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      KeywordAttribute keyword = stream.addAttribute(KeywordAttribute.class);
      OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
      stream.reset();
      String written = null;
      while (stream.incrementToken()) {
        if (keyword.isKeyword()) {
          written = term.toString();
          continue;
        }
        String stem = UNSTEMMED.contains(written) ? written : term.toString();
        out.add(new Word(written == null ? stem : written, stem, offset.startOffset(),
            offset.endOffset()));
        written = null;
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException("reading a sentence from memory", e);
    }
    return out;
  }

  /** The stems of a phrase, as cue phrases in the vocabulary are compared with sentences. */
  public static List<String> stems(String phrase) {
    return of(phrase.toLowerCase(Locale.ROOT)).stream().map(Word::stem).toList();
  }

  /**
   * "hosted in the US": written in capitals it names a country, not "us", and is left unread
   * so the question goes to a person rather than being answered as "hosted in" alone.
   */
  static boolean countryCode(String text, Word w) {
    return text.substring(w.start(), w.end()).equals("US");
  }
}
