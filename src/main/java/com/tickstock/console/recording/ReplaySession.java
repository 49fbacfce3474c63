package com.tickstock.console.recording;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One replay client: its handshake, its subscriptions and the sending of its lane's recorded frames.
 *
 * <p>Threads: {@link #onClientText} runs on a Grizzly worker thread and only updates the subscriptions and queues
 * answers; the session's own sender thread does every write to the socket (answers first, then the lane's frames
 * as their time comes), so writes never interleave and the worker never waits. The subscriptions are a concurrent
 * set written by the worker and read by the sender; the lane is written once by the worker (volatile).
 */
final class ReplaySession {

    private static final System.Logger LOG = System.getLogger(ReplaySession.class.getName());
    private static final JsonFactory JSON = new JsonFactory();
    /** A text to send, or the socket to close after what was queued before it (auth failed). */
    private record Outgoing(String text) {
        static final Outgoing CLOSE = new Outgoing(null);
    }

    private final ReplayServer server;
    private final Session socket;
    private final Thread sender;
    private final LinkedBlockingQueue<Outgoing> outbox = new LinkedBlockingQueue<>();
    private final Set<String> subscribed = ConcurrentHashMap.newKeySet();
    private volatile boolean authenticated;
    private volatile RecordedLane lane;
    private volatile boolean stopped;

    ReplaySession(ReplayServer server, Session socket, String threadName) {
        this.server = server;
        this.socket = socket;
        this.sender = new Thread(this::run, threadName);
        sender.setDaemon(true);
        send(status("connected", "Connected Successfully"));
    }

    private void send(String text) {
        outbox.add(new Outgoing(text));
    }

    void start() {
        sender.start();
    }

    RecordedLane lane() {
        return lane;
    }

    /** Worker thread: the client's auth, subscribe and unsubscribe. */
    void onClientText(String text) {
        SentMessage message = SentMessage.parse(text);
        if (message == null) {
            send(status("error", "invalid message"));
            return;
        }
        switch (message.action()) {
            case "auth" -> {
                if (server.acceptsKey(message.params())) {
                    authenticated = true;
                    send(status("auth_success", "authenticated"));
                } else {
                    send(status("auth_failed", "authentication failed"));
                    outbox.add(Outgoing.CLOSE);
                }
            }
            case "subscribe", "unsubscribe" -> {
                if (!authenticated) {
                    send(status("error", "you must authenticate first"));
                    return;
                }
                List<String> topics = message.topics();
                boolean subscribe = "subscribe".equals(message.action());
                if (subscribe) {
                    subscribed.addAll(topics);
                    if (lane == null) {
                        lane = server.bind(Set.copyOf(subscribed));
                        LOG.log(Level.INFO, sender.getName() + " replays " + lane.connectionId());
                    }
                } else {
                    topics.forEach(subscribed::remove);
                }
                send(acks(subscribe ? "subscribed to: " : "unsubscribed to: ", topics));
            }
            default -> send(status("error", "unknown action: " + message.action()));
        }
    }

    void stop() {
        if (!stopped) {
            stopped = true;
            server.ended(this);
            sender.interrupt();
        }
    }

    // =====================================================================================
    // Sender thread
    // =====================================================================================

    private void run() {
        try {
            while (!stopped && lane == null) {
                sendQueued(outbox.poll(100, TimeUnit.MILLISECONDS));
            }
            if (!stopped) {
                replay(lane);
            }
            while (!stopped) {
                sendQueued(outbox.poll(100, TimeUnit.MILLISECONDS)); // the recording is over: answers only
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.DEBUG, sender.getName() + " ended: " + e.getMessage());
        } finally {
            stop();
        }
    }

    private void replay(RecordedLane replayed) throws IOException, InterruptedException {
        ReplayConfig config = server.config();
        long frames = 0;
        long firstRecorded = Long.MIN_VALUE;
        long startedAt = 0;
        for (Path file : replayed.files()) {
            try (RecordingReader reader = RecordingReader.open(file)) {
                for (RecordEntry r = reader.next(); r != null && !stopped; r = reader.next()) {
                    if (r.kind() != RecordKind.RECEIVED || r.nanos() < config.fromEpochNanos()) {
                        continue;
                    }
                    if (r.nanos() > config.toEpochNanos()) {
                        finished(replayed, frames, "");
                        return;
                    }
                    FrameTopics topics = FrameTopics.of(r.text());
                    if (topics.isHandshakeOnly() || !topics.isFor(subscribed)) {
                        continue;
                    }
                    if (firstRecorded == Long.MIN_VALUE) {
                        firstRecorded = r.nanos();
                        startedAt = System.nanoTime();
                    }
                    awaitTime(startedAt + (long) ((r.nanos() - firstRecorded) / config.speed()));
                    socket.getBasicRemote().sendText(r.text());
                    frames++;
                }
                if (!reader.warning().isEmpty()) {
                    LOG.log(Level.WARNING, reader.warning());
                }
            } catch (RecordingException e) {
                LOG.log(Level.ERROR, "replay of " + replayed.connectionId() + " stops: " + e.getMessage());
                finished(replayed, frames, " (stopped early: damaged file)");
                return;
            }
        }
        finished(replayed, frames, "");
    }

    private void finished(RecordedLane replayed, long frames, String note) {
        LOG.log(Level.INFO, sender.getName() + ": replay of " + replayed.connectionId() + " finished, " + frames
                + " frames sent" + note);
    }

    /** Sends queued answers until {@code deadline} (a {@link System#nanoTime()}); the pacing of the recording. */
    private void awaitTime(long deadline) throws IOException, InterruptedException {
        sendQueued(outbox.poll());
        for (long wait = deadline - System.nanoTime(); wait > 0 && !stopped; wait = deadline - System.nanoTime()) {
            sendQueued(outbox.poll(wait, TimeUnit.NANOSECONDS));
        }
    }

    private void sendQueued(Outgoing first) throws IOException {
        for (Outgoing next = first; next != null; next = outbox.poll()) {
            if (next.text() == null) {
                socket.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "authentication failed"));
                stop();
                return;
            }
            socket.getBasicRemote().sendText(next.text());
        }
    }

    private static String status(String status, String message) {
        return frame(List.<String[]>of(new String[] {status, message}));
    }

    private static String acks(String prefix, List<String> topics) {
        return frame(topics.stream().map(t -> new String[] {"success", prefix + t}).toList());
    }

    private static String frame(List<String[]> statuses) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (String[] s : statuses) {
                g.writeStartObject();
                g.writeStringField("ev", "status");
                g.writeStringField("status", s[0]);
                g.writeStringField("message", s[1]);
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
