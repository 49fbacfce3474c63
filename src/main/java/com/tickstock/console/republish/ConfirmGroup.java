package com.tickstock.console.republish;

import io.netty.channel.Channel;

import java.util.List;

/**
 * The commands of one pipelined write that a {@code WAIT} confirms ({@code REDIS_REPLICAS_ACK}): WAIT counts the
 * replicas that acknowledged every write made before it on the same connection, so it vouches only for commands
 * written on {@link #channel}; after the connection changed, the group's landed entries must be written again.
 *
 * <p>Threads: made by the publisher thread before the write; read by the I/O thread that settles its WAIT.
 */
record ConfirmGroup(List<PublishCommand> members, Channel channel) {

    ConfirmGroup {
        members = List.copyOf(members);
    }
}
