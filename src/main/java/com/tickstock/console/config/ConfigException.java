package com.tickstock.console.config;

import java.util.List;

/**
 * The configuration could not be loaded. Carries every problem found in one pass (not just
 * the first), so an operator can fix the whole file at once; secrets in it are masked.
 */
public final class ConfigException extends RuntimeException {

    private final transient List<ConfigProblem> problems;
    private final transient List<String> warnings;

    public ConfigException(List<ConfigProblem> problems, List<String> warnings) {
        super(format(problems, warnings));
        this.problems = List.copyOf(problems);
        this.warnings = List.copyOf(warnings);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    /** Warnings collected alongside; a typo'd key often explains one of the problems. */
    public List<String> warnings() {
        return warnings;
    }

    private static String format(List<ConfigProblem> problems, List<String> warnings) {
        StringBuilder sb = new StringBuilder();
        sb.append("Invalid configuration: ").append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems");
        for (int i = 0; i < problems.size(); i++) {
            sb.append(System.lineSeparator()).append("  ").append(i + 1).append(". ")
                    .append(problems.get(i).message());
        }
        if (!warnings.isEmpty()) {
            sb.append(System.lineSeparator()).append("Warnings:");
            for (String w : warnings) {
                sb.append(System.lineSeparator()).append("  - ").append(w);
            }
        }
        return sb.toString();
    }
}
