/**
 * Recording of the raw feed and its replay, in a room of its own: the {@link com.tickstock.console.recording.FeedRecorder}
 * hangs on each connection's {@link com.tickstock.console.feed.RawFrameTap} and writes every frame received and every
 * message sent to rotating zstd (or gzip) files on a thread of its own; {@link com.tickstock.console.recording.RecordingReader}
 * reads them back for {@code --inspect} ({@link com.tickstock.console.recording.RecordingInspector}) and for
 * {@code --simulator --replay} ({@link com.tickstock.console.recording.ReplayServer}). The format is in
 * {@code docs/recording-format.md}.
 *
 * <p>It sits beside the republisher: it reads the feed's and the manager's types, and the window and the command
 * line use it. The replay server runs on the simulator's loopback WebSocket container and nothing else of the
 * simulator.
 */
package com.tickstock.console.recording;
