package com.tickstock.console.feed;

import static com.tickstock.console.feed.RecordingHandler.decode;
import static com.tickstock.console.feed.RecordingHandler.single;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Optional fields, number forms, field order, unknown fields and unknown event types. */
class FrameDecoderFieldHandlingTest {

    @Test
    void tradeWithOnlyRequiredFieldsGetsDocumentedDefaults() {
        assertThat(single("[{\"ev\":\"T\",\"sym\":\"AAPL\",\"p\":1.5,\"s\":10,\"t\":5}]"))
                .isEqualTo(new Trade("AAPL", 0, "", 0, 1.5, 10, List.of(), 5, 0, 0, 0));
    }

    @Test
    void tradeReportingFacilityFieldsAreDecodedAndDecimalSizeIsIgnored() {
        Trade trade = (Trade) single("[{\"ev\":\"T\",\"sym\":\"AAPL\",\"p\":1.5,\"s\":10,\"t\":5,"
                + "\"trfi\":202,\"trft\":1536036818000,\"ds\":\"10.25\"}]");
        assertThat(trade.trfId()).isEqualTo(202);
        assertThat(trade.trfTimestamp()).isEqualTo(1536036818000L);
        assertThat(trade.size()).isEqualTo(10);
    }

    @Test
    void quoteWithOnlyRequiredFieldsGetsDocumentedDefaults() {
        assertThat(single("[{\"ev\":\"Q\",\"sym\":\"X\",\"bp\":1.25,\"ap\":1.5,\"t\":3}]"))
                .isEqualTo(new Quote("X", 0, 1.25, 0, 0, 1.5, 0, 0, List.of(), 3, 0, 0));
    }

    @Test
    void barWithoutOptionalFieldsGetsZerosAndOtcFalse() {
        assertThat(single("[{\"ev\":\"AM\",\"sym\":\"X\",\"v\":7,\"o\":1,\"c\":2,\"h\":3,\"l\":0.5,"
                + "\"s\":60000,\"e\":120000}]"))
                .isEqualTo(new Bar(EventType.MINUTE_BAR, "X", 7, 0, 0, 0, 1, 2, 3, 0.5, 0, 0, 60000, 120000, false));
    }

    @Test
    void barOtcFlagIsReadWhenSent() {
        Bar bar = (Bar) single("[{\"ev\":\"A\",\"sym\":\"X\",\"v\":7,\"o\":1,\"c\":2,\"h\":3,\"l\":0.5,"
                + "\"s\":1000,\"e\":2000,\"otc\":true}]");
        assertThat(bar.otc()).isTrue();
    }

    @Test
    void statusWithoutFieldsHasEmptyStatusAndMessage() {
        assertThat(single("{\"ev\":\"status\"}")).isEqualTo(new StatusMessage("", ""));
    }

    @Test
    void otherEventsWithoutTimeHaveTimestampZero() {
        assertThat(single("{\"ev\":\"LULD\",\"T\":\"X\"}")).isEqualTo(new OtherEvent(EventType.LULD, "X", 0));
        assertThat(single("{\"ev\":\"FMV\",\"sym\":\"X\"}"))
                .isEqualTo(new OtherEvent(EventType.FAIR_MARKET_VALUE, "X", 0));
    }

    @Test
    void nullCountsAsAbsentForOptionalFields() {
        assertThat(single("[{\"ev\":\"T\",\"sym\":\"A\",\"p\":1.5,\"s\":10,\"t\":5,\"c\":null,\"i\":null,"
                + "\"z\":null,\"q\":null}]")).isEqualTo(new Trade("A", 0, "", 0, 1.5, 10, List.of(), 5, 0, 0, 0));
    }

    @Test
    void integersAreAcceptedWhereFloatsAreExpected() {
        Trade trade = (Trade) single("[{\"ev\":\"T\",\"sym\":\"A\",\"p\":114,\"s\":100,\"t\":5}]");
        assertThat(trade.price()).isEqualTo(114.0);
        Quote quote = (Quote) single("[{\"ev\":\"Q\",\"sym\":\"A\",\"bp\":114,\"ap\":115,\"t\":5}]");
        assertThat(quote.bidPrice()).isEqualTo(114.0);
        assertThat(quote.askPrice()).isEqualTo(115.0);
        Bar bar = (Bar) single("[{\"ev\":\"A\",\"sym\":\"A\",\"v\":1,\"o\":25,\"c\":26,\"h\":27,\"l\":24,"
                + "\"vw\":25,\"op\":24,\"a\":25,\"s\":1000,\"e\":2000}]");
        assertThat(List.of(bar.open(), bar.close(), bar.high(), bar.low(), bar.vwap(), bar.officialOpen(), bar.dayVwap()))
                .containsExactly(25.0, 26.0, 27.0, 24.0, 25.0, 24.0, 25.0);
    }

