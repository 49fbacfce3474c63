package com.tickstock.console.bench;

import java.util.Locale;

/**
 * The figures a benchmark reports to the performance suite: one machine-readable line per figure on
 * stdout, which {@link PerformanceSuite} collects into its one table (a benchmark run alone prints them
 * as they come, and the suite's table at the end of {@code bin/bench}).
 *
 * <p>Line format: {@code @result<TAB>measure<TAB>value<TAB>target<TAB>verdict}.
 */
final class BenchReport {

    static final String PREFIX = "@result\t";

    /** Whether a figure meets its target; {@link #INFO} for figures without one. */
    enum Verdict {
        MET("met"), MISSED("MISSED"), INFO("");

        final String word;

        Verdict(String word) {
            this.word = word;
        }
    }

    private BenchReport() {
    }

    static void result(String measure, String value, String target, Verdict verdict) {
        System.out.println(PREFIX + clean(measure) + '\t' + clean(value) + '\t' + clean(target) + '\t' + verdict.word);
        System.out.flush();
    }

    static void info(String measure, String value) {
        result(measure, value, "", Verdict.INFO);
    }

    static Verdict atLeast(double value, double target) {
        return value >= target ? Verdict.MET : Verdict.MISSED;
    }

    static Verdict atMost(double value, double target) {
        return value <= target ? Verdict.MET : Verdict.MISSED;
    }

    static Verdict atLeast(long value, long target) {
        return value >= target ? Verdict.MET : Verdict.MISSED;
    }

    static Verdict atMost(long value, long target) {
        return value <= target ? Verdict.MET : Verdict.MISSED;
    }

    /** {@code 1,234,567} */
    static String count(double value) {
        return String.format(Locale.US, "%,.0f", value);
    }

    /** {@code 1,234,567}, exact (a count through a double would round above 2^53) */
    static String count(long value) {
        return String.format(Locale.US, "%,d", value);
    }

    /** {@code 1.23} */
    static String millis(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String clean(String text) {
        return text == null ? "" : text.replace('\t', ' ').replace('\n', ' ');
    }
}
