package com.tickstock.console.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientMessagesTest {

    /** The message's fields as a JSON parser sees them: proves the output is valid JSON. */
    private static Map<String, String> fields(String json) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        try (JsonParser parser = new JsonFactory().createParser(json)) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            String name;
            while ((name = parser.nextFieldName()) != null) {
                assertThat(parser.nextToken()).isEqualTo(JsonToken.VALUE_STRING);
                fields.put(name, parser.getText());
            }
            assertThat(parser.nextToken()).isNull();
        }
        return fields;
    }

    @Test
    void authCarriesTheKeyAsParams() {
        assertThat(ClientMessages.auth("KEY")).isEqualTo("{\"action\":\"auth\",\"params\":\"KEY\"}");
    }

    @Test
    void authEscapesAKeyWithJsonSpecialCharacters() throws IOException {
        String key = "a\"b\\c\nd\u0001é/";
        String json = ClientMessages.auth(key);
        assertThat(json).contains("a\\\"b\\\\c\\nd\\u0001");
        assertThat(fields(json)).containsExactly(Map.entry("action", "auth"), Map.entry("params", key));
    }

    @Test
    void aMissingKeyIsRejectedWithoutEchoingIt() {
        assertThatThrownBy(() -> ClientMessages.auth(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientMessages.auth(" \t")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the API key is missing or blank");
    }

    @Test
    void subscribeJoinsTopicsWithCommasInOrder() {
        assertThat(ClientMessages.subscribe(List.of(Topic.parse("T.AAPL"), Topic.parse("Q.MSFT"))))
                .isEqualTo("{\"action\":\"subscribe\",\"params\":\"T.AAPL,Q.MSFT\"}");
    }

    @Test
    void unsubscribeUsesItsOwnAction() {
        assertThat(ClientMessages.unsubscribe(List.of(Topic.of(EventType.TRADE, "msft"))))
                .isEqualTo("{\"action\":\"unsubscribe\",\"params\":\"T.MSFT\"}");
    }

    @Test
    void theWildcardAndEveryPrefixAreWrittenAsOnTheWire() {
        assertThat(ClientMessages.params(List.of(Topic.of(EventType.TRADE, Topic.WILDCARD),
                Topic.of(EventType.MINUTE_BAR, "NVDA"), Topic.of(EventType.SECOND_BAR, "SPY"),
                Topic.of(EventType.LULD, "*"), Topic.of(EventType.IMBALANCE, "X"), Topic.of(EventType.FAIR_MARKET_VALUE, "Y"))))
                .isEqualTo("T.*,AM.NVDA,A.SPY,LULD.*,NOI.X,FMV.Y");
        assertThat(ClientMessages.subscribe(List.of(Topic.parse("T.*"))))
                .isEqualTo("{\"action\":\"subscribe\",\"params\":\"T.*\"}");
    }

    @Test
    void duplicateTopicsAreSentOnce() {
        assertThat(ClientMessages.params(List.of(Topic.parse("T.A"), Topic.parse("Q.A"), Topic.parse("t.a".toUpperCase(Locale.ROOT)))))
                .isEqualTo("T.A,Q.A");
    }

    @Test
    void tickersWithJsonSpecialCharactersAreEscaped() throws IOException {
        Topic odd = Topic.of(EventType.TRADE, "A\"B\\C");
        String json = ClientMessages.subscribe(List.of(odd));
        assertThat(json).isEqualTo("{\"action\":\"subscribe\",\"params\":\"T.A\\\"B\\\\C\"}");
        assertThat(fields(json).get("params")).isEqualTo("T.A\"B\\C");
    }

    @Test
    void anEmptyOrNullTopicListIsRejected() {
        assertThatThrownBy(() -> ClientMessages.subscribe(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientMessages.unsubscribe(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientMessages.subscribe(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientMessages.subscribe(Arrays.asList(Topic.parse("T.A"), null)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
