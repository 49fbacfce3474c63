package com.tickstock.console.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.tickstock.console.feed.DecodeError;
import com.tickstock.console.feed.FeedEvent;
import com.tickstock.console.feed.FrameDecoder;
import com.tickstock.console.feed.FrameHandler;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Single-threaded throughput of {@link FrameDecoder} on Massive-style frames. A command, not a
 * test: numbers depend on the machine and on what else runs on it.
 *
 * <pre>
 * mvn -q -B test-compile &amp;&amp; java -cp target/test-classes:target/classes:$(mvn -q dependency:build-classpath \
 *     -Dmdep.outputFile=/dev/stdout) com.tickstock.console.bench.DecodeBenchmark [secondsPerRound]
 * </pre>
 * Frames are pre-built (distinct tickers, prices, ids) so only decoding is timed; each case is
 * warmed up first so the JIT has compiled the decoding loop before measuring.
 */
public final class DecodeBenchmark {

    private static final int DISTINCT_FRAMES = 512;
    private static final int ROUNDS = 4;
    private static final JsonFactory TOKEN_LOOP_JSON = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    private static final String[] TICKERS = tickers(600);

    private DecodeBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 0.7;
        Random random = new Random(42);
        String[] tradeX10 = frames(random, 10, false);
        List<Case> cases = List.of(
                new Case("trade x1", frames(random, 1, false)),
                new Case("trade x10", tradeX10),
                new Case("trade x100", frames(random, 100, false)),
                new Case("mixed x10", frames(random, 10, true)));

        FrameDecoder decoder = new FrameDecoder();
        CountingHandler handler = new CountingHandler();
        for (Case c : cases) {
            run(decoder, handler, c, seconds);
        }
        tokenLoop(tradeX10, seconds);
        if (handler.errors > 0 || handler.unknown > 0) {
            throw new IllegalStateException("benchmark frames did not decode cleanly: "
                    + handler.errors + " errors, " + handler.unknown + " unknown events");
        }

