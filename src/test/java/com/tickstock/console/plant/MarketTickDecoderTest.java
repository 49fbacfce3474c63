package com.tickstock.console.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tickstock.console.feed.Bar;
import com.tickstock.console.feed.FeedEvent;
import com.tickstock.console.feed.Quote;
import com.tickstock.console.feed.Trade;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The republisher's market_tick messages read back, one per message or a batch array, as an attached console does. */
class MarketTickDecoderTest {

    private static final String TRADE = "{\"type\":\"market_tick\",\"symbol\":\"AAPL\",\"price\":187.12,\"volume\":100,"
            + "\"timestamp\":1705853696.123,\"source\":\"massive\",\"event_type\":\"T\",\"connection_id\":\"connection_1\"}";
    private static final String QUOTE = "{\"type\":\"market_tick\",\"symbol\":\"MSFT\",\"price\":400.5,\"volume\":0,"
            + "\"timestamp\":1705853696.5,\"source\":\"massive\",\"event_type\":\"Q\",\"connection_id\":\"connection_2\","
            + "\"bid\":400.4,\"ask\":400.6,\"bid_size\":3,\"ask_size\":4}";
    private static final String BAR = "{\"type\":\"market_tick\",\"symbol\":\"JPM\",\"price\":150.0,\"volume\":1200,"
            + "\"timestamp\":1705853760,\"source\":\"massive\",\"event_type\":\"AM\",\"connection_id\":\"connection_1\","
            + "\"open\":149.0,\"high\":151.0,\"low\":148.5,\"close\":150.0,\"vwap\":149.9,\"day_vwap\":149.0,"
            + "\"window_start\":1705853700}";

    @Test
    void eachKindOfTickComesBackWithItsConnection() {
        List<String> connections = new ArrayList<>();
        List<FeedEvent> events = new ArrayList<>();
        for (String message : List.of(TRADE, QUOTE, BAR)) {
            MarketTickDecoder.decode(message, (c, e) -> {
                connections.add(c);
                events.add(e);
            });
        }
        assertThat(connections).containsExactly("connection_1", "connection_2", "connection_1");
        assertThat(events.get(0)).isInstanceOfSatisfying(Trade.class, t -> {
            assertThat(t.symbol()).isEqualTo("AAPL");
            assertThat(t.price()).isEqualTo(187.12);
            assertThat(t.size()).isEqualTo(100);
            assertThat(t.sipTimestamp()).isEqualTo(1705853696123L);
        });
        assertThat(events.get(1)).isInstanceOfSatisfying(Quote.class, q -> {
            assertThat(q.bidPrice()).isEqualTo(400.4);
            assertThat(q.askPrice()).isEqualTo(400.6);
        });
        assertThat(events.get(2)).isInstanceOfSatisfying(Bar.class, b -> {
            assertThat(b.close()).isEqualTo(150.0);
            assertThat(b.volume()).isEqualTo(1200);
            assertThat(b.endTimestamp()).isEqualTo(1705853760000L);
        });
    }

    @Test
    void aBatchIsAnArrayOfTicks() {
        assertThat(MarketTickDecoder.decodeAll("[" + TRADE + "," + QUOTE + "]")).hasSize(2);
    }

    @Test
    void somethingElseOnTheChannelIsRefusedInWords() {
        assertThatThrownBy(() -> MarketTickDecoder.decodeAll("hello")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> MarketTickDecoder.decodeAll("{\"price\":1}")).hasMessageContaining("without a symbol");
    }
}
