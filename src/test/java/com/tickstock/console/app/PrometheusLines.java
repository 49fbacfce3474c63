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
 * declared; a family is declared once. Anything else fails.
 */
final class PrometheusLines {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"";
    private static final Pattern SAMPLE = Pattern.compile(
            "(" + NAME + ")(?:\\{(" + LABEL + "(?:," + LABEL + ")*)\\})? (\\S+)");
    private static final Pattern ONE_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .+");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|summary|histogram|untyped)");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private PrometheusLines() {
    }

    static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Set<String> helped = new HashSet<>();
        Set<String> typed = new HashSet<>();
        String current = null;
        Set<String> closed = new HashSet<>();
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
                if (!typed.add(m.group(1)) || !helped.contains(m.group(1))) {
                    throw new AssertionError("TYPE twice or before HELP: " + line);
                }
                if (current != null) {
                    closed.add(current);
                }
                current = m.group(1);
                continue;
            }
            m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("not a Prometheus line: '" + line + "'");
            }
            String name = m.group(1);
            if (!name.equals(current) || closed.contains(name)) {
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
            samples.add(new Sample(name, labels, value));
        }
        if (!text.endsWith("\n")) {
            throw new AssertionError("the text must end with a line feed");
        }
        return samples;
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