        // Rounds interleave the cases so a noisy neighbour slows all of them alike; the median
        // round is reported.
        long[][] rates = new long[cases.size() + 1][ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < cases.size(); i++) {
                long[] result = run(decoder, handler, cases.get(i), seconds);
                rates[i][round] = Math.round(result[0] / (result[1] / 1e9));
            }
            rates[cases.size()][round] = tokenLoop(tradeX10, seconds);
        }

        System.out.printf(Locale.ROOT, "Java %s, %d distinct frames per case, median of %d x %.1f s, 1 thread%n",
                Runtime.version(), DISTINCT_FRAMES, ROUNDS, seconds);
        for (int i = 0; i < cases.size(); i++) {
            System.out.printf(Locale.US, "decode  %-10s %,12d events/s   (best round %,d)%n",
                    cases.get(i).name, median(rates[i]), best(rates[i]));
        }
        System.out.printf(Locale.US, "bare Jackson token loop, trade x10 %,12d events/s   (best round %,d)%n",
                median(rates[cases.size()]), best(rates[cases.size()]));
        // Printed so the JIT cannot prove the decoded events unused.
        System.out.println("(checksum " + handler.checksum + ")");
        report(cases, rates);
    }

    private static void report(List<Case> cases, long[][] rates) {
        long bare = median(rates[cases.size()]);
        for (int i = 0; i < cases.size(); i++) {
            String measure = "decode " + cases.get(i).name + ", events/s on one core (median)";
            long rate = median(rates[i]);
            if (!cases.get(i).name.equals("trade x10")) {
                BenchReport.info(measure, BenchReport.count(rate));
            } else {
                BenchReport.result(measure, BenchReport.count(rate), ">= 3,000,000",
                        BenchReport.atLeast(rate, 3_000_000));
                // What bounds it: the same frames through Jackson's parser alone, with no decoding work at all.
                BenchReport.info("bare Jackson token loop, trade x10 (the parser's own ceiling here)",
                        BenchReport.count(bare));
                BenchReport.info("decoder / bare Jackson, trade x10", Math.round(100.0 * rate / bare) + " %");
            }
        }
    }

    private static long best(long[] values) {
        return Arrays.stream(values).max().orElse(0);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Decodes the case's frames round-robin for about {@code seconds}; returns events and nanos. */
    private static long[] run(FrameDecoder decoder, CountingHandler handler, Case c, double seconds) {
        long budget = (long) (seconds * 1e9);
        long eventsBefore = handler.events;
        long start = System.nanoTime();
        long elapsed;
        int next = 0;
        do {
            for (int i = 0; i < 1000; i++) {
                decoder.decode(c.frames[next], handler);
                next = (next + 1) & (DISTINCT_FRAMES - 1);
            }
            elapsed = System.nanoTime() - start;
        } while (elapsed < budget);
        return new long[] {handler.events - eventsBefore, elapsed};
    }

    /**
     * What the bare streaming parser does on the same frames: every token, every value read, no
     * records. The host's speed varies a lot; this row shows what part of the cost is the decoder's.
     */
    private static long tokenLoop(String[] frames, double seconds) throws IOException {
        long budget = (long) (seconds * 1e9);
        long events = 0;
        long sink = 0;
        long start = System.nanoTime();
        long elapsed;
        int next = 0;
        do {
            for (int i = 0; i < 1000; i++) {
                try (JsonParser parser = TOKEN_LOOP_JSON.createParser(frames[next])) {
                    JsonToken token;
                    while ((token = parser.nextToken()) != null) {
                        if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                            sink += (long) parser.getDoubleValue();
                        } else if (token == JsonToken.VALUE_NUMBER_INT) {
                            sink += parser.getLongValue();
                        } else if (token == JsonToken.VALUE_STRING) {
                            sink += parser.getText().length();
                        } else if (token == JsonToken.END_OBJECT) {
                            events++;
                        }
                    }
                }
                next = (next + 1) & (DISTINCT_FRAMES - 1);
            }
            elapsed = System.nanoTime() - start;
        } while (elapsed < budget);
        if (sink == 42) {
            System.out.println();
        }
        return Math.round(events / (elapsed / 1e9));
    }

    private static String[] frames(Random random, int eventsPerFrame, boolean mixed) {
        String[] frames = new String[DISTINCT_FRAMES];
        long time = 1_700_000_000_000L;
        long sequence = 1_000_000;
        for (int f = 0; f < DISTINCT_FRAMES; f++) {
            StringBuilder sb = new StringBuilder(eventsPerFrame * 140).append('[');
            for (int e = 0; e < eventsPerFrame; e++) {
                if (e > 0) {
                    sb.append(',');
                }
                String sym = TICKERS[random.nextInt(TICKERS.length)];
                time += random.nextInt(5);
                sequence += 1 + random.nextInt(3);
                int pick = mixed ? random.nextInt(10) : 0;
                if (pick < 5) {
                    trade(sb, random, sym, time, sequence);
                } else if (pick < 8) {
                    quote(sb, random, sym, time, sequence);
                } else if (pick < 9) {
                    bar(sb, random, sym, time);
                } else {
                    sb.append("{\"ev\":\"status\",\"status\":\"success\",\"message\":\"subscribed to: T.")
                            .append(sym).append("\"}");
                }
            }
            frames[f] = sb.append(']').toString();
        }
        return frames;
    }

    private static void trade(StringBuilder sb, Random random, String sym, long time, long sequence) {
        sb.append("{\"ev\":\"T\",\"sym\":\"").append(sym)
                .append("\",\"x\":").append(1 + random.nextInt(20))
                .append(",\"i\":\"").append(10_000 + random.nextInt(90_000_000))
                .append("\",\"z\":").append(1 + random.nextInt(3))
                .append(",\"p\":").append(price(random))
                .append(",\"s\":").append(1 + random.nextInt(1000));
        int conditions = random.nextInt(4);
        if (conditions == 1) {
            sb.append(",\"c\":[37]");
        } else if (conditions == 2) {
            sb.append(",\"c\":[0,12]");
        } else if (conditions == 3) {
            sb.append(",\"c\":[14,37,41]");
        }
        sb.append(",\"t\":").append(time).append(",\"q\":").append(sequence).append('}');
    }

    private static void quote(StringBuilder sb, Random random, String sym, long time, long sequence) {
        String bid = price(random);
        sb.append("{\"ev\":\"Q\",\"sym\":\"").append(sym)
                .append("\",\"bx\":").append(1 + random.nextInt(20))
                .append(",\"bp\":").append(bid)
                .append(",\"bs\":").append(1 + random.nextInt(50))
                .append(",\"ax\":").append(1 + random.nextInt(20))
                .append(",\"ap\":").append(String.format(Locale.ROOT, "%.2f", Double.parseDouble(bid) + 0.01))
                .append(",\"as\":").append(1 + random.nextInt(50))
                .append(",\"c\":0,\"i\":[604],\"t\":").append(time)
                .append(",\"q\":").append(sequence).append(",\"z\":3}");
    }

    private static void bar(StringBuilder sb, Random random, String sym, long time) {
        String p = price(random);
        long start = time / 1000 * 1000;
        sb.append("{\"ev\":\"A\",\"sym\":\"").append(sym)
                .append("\",\"v\":").append(random.nextInt(10_000))
                .append(",\"av\":").append(random.nextInt(10_000_000))
                .append(",\"op\":").append(p).append(",\"vw\":").append(p)
                .append(",\"o\":").append(p).append(",\"c\":").append(p)
                .append(",\"h\":").append(p).append(",\"l\":").append(p)
                .append(",\"a\":").append(p).append(",\"z\":").append(random.nextInt(500))
                .append(",\"s\":").append(start).append(",\"e\":").append(start + 1000).append('}');
    }

    private static String price(Random random) {
        return String.format(Locale.ROOT, "%.4f", 1 + random.nextDouble() * 500);
    }

    private static String[] tickers(int count) {
        Random random = new Random(7);
        String[] tickers = new String[count];
        for (int i = 0; i < count; i++) {
            int length = 1 + random.nextInt(5);
            char[] chars = new char[length];
            for (int j = 0; j < length; j++) {
                chars[j] = (char) ('A' + random.nextInt(26));
            }
            tickers[i] = new String(chars);
        }
        return tickers;
    }

    private static final class Case {
        final String name;
        final String[] frames;

        Case(String name, String[] frames) {
            this.name = name;
            this.frames = frames;
        }
    }

    private static final class CountingHandler implements FrameHandler {
        long events;
        long errors;
        long unknown;
        long checksum;

        @Override
        public void onEvent(FeedEvent event) {
            events++;
            checksum += event.symbol().length();
        }

        @Override
        public void onUnknownEvent(String ev) {
            unknown++;
        }

        @Override
        public void onDecodeError(DecodeError error) {
            if (errors++ == 0) {
                System.err.println("first error: " + error);
            }
        }
    }
}
