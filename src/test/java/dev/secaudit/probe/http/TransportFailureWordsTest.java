package dev.secaudit.probe.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/** The JDK's timeout messages are said as the setting a user can raise. */
class TransportFailureWordsTest {

  private static final String URL = "https://127.0.0.1:1/";

  @Test
  void aConnectTimeoutNamesTheConnectSetting() {
    assertThat(TransportFailure.describe(new SocketTimeoutException("Connect timed out"), URL))
        .isEqualTo("timed out: no connection within the connect timeout"
            + " (settings.timeouts.connect)");
  }

  @Test
  void aReadTimeoutNamesTheReadSetting() {
    for (String jdk : new String[] {"Read timed out", "", "read timed out"}) {
      assertThat(TransportFailure.describe(new SocketTimeoutException(jdk), URL))
          .isEqualTo("timed out: no data within the read timeout (settings.timeouts.read)");
    }
  }

  @Test
  void anyOtherTimeoutKeepsItsWordsPrintable() {
    assertThat(TransportFailure.describe(new SocketTimeoutException("total\u001b[2J"), URL))
        .startsWith("timed out (total").doesNotContain("\u001b");
  }
}