    @Test
    void integralFloatsAreAcceptedWhereIntegersAreExpected() {
        Trade trade = (Trade) single("[{\"ev\":\"T\",\"sym\":\"A\",\"x\":4.0,\"z\":3.0,\"p\":1.5,\"s\":100.0,"
                + "\"t\":1.536036818784E12,\"q\":7.0,\"c\":[0.0,12.0]}]");
        assertThat(trade).isEqualTo(new Trade("A", 4, "", 3, 1.5, 100, List.of(0, 12), 1536036818784L, 7, 0, 0));
        Quote quote = (Quote) single("[{\"ev\":\"Q\",\"sym\":\"A\",\"bp\":1,\"bs\":100.0,\"ap\":2,\"as\":5e1,\"t\":5}]");
        assertThat(quote.bidSize()).isEqualTo(100);
        assertThat(quote.askSize()).isEqualTo(50);
        Bar bar = (Bar) single("[{\"ev\":\"A\",\"sym\":\"A\",\"v\":200.0,\"av\":8642007.0,\"o\":1,\"c\":1,\"h\":1,"
                + "\"l\":1,\"z\":50.0,\"s\":1610144868000.0,\"e\":1610144869000.0}]");
        assertThat(bar.volume()).isEqualTo(200);
        assertThat(bar.dayVolume()).isEqualTo(8642007);
        assertThat(bar.averageSize()).isEqualTo(50);
        assertThat(bar.startTimestamp()).isEqualTo(1610144868000L);
    }

    @Test
    void aFractionInAnIntegralFieldIsTruncatedTowardZero() {
        assertThat(((Trade) single("{\"ev\":\"T\",\"sym\":\"A\",\"p\":1,\"s\":100.7,\"t\":5}")).size()).isEqualTo(100);
    }

    @Test
    void aNumericTradeIdIsTakenAsItsText() {
        assertThat(((Trade) single("{\"ev\":\"T\",\"sym\":\"A\",\"i\":12345,\"p\":1,\"s\":1,\"t\":5}")).tradeId())
                .isEqualTo("12345");
    }

    @Test
    void fieldsMayComeInAnyOrderIncludingEvLast() {
        assertThat(single("{\"c\":[1],\"i\":\"77\",\"sym\":\"MSFT\",\"p\":1.5,\"s\":2,\"t\":3,\"ev\":\"T\"}"))
                .isEqualTo(new Trade("MSFT", 0, "77", 0, 1.5, 2, List.of(1), 3, 0, 0, 0));
        assertThat(single("{\"message\":\"authenticated\",\"status\":\"auth_success\",\"ev\":\"status\"}"))
                .isEqualTo(new StatusMessage("auth_success", "authenticated"));
        assertThat(single("{\"i\":[604],\"c\":1,\"sym\":\"Q1\",\"bp\":1,\"ap\":2,\"t\":3,\"ev\":\"Q\"}"))
                .isEqualTo(new Quote("Q1", 0, 1, 0, 0, 2, 0, 1, List.of(604), 3, 0, 0));
    }

    @Test
    void unknownFieldsAreSkippedEvenWhenNestedWithKnownNamesInside() {
        String frame = "[{\"ev\":\"T\",\"sym\":\"A\",\"extra\":{\"ev\":\"Q\",\"sym\":\"ZZZ\",\"p\":\"bad\","
                + "\"c\":[{\"x\":1}]},\"more\":[[1,2],{\"p\":5},\"s\",null,true],\"flag\":false,\"nothing\":null,"
                + "\"text\":\"t\",\"p\":1.0,\"s\":1,\"t\":1,\"deep\":[[[[[[[[[[{\"a\":[{}]}]]]]]]]]]]}]";
        assertThat(single(frame)).isEqualTo(new Trade("A", 0, "", 0, 1.0, 1, List.of(), 1, 0, 0, 0));
    }

