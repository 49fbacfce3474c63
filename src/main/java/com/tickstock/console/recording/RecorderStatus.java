package com.tickstock.console.recording;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A recording's figures at one moment, for the health JSON ({@code recording}), the metrics and the window.
 *
 * @param state            {@code recording}, {@code failing} (writes fail; frames are dropped until a retry works)
 *                         or {@code stopped}
 * @param compression      {@code zstd} or {@code gzip}: what the files are written with
 * @param frames           frames received and written
 * @param messagesSent     messages sent by the console and written
 * @param dropped          frames and messages not written: queue full (disk too slow) or the disk failing
 * @param bytes            compressed bytes on disk (up to the last flush)
 * @param recordedBytes    bytes of records written, before compression
 * @param storedBytes      of those, bytes stored uncompressed because compressing them would have spent more CPU
 *                         than {@code RECORD_CPU_BUDGET} allows (the feed's peaks): frames kept, files bigger
 * @param cpuBudgetPercent {@code RECORD_CPU_BUDGET}; 0 when compression is not limited
 * @param files            files begun
 * @param queued           records waiting for the writer
 * @param lastError        the newest write error, or empty
 */
public record RecorderStatus(String state, String directory, String compression, Instant started, long frames, long messagesSent,
                             long dropped, long bytes, long recordedBytes, long storedBytes, int cpuBudgetPercent,
                             long files, int queued, String lastError) {

    public Map<String, Object> toHealthMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("state", state);
        map.put("directory", directory);
        map.put("compression", compression);
        map.put("started", started.toString());
        map.put("frames", frames);
        map.put("messages_sent", messagesSent);
        map.put("dropped", dropped);
        map.put("bytes", bytes);
        map.put("recorded_bytes", recordedBytes);
        map.put("stored_uncompressed_bytes", storedBytes);
        map.put("cpu_budget_percent", cpuBudgetPercent);
        map.put("files", files);
        map.put("queued", queued);
        map.put("last_error", lastError);
        return map;
    }

    /** Prometheus text for the status endpoint's {@code /metrics}. */
    public void appendMetrics(StringBuilder out) {
        counter(out, "tickstock_recording_frames_total", "Frames received and written to the recording.", frames);
        counter(out, "tickstock_recording_messages_sent_total", "Messages sent by the console and written to the recording.",
                messagesSent);
        counter(out, "tickstock_recording_dropped_total",
                "Frames and messages not recorded because the disk was too slow or failing (the feed is unaffected).",
                dropped);
        out.append("# HELP tickstock_recording_bytes Compressed bytes written to recording files.\n")
                .append("# TYPE tickstock_recording_bytes gauge\n")
                .append("tickstock_recording_bytes ").append(bytes).append('\n');
        counter(out, "tickstock_recording_stored_uncompressed_bytes_total",
                "Bytes of records stored uncompressed because compressing them would have exceeded RECORD_CPU_BUDGET.",
                storedBytes);
        out.append("# HELP tickstock_recording_failing 1 while writes to the recording fail.\n")
                .append("# TYPE tickstock_recording_failing gauge\n")
                .append("tickstock_recording_failing ").append("failing".equals(state) ? 1 : 0).append('\n');
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" counter\n")
                .append(name).append(' ').append(value).append('\n');
    }

    /** One line for the log and the window: state, frames, drops, size. */
    public String describe() {
        return state + ": " + frames + " frames, " + messagesSent + " sent, " + dropped + " dropped, "
                + String.format(java.util.Locale.ROOT, "%.1f kB", bytes / 1e3) + " in " + files + " file(s)"
                + (storedBytes == 0 ? "" : String.format(java.util.Locale.ROOT,
                        ", %.0f %% stored uncompressed (CPU budget %d %%)", 100.0 * storedBytes / recordedBytes,
                        cpuBudgetPercent))
                + (lastError.isEmpty() ? "" : ", last error: " + lastError);
    }
}
