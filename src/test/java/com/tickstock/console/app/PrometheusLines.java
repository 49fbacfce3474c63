package com.tickstock.console.app;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format for tests: every line is a {@code # HELP}, a
 * {@code # TYPE} or a sample {@code name{labels} value}; a sample's family must have been
 * declared; a family is declared once. It also holds the output to Prometheus' naming conventions
 * (https://prometheus.io/docs/practices/naming/): every family has HELP and TYPE and the console's
 * prefix, a counter and only a counter ends in {@code _total}, units are base units (seconds,
 * bytes), and a summary has, per label set, its quantiles, one {@code _sum} and one {@code _count}.
 * Anything else fails.
 */
final class PrometheusLines {

    private static final String PREFIX = "tickstock_";
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"";
    private static final Pattern SAMPLE = Pattern.compile(
            "(" + NAME + ")(?:\\{(" + LABEL + "(?:," + LABEL + ")*)\\})? (\\S+)");
    private static final Pattern ONE_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .+");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|summary|histogram|untyped)");
    /** Units that are not base units, as a name's last word(s) or in its middle. */
    private static final Pattern NOT_BASE_UNIT = Pattern.compile(
            ".*_(milliseconds|microseconds|nanoseconds|ms|minutes|hours|days|kilobytes|megabytes|gigabytes|kb|mb|percent)(_.*)?");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private PrometheusLines() {
    }

    static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Set<String> helped = new HashSet<>();
        Map<String, String> typed = new LinkedHashMap<>();
        String current = null;
        Set<String> closed = new HashSet<>();
        List<Sample> family = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                if (!helped.add(m.group(1))) {
                    throw new AssertionError("HELP twice for " + m.group(1));
                }
                continue;
            }
            if ((m = TYPE.matcher(line)).matches()) {
                if (typed.containsKey(m.group(1)) || !helped.contains(m.group(1))) {
                    throw new AssertionError("TYPE twice or before HELP: " + line);
                }
                checkName(m.group(1), m.group(2));
                typed.put(m.group(1), m.group(2));
                if (current != null) {
                    closeFamily(current, typed.get(current), family);
                    closed.add(current);
                }
                current = m.group(1);
                family.clear();
                continue;
            }
            m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("not a Prometheus line: '" + line + "'");
            }
            String name = m.group(1);
            if (current == null || !belongsTo(name, current, typed.get(current)) || closed.contains(name)) {
                throw new AssertionError("sample outside its family's block: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null) {
                Matcher l = ONE_LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            String raw = m.group(3);
            double value = raw.equals("+Inf") ? Double.POSITIVE_INFINITY
                    : raw.equals("-Inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(raw);
            Sample sample = new Sample(name, labels, value);
            samples.add(sample);
            family.add(sample);
        }
        if (current != null) {
            closeFamily(current, typed.get(current), family);
        }
        Set<String> untyped = new HashSet<>(helped);
        untyped.removeAll(typed.keySet());
        if (!untyped.isEmpty()) {
            throw new AssertionError("HELP without TYPE: " + untyped);
        }
        if (!text.endsWith("\n")) {
            throw new AssertionError("the text must end with a line feed");
        }
        return samples;
    }

    private static void checkName(String name, String type) {
        if (!name.startsWith(PREFIX)) {
            throw new AssertionError(name + ": every family starts with " + PREFIX);
        }
        if (type.equals("counter") != name.endsWith("_total")) {
            throw new AssertionError(name + ": a counter, and only a counter, ends in _total (" + type + ")");
        }
        if (NOT_BASE_UNIT.matcher(name).matches()) {
            throw new AssertionError(name + ": units are base units (seconds, bytes)");
        }
    }

    private static boolean belongsTo(String sample, String family, String type) {
        return sample.equals(family)
                || (type.equals("summary") && (sample.equals(family + "_sum") || sample.equals(family + "_count")));
    }

    /** A summary has, for each label set, at least one quantile, one _sum and one _count; only it has quantiles. */
    private static void closeFamily(String name, String type, List<Sample> samples) {
        Map<Map<String, String>, List<String>> bySeries = new LinkedHashMap<>();
        for (Sample s : samples) {
            if (s.labels().containsKey("quantile") && !type.equals("summary")) {
                throw new AssertionError(name + ": only a summary has a quantile label");
            }
            Map<String, String> series = new LinkedHashMap<>(s.labels());
            series.remove("quantile");
            bySeries.computeIfAbsent(series, k -> new ArrayList<>())
                    .add(s.labels().containsKey("quantile") ? "quantile" : s.name().substring(name.length()));
        }
        for (var e : bySeries.entrySet()) {
            List<String> parts = e.getValue();
            if (type.equals("summary") && (!parts.contains("quantile") || parts.stream().filter("_sum"::equals).count() != 1
                    || parts.stream().filter("_count"::equals).count() != 1 || parts.contains(""))) {
                throw new AssertionError(name + e.getKey() + ": a summary needs quantiles, one _sum and one _count,"
                        + " found " + parts);
            }
            if (!type.equals("summary") && parts.size() != 1) {
                throw new AssertionError(name + e.getKey() + ": the same series twice");
            }
        }
    }

    /** The one sample of {@code name} carrying all of {@code labels} (pairs). */
    static double value(List<Sample> samples, String name, String... labels) {
        List<Sample> found = new ArrayList<>();
        for (Sample s : samples) {
            boolean match = s.name().equals(name);
            for (int i = 0; match && i < labels.length; i += 2) {
                match = labels[i + 1].equals(s.labels().get(labels[i]));
            }
            if (match) {
                found.add(s);
            }
        }
        if (found.size() != 1) {
            throw new AssertionError("expected one sample " + name + " " + List.of(labels) + ", found " + found);
        }
        return found.get(0).value();
    }
}
