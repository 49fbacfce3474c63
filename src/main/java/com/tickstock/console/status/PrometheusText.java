package com.tickstock.console.status;

/**
 * Writes the Prometheus text exposition format (0.0.4): each family's {@code # HELP} and
 * {@code # TYPE} once, then its samples, so every sample of a family stays together as the
 * format requires. Not thread-safe: one instance per response.
 */
final class PrometheusText {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out;

    PrometheusText(StringBuilder out) {
        this.out = out;
    }

    PrometheusText gauge(String name, String help) {
        return family(name, "gauge", help);
    }

    PrometheusText counter(String name, String help) {
        return family(name, "counter", help);
    }

    /** A summary: its samples are {@code name{quantile="q"}}, {@code name_sum} and {@code name_count}. */
    PrometheusText summary(String name, String help) {
        return family(name, "summary", help);
    }

    private PrometheusText family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                .append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** One sample; {@code labels} are name/value pairs. */
    PrometheusText sample(String name, double value, String... labels) {
        return sampleText(name, format(value), labels);
    }

    /** One whole-number sample, written exactly (a counter past 2^53 would lose its last digits as a double). */
    PrometheusText sample(String name, long value, String... labels) {
        return sampleText(name, Long.toString(value), labels);
    }

    private PrometheusText sampleText(String name, String value, String... labels) {
        out.append(name);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labels[i]).append("=\"");
                escapeLabelValue(labels[i + 1]);
                out.append('"');
            }
            out.append('}');
        }
        out.append(' ').append(value).append('\n');
        return this;
    }

    private void escapeLabelValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }

    /** Whole numbers without a fraction (counters read better), others as Java writes them. */
    static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
