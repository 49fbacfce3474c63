package com.tickstock.console.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpRequestHeadTest {

    private static HttpRequestHead parse(String head) throws HttpRequestHead.Malformed {
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        int end = HttpRequestHead.headEnd(bytes, 0, bytes.length);
        assertThat(end).as("complete head").isEqualTo(bytes.length);
        return HttpRequestHead.parse(bytes, end);
    }

    @Test
    void readsMethodPathHeadersAndTheAnnouncedBody() throws Exception {
        HttpRequestHead h = parse("POST /metrics?x=1 HTTP/1.1\r\nHost: 127.0.0.1:9\r\nCONTENT-LENGTH:  300000000 \r\n\r\n");
        assertThat(h.method()).isEqualTo("POST");
        assertThat(h.path()).isEqualTo("/metrics");
        assertThat(h.header("host")).isEqualTo("127.0.0.1:9");
        assertThat(h.bodyLength()).isEqualTo(300_000_000L);
        assertThat(parse("GET http://127.0.0.1:9/api/health/live HTTP/1.0\r\n\r\n").path())
                .isEqualTo("/api/health/live");
        assertThat(parse("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").bodyLength()).isEqualTo(Long.MAX_VALUE);
        assertThat(parse("GET / HTTP/1.1\r\n\r\n").bodyLength()).isZero();
    }

    @Test
    void anIncompleteHeadHasNoEnd() {
        byte[] half = "GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(HttpRequestHead.headEnd(half, 0, half.length)).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /\r\n\r\n", "GET / HTTP/2\r\n\r\n", "GET nopath HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1\r\nno colon\r\n\r\n", "GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
            "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "GET / HTTP/1.1\r\nHost : a\r\n\r\n"})
    void malformedHeadsAreRefused(String head) {
        assertThatThrownBy(() -> parse(head)).isInstanceOf(HttpRequestHead.Malformed.class);
    }
}
