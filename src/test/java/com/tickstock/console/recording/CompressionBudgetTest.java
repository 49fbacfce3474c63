package com.tickstock.console.recording;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The recorder's CPU budget on hand-driven clocks: the only part of the recorder whose input is a CPU clock. */
class CompressionBudgetTest {

    /** The process's and the writer's CPU clocks, moved by the test. */
    private long process;
    private long writer;

    private CompressionBudget budget(int percent) {
        return new CompressionBudget(percent, () -> process, () -> writer);
    }

    /** The rest of the console runs {@code othersNanos} while the writer runs {@code writerNanos}. */
    private void run(long othersNanos, long writerNanos) {
        process += othersNanos + writerNanos;
        writer += writerNanos;
    }

    @Test
    void compressesWhileTheWriterStaysWithinItsShareOfTheRest() {
        CompressionBudget b = budget(10);
        assertThat(b.mayCompress()).as("the first block: nothing measured yet").isTrue();
        for (int i = 0; i < 100; i++) {
            run(10_000_000, 900_000); // 9 % of the rest
            assertThat(b.mayCompress()).as("block %d", i).isTrue();
        }
    }

    @Test
    void storesOnceTheWriterSpendsMoreThanItsShareAndCompressesAgainWhenTheFeedCalms() {
        CompressionBudget b = budget(10);
        b.mayCompress();
        int compressed = 0;
        int stored = 0;
        for (int i = 0; i < 1_000; i++) {
            // Compressing a block costs 3 ms of writer CPU, storing it 0.3 ms; the rest of the console runs 10 ms.
            boolean compress = b.mayCompress();
            run(10_000_000, compress ? 3_000_000 : 300_000);
            if (compress) {
                compressed++;
            } else {
                stored++;
            }
        }
        assertThat(stored).as("blocks stored at the peak").isGreaterThan(0);
        // The writer's CPU over the whole run stays within 10 % of the rest, give or take the credit's cap.
        long others = process - writer;
        assertThat(writer).isLessThanOrEqualTo(others / 10 + CompressionBudget.MAX_CREDIT_NANOS);
        // It still compresses what it can afford: (10 % of 10 ms - 0.3 ms) / (3 - 0.3 ms) = about a quarter.
        assertThat(compressed).isBetween(200, 300);

        // The feed calms down: the rest runs on while the writer has little to do; compression comes back.
        run(500_000_000, 1_000_000);
        assertThat(b.mayCompress()).isTrue();
    }

    @Test
    void aQuietHourDoesNotPayForAMinuteOfCompressionAtTheOpen() {
        CompressionBudget b = budget(10);
        b.mayCompress();
        run(3_600_000_000_000L, 0); // an hour of the rest of the console, the writer idle
        assertThat(b.mayCompress()).isTrue();
        int compressedAtTheOpen = 0;
        while (b.mayCompress()) {
            run(0, 3_000_000); // blocks back to back, the rest of the console not yet scheduled
            compressedAtTheOpen++;
        }
        assertThat(compressedAtTheOpen).as("blocks the banked credit paid for")
                .isLessThanOrEqualTo((int) (CompressionBudget.MAX_CREDIT_NANOS / 3_000_000) + 1);
    }

    @Test
    void aLongBurstDoesNotKeepTheWriterStoringLongAfterIt() {
        CompressionBudget b = budget(10);
        b.mayCompress();
        for (int i = 0; i < 10_000; i++) {
            run(1_000_000, 1_000_000); // storing alone costs more than the budget: it can only store
            assertThat(b.mayCompress()).isFalse();
        }
        // After the burst, the debt is at most the cap: 0.5 s of the rest of the console at 10 % repays it.
        run(2 * CompressionBudget.MAX_CREDIT_NANOS * 10, 0);
        assertThat(b.mayCompress()).isTrue();
    }

    @Test
    void zeroMeansNoLimit() {
        CompressionBudget b = budget(0);
        for (int i = 0; i < 10; i++) {
            run(1, 1_000_000_000);
            assertThat(b.mayCompress()).isTrue();
        }
        assertThat(CompressionBudget.ofProcess(0).mayCompress()).isTrue();
    }

    @Test
    void theProcessClocksAreReadOnTheCallingThread() {
        CompressionBudget b = CompressionBudget.ofProcess(10);
        assertThat(b.percent()).isEqualTo(10);
        assertThat(b.mayCompress()).isTrue(); // a first answer without a measurement
    }
}
