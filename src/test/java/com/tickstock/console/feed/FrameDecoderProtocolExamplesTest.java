package com.tickstock.console.feed;

import static com.tickstock.console.feed.RecordingHandler.decode;
import static com.tickstock.console.feed.RecordingHandler.single;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every example of the protocol reference, as the server sends it (inside an array). */
class FrameDecoderProtocolExamplesTest {

    static final String TRADE = "{\"ev\":\"T\",\"sym\":\"MSFT\",\"x\":4,\"i\":\"12345\",\"z\":3,\"p\":114.125,"
            + "\"s\":100,\"c\":[0,12],\"t\":1536036818784,\"q\":3681328}";
    static final String QUOTE = "{\"ev\":\"Q\",\"sym\":\"MSFT\",\"bx\":4,\"bp\":114.125,\"bs\":100,\"ax\":7,"
            + "\"ap\":114.128,\"as\":160,\"c\":0,\"i\":[604],\"t\":1536036818784,\"q\":50385480,\"z\":3}";
    static final String SECOND_BAR = "{\"ev\":\"A\",\"sym\":\"SPCE\",\"v\":200,\"av\":8642007,\"op\":25.66,"
            + "\"vw\":25.3981,\"o\":25.39,\"c\":25.39,\"h\":25.39,\"l\":25.39,\"a\":25.3714,\"z\":50,"
            + "\"s\":1610144868000,\"e\":1610144869000}";
    static final String LULD = "{\"ev\":\"LULD\",\"T\":\"MSFT\",\"h\":218.96,\"l\":198.11,\"i\":[21],\"z\":3,"
            + "\"t\":1601316752683746,\"q\":290317}";
    static final String NOI = "{\"ev\":\"NOI\",\"T\":\"NTEST.Q\",\"t\":1601318039223013600,\"at\":930,\"a\":\"M\","
            + "\"i\":44,\"x\":10,\"o\":480,\"p\":440,\"b\":25.03}";
    static final String FMV = "{\"ev\":\"FMV\",\"fmv\":189.22,\"sym\":\"AAPL\",\"t\":1678220098130}";
    static final String CONNECTED = "{\"ev\":\"status\",\"status\":\"connected\",\"message\":\"Connected Successfully\"}";
    static final String MAX_CONNECTIONS_TEXT = "Maximum number of websocket connections exceeded. You have reached "
            + "the connection limit for your account. Please contact support at https://massive.com/contact "
            + "to increase your plan limit.";

    @Test
    void tradeExampleDecodesEveryField() {
        assertThat(single("[" + TRADE + "]")).isEqualTo(new Trade("MSFT", 4, "12345", 3, 114.125, 100,
                List.of(0, 12), 1536036818784L, 3681328L, 0, 0L));
    }

    @Test
    void quoteExampleDecodesEveryField() {
        assertThat(single("[" + QUOTE + "]")).isEqualTo(new Quote("MSFT", 4, 114.125, 100, 7, 114.128, 160,
                0, List.of(604), 1536036818784L, 50385480L, 3));
    }

    @Test
    void secondBarExampleDecodesEveryField() {
        assertThat(single("[" + SECOND_BAR + "]")).isEqualTo(new Bar(EventType.SECOND_BAR, "SPCE", 200,
                8642007, 25.66, 25.3981, 25.39, 25.39, 25.39, 25.39, 25.3714, 50, 1610144868000L,
                1610144869000L, false));
    }

    @Test
    void minuteBarHasTheSameShapeAsTheSecondBar() {
        String minuteBar = SECOND_BAR.replace("\"ev\":\"A\"", "\"ev\":\"AM\"")
                .replace("25.39,\"h\"", "25.41,\"h\"");
        assertThat(single("[" + minuteBar + "]")).isEqualTo(new Bar(EventType.MINUTE_BAR, "SPCE", 200,
                8642007, 25.66, 25.3981, 25.39, 25.41, 25.39, 25.39, 25.3714, 50, 1610144868000L,
                1610144869000L, false));
    }

    @Test
    void luldTakesItsTickerFromCapitalT() {
        assertThat(single("[" + LULD + "]"))
                .isEqualTo(new OtherEvent(EventType.LULD, "MSFT", 1601316752683746L));
    }

    @Test
    void imbalanceTakesItsTickerFromCapitalTAndKeepsNanosecondTime() {
        assertThat(single("[" + NOI + "]"))
                .isEqualTo(new OtherEvent(EventType.IMBALANCE, "NTEST.Q", 1601318039223013600L));
    }

    @Test
    void fairMarketValueTakesItsTickerFromSym() {
        assertThat(single("[" + FMV + "]"))
                .isEqualTo(new OtherEvent(EventType.FAIR_MARKET_VALUE, "AAPL", 1678220098130L));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "connected        | Connected Successfully",
        "auth_success     | authenticated",
        "auth_failed      | authentication failed",
        "auth_timeout     | No authentication request received.",
        "success          | subscribed to: T.AAPL",
        "success          | unsubscribed to: T.MSFT",
        "error            | not authorized",
        "force_disconnect | Connection closed by the server",
        "slow_consumer    | Slow consumer, disconnecting",
    })
    void statusExamplesKeepStatusAndMessageVerbatim(String status, String message) {
        String frame = "[{\"ev\":\"status\",\"status\":\"" + status + "\",\"message\":\"" + message + "\"}]";
        assertThat(single(frame)).isEqualTo(new StatusMessage(status, message));
    }

    @Test
    void maxConnectionsStatusKeepsTheLongLiveText() {
        String frame = "[{\"ev\":\"status\",\"status\":\"max_connections\",\"message\":\"" + MAX_CONNECTIONS_TEXT + "\"}]";
        StatusMessage status = (StatusMessage) single(frame);
        assertThat(status.status()).isEqualTo("max_connections");
        assertThat(status.message()).isEqualTo(MAX_CONNECTIONS_TEXT);
        assertThat(status.symbol()).isEmpty();
        assertThat(status.type()).isEqualTo(EventType.STATUS);
    }

    @Test
    void statusAndDataEventsSharingAFrameArriveInFrameOrder() {
        String ack = "{\"ev\":\"status\",\"status\":\"success\",\"message\":\"subscribed to: T.AAPL\"}";
        RecordingHandler handler = decode("[" + CONNECTED + "," + TRADE + "," + ack + "," + QUOTE + ","
                + SECOND_BAR + "," + LULD + "," + NOI + "," + FMV + "]");
        assertThat(handler.errors).isEmpty();
        assertThat(handler.events).extracting(FeedEvent::type).containsExactly(EventType.STATUS,
                EventType.TRADE, EventType.STATUS, EventType.QUOTE, EventType.SECOND_BAR, EventType.LULD,
                EventType.IMBALANCE, EventType.FAIR_MARKET_VALUE);
        assertThat(handler.events).extracting(FeedEvent::symbol)
                .containsExactly("", "MSFT", "", "MSFT", "SPCE", "MSFT", "NTEST.Q", "AAPL");
    }

    @Test
    void aSingleObjectFrameIsOneEvent() {
        assertThat(single(TRADE)).isInstanceOf(Trade.class).extracting(FeedEvent::symbol).isEqualTo("MSFT");
        assertThat(single(CONNECTED)).isEqualTo(new StatusMessage("connected", "Connected Successfully"));
    }

    @Test
    void anEmptyArrayIsAFrameWithoutEvents() {
        assertThat(decode("[]").log).isEmpty();
        assertThat(decode(" [ ] \n").log).isEmpty();
    }
}
