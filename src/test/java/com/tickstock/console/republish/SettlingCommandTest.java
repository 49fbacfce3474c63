package com.tickstock.console.republish;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandType;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract Lettuce relies on and the publisher counts on: one outcome per command, whoever completes it. */
class SettlingCommandTest {

    /** Records every outcome it is told of. */
    private static final class Recording extends SettlingCommand<String> {
        final List<String> outcomes = Collections.synchronizedList(new ArrayList<>());

        Recording() {
            super(CommandType.PING, new StatusOutput<>(ByteArrayCodec.INSTANCE));
        }

        @Override
        void answered(String error) {
            outcomes.add(error == null ? "answered" : "error " + error);
        }

        @Override
        void failed(Throwable cause) {
            outcomes.add("failed " + cause.getClass().getSimpleName());
        }

        @Override
        public void encode(ByteBuf buf) {
            // not written in these tests
        }
    }

    @Test
    void anAnswerIsTheOnlyOutcomeEvenIfLettuceCancelsOrFailsItAfterwards() {
        Recording command = new Recording();
        assertThat(command.isDone()).isFalse();

        command.complete();
        command.cancel();
        assertThat(command.completeExceptionally(new IllegalStateException("late"))).isFalse();

        assertThat(command.outcomes).containsExactly("answered");
        assertThat(command.isDone()).isTrue();
        assertThat(command.isCancelled()).isFalse();
    }

    @Test
    void anErrorReplyReachesTheCommandAsAnAnswerWithItsText() {
        Recording command = new Recording();
        command.getOutput().setError("NOAUTH Authentication required.");

        command.complete();

        assertThat(command.outcomes).containsExactly("error NOAUTH Authentication required.");
    }

    @Test
    void aCancelledCommandFailsOnceAndSaysItWasCancelled() {
        Recording command = new Recording();

        command.cancel();
        command.complete();

        assertThat(command.outcomes).containsExactly("failed " + CancellationException.class.getSimpleName());
        assertThat(command.isCancelled()).isTrue();
        assertThat(command.isDone()).isTrue();
    }

    @Test
    void racingCompletionsFromManyThreadsGiveExactlyOneOutcome() throws Exception {
        for (int round = 0; round < 200; round++) {
            Recording command = new Recording();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int kind = t;
                Thread thread = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    switch (kind) {
                        case 0 -> command.complete();
                        case 1 -> command.cancel();
                        default -> command.completeExceptionally(new IllegalStateException("connection lost"));
                    }
                });
                thread.start();
                threads.add(thread);
            }
            start.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(command.outcomes).hasSize(1);
        }
    }
}