    @Test
    void fieldsOfOtherEventTypesAreIgnoredWhateverTheirType() {
        // "a" is a string in NOI and a price in bars; "i" an int in NOI and a list in quotes.
        assertThat(single("{\"ev\":\"NOI\",\"T\":\"X\",\"a\":\"O\",\"i\":44,\"c\":\"x\",\"p\":[1]}"))
                .isEqualTo(new OtherEvent(EventType.IMBALANCE, "X", 0));
        assertThat(single("{\"ev\":\"T\",\"sym\":\"X\",\"p\":1,\"s\":1,\"t\":1,\"a\":\"str\",\"bp\":\"str\",\"v\":[1]}"))
                .isInstanceOf(Trade.class);
    }

    @Test
    void longerIntArraysAreKeptInOrder() {
        Quote quote = (Quote) single("{\"ev\":\"Q\",\"sym\":\"X\",\"bp\":1,\"ap\":2,\"t\":3,\"i\":[5,4,3,2,1,0,-1]}");
        assertThat(quote.indicators()).containsExactly(5, 4, 3, 2, 1, 0, -1);
    }

    @Test
    void anIntArrayOfSixtyFourElementsIsTheLongestAccepted() {
        String sixtyFour = "[" + "1,".repeat(63) + "1]";
        Trade trade = (Trade) single("{\"ev\":\"T\",\"sym\":\"X\",\"p\":1,\"s\":1,\"t\":1,\"c\":" + sixtyFour + "}");
        assertThat(trade.conditions()).hasSize(64);
        DecodeError error = RecordingHandler.singleError(
                "{\"ev\":\"T\",\"sym\":\"X\",\"p\":1,\"s\":1,\"t\":1,\"c\":[" + "1,".repeat(64) + "1]}");
        assertThat(error.reason()).isEqualTo("field 'c' in T event has more than 64 elements");
    }

    @Test
    void unknownEventTypesAreReportedAndSkippedWhileNeighboursDecode() {
        RecordingHandler handler = decode("[" + FrameDecoderProtocolExamplesTest.TRADE
                + ",{\"ev\":\"XQ\",\"sym\":\"A\",\"nested\":[1,{\"ev\":\"T\",\"p\":[2]}],\"p\":\"x\"}"
                + ",{\"ev\":\"t\"},{\"ev\":\"\"}," + FrameDecoderProtocolExamplesTest.QUOTE + "]");
        assertThat(handler.errors).isEmpty();
        assertThat(handler.unknown).containsExactly("XQ", "t", "");
        assertThat(handler.log).hasSize(5);
        assertThat(handler.log.get(0)).isInstanceOf(Trade.class);
        assertThat(handler.log.get(4)).isInstanceOf(Quote.class);
    }

    @Test
    void anUnknownEventNameIsCutShortBeforeItReachesTheHandler() {
        RecordingHandler handler = decode("{\"ev\":\"" + "N".repeat(10_000) + "\"}");
        assertThat(handler.unknown).containsExactly("N".repeat(FrameDecoder.MAX_UNKNOWN_NAME));
    }

    @Test
    void nonAsciiSymbolsAndMessagesSurviveIncludingEscapesAndSurrogatePairs() {
        assertThat(single("{\"ev\":\"T\",\"sym\":\"BRK.Ä€日本\",\"p\":1,\"s\":1,\"t\":1}").symbol()).isEqualTo("BRK.Ä€日本");
        assertThat(single("{\"ev\":\"T\",\"sym\":\"\\u00c4\\u20ac\",\"p\":1,\"s\":1,\"t\":1}").symbol()).isEqualTo("Ä€");
        assertThat(single("{\"ev\":\"status\",\"status\":\"success\",\"message\":\"verbunden – 日本語 😀 \\ud83d\\ude00 \\\"q\\\"\"}"))
                .isEqualTo(new StatusMessage("success", "verbunden – 日本語 😀 😀 \"q\""));
    }

    @Test
    void theSameTickerIsOneSharedStringAcrossEventsAndFrames() {
        FrameDecoder decoder = new FrameDecoder();
        String frame = "[{\"ev\":\"T\",\"sym\":\"NVDA\",\"p\":1,\"s\":1,\"t\":1},{\"ev\":\"Q\",\"sym\":\"NVDA\",\"bp\":1,\"ap\":2,\"t\":3}]";
        RecordingHandler first = decode(decoder, frame);
        RecordingHandler second = decode(decoder, frame);
        assertThat(first.events.get(1).symbol()).isSameAs(first.events.get(0).symbol());
        assertThat(second.events.get(0).symbol()).isSameAs(first.events.get(0).symbol());
    }

    @Test
    void decodedConditionListsAreImmutable() {
        Trade trade = (Trade) single(FrameDecoderProtocolExamplesTest.TRADE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> trade.conditions().add(1))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
