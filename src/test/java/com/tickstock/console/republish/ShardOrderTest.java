package com.tickstock.console.republish;

import io.lettuce.core.protocol.CommandType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules that keep a cluster shard's ticks in order while its path changes: a new command takes another path only
 * when none of its shard's is unsettled, a re-sent one when none is unanswered, Lettuce's routing only within one
 * send, held ones come back oldest first; with replica confirmation a redirected shard waits for another owner.
 */
class ShardOrderTest {

    private static final Object CHANNEL_A = new Object();
    private static final Object CHANNEL_B = new Object();

    @Test
    void aNewCommandTakesAnotherPathOnlyOnceItsShardsOlderOnesSettled() {
        ShardOrder order = new ShardOrder(2);
        PublishCommand first = command(0, 1);
        assertThat(order.mayWrite(first, CHANNEL_A, 1)).isTrue();
        order.writing(first, CHANNEL_A, "node-a", 1);

        PublishCommand second = command(0, 2);
        assertThat(order.mayWrite(second, CHANNEL_A, 2)).as("same path: follows the first").isTrue();
        assertThat(order.mayWrite(second, CHANNEL_B, 2)).as("another path while the first is unsettled").isFalse();
        assertThat(order.mayWrite(command(1, 3), CHANNEL_B, 2)).as("another shard is not held up").isTrue();

        order.answered(first);
        assertThat(order.mayWrite(second, CHANNEL_B, 2)).as("answered but not settled (e.g. redirected)").isFalse();
        order.settled(first);
        assertThat(order.mayWrite(second, CHANNEL_B, 2)).isTrue();
    }

    @Test
    void aReSentCommandGoesWhenNothingOfItsShardIsUnansweredElsewhere() {
        ShardOrder order = new ShardOrder(1);
        PublishCommand redirected = command(0, 1);
        order.writing(redirected, CHANNEL_A, "node-a", 1);
        PublishCommand newer = command(0, 2);
        order.writing(newer, CHANNEL_A, "node-a", 1);
        order.answered(redirected); // MOVED: queued to go again, still unsettled

        PublishCommand again = redirected.retry();
        assertThat(again.written()).isTrue();
        assertThat(order.mayWrite(again, ShardOrder.VIA_LETTUCE, 2)).as("the newer one is still unanswered").isFalse();
        order.answered(newer);
        assertThat(order.mayWrite(again, ShardOrder.VIA_LETTUCE, 2)).isTrue();
        order.writing(again, ShardOrder.VIA_LETTUCE, null, 2);
        assertThat(again.writtenTo()).isNull();

        PublishCommand alsoAgain = newer.retry();
        assertThat(order.mayWrite(alsoAgain, ShardOrder.VIA_LETTUCE, 2)).as("with it, in the same send").isTrue();
        assertThat(order.mayWrite(alsoAgain, ShardOrder.VIA_LETTUCE, 3))
                .as("Lettuce keeps order within one send, not across sends").isFalse();
    }

    @Test
    void nothingOfAShardIsWrittenWhileOneOfItsCommandsWaitsToBeSentAgainNotEvenOnItsPath() {
        ShardOrder order = new ShardOrder(2);
        PublishCommand failed = command(0, 1);
        order.writing(failed, CHANNEL_A, "node-a", 1);
        PublishCommand resentFirst = command(0, 2);
        order.writing(resentFirst, CHANNEL_A, "node-a", 1);
        // Both failed with the connection; the publisher takes only the first out of its queue in this send.
        order.queuedAgain(0);
        order.answered(failed);
        order.queuedAgain(0);
        order.answered(resentFirst);
        order.takenAgain(0);
        PublishCommand again = resentFirst.retry();
        assertThat(order.mayWrite(again, CHANNEL_B, 2)).as("the other one still waits in the queue").isFalse();
        PublishCommand held = command(0, 3);
        assertThat(order.mayWrite(held, CHANNEL_A, 2)).as("not even on the shard's path").isFalse();
        assertThat(order.mayWrite(command(1, 4), CHANNEL_A, 2)).as("another shard is not held up").isTrue();

        order.takenAgain(0);
        assertThat(order.mayWrite(failed.retry(), CHANNEL_B, 3)).isTrue();
    }

    @Test
    void heldCommandsComeBackOldestFirstAndAreAllHandedBackAtClose() {
        ShardOrder order = new ShardOrder(2);
        assertThat(order.holdsAny()).isFalse();
        order.hold(command(1, 7));
        order.hold(command(1, 5));
        order.hold(command(0, 6));
        assertThat(order.holds(1)).isTrue();
        assertThat(order.holdsAny()).isTrue();
        assertThat(order.nextHeld(1).order()).isEqualTo(5);
        order.releaseNext(1);
        assertThat(order.nextHeld(1).order()).isEqualTo(7);
        assertThat(order.takeAll()).extracting(PublishCommand::order).containsExactly(6L, 7L);
        assertThat(order.holdsAny()).isFalse();
        assertThat(order.nextHeld(0)).isNull();
    }

    @Test
    void aRedirectedShardWaitsUntilTheViewNamesAnotherOwner() {
        ShardOrder order = new ShardOrder(1);
        assertThat(order.awaitsOtherOwner(0, "node-a")).isFalse();
        order.redirected(0, "node-a");
        assertThat(order.awaitsOtherOwner(0, "node-a")).isTrue();
        assertThat(order.awaitsOtherOwner(0, null)).as("no owner known").isTrue();
        assertThat(order.awaitsOtherOwner(0, "node-b")).isFalse();
        assertThat(order.awaitsOtherOwner(0, "node-a")).as("cleared once another owner was seen").isFalse();
    }

    private static PublishCommand command(int shard, long number) {
        byte[] frame = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);
        PublishCommand command = new PublishCommand(new Ignored(), CommandType.XADD, frame, 0, frame.length, 1, 0,
                null, 0, number);
        command.shard(shard);
        return command;
    }

    private static final class Ignored implements PublishCommand.Listener {
        @Override
        public void onAck(PublishCommand command) {
        }

        @Override
        public void onErrorReply(PublishCommand command, String error) {
        }

        @Override
        public void onFailure(PublishCommand command, Throwable cause) {
        }
    }
}
