package com.tickstock.console.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses {@code .env}-style files, the format the original TickStock used.
 *
 * <ul>
 *   <li>Blank lines and lines whose first non-blank character is {@code #} are skipped.</li>
 *   <li>{@code KEY=VALUE}, optionally prefixed by {@code export }; spaces around {@code =} are
 *       allowed. {@code KEY=} gives the empty string.</li>
 *   <li>Unquoted values are trimmed; {@code #} after whitespace starts a comment
 *       ({@code A=b # note} is {@code b}), a {@code #} inside a word is kept ({@code a#b}).</li>
 *   <li>{@code "double quoted"} values keep spaces and {@code #}, and understand the escapes
 *       {@code \"}, {@code \\}, {@code \n}, {@code \t}, {@code \r}; {@code 'single quoted'}
 *       values are literal. Only whitespace or a comment may follow the closing quote.</li>
 *   <li>No variable expansion: {@code ${HOME}} stays as written. No multi-line values.</li>
 *   <li>A repeated key: the later line wins, with a warning.</li>
 * </ul>
 * A malformed line is reported as {@code file:line: reason} and parsing goes on, so every bad
 * line is reported at once. Values are never echoed in problems: they may be secrets.
 */
public final class EnvFileParser {

    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern EXPORT = Pattern.compile("^export\\s+");
    private static final char BOM = '\uFEFF';

    private EnvFileParser() {
    }

    /** The outcome of parsing one file: the values in file order, problems and warnings. */
    public record Result(Map<String, String> values, List<ConfigProblem> problems, List<String> warnings) {

        public Result {
            values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
            problems = List.copyOf(problems);
            warnings = List.copyOf(warnings);
        }
    }

    /** Reads and parses a UTF-8 file; a missing or unreadable file is a problem, not an exception. */
    public static Result parse(Path file) {
        String source = file.toString();
        try {
            return parse(source, Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return failure("config file not found: " + source);
        } catch (CharacterCodingException e) {
            return failure(source + ": not UTF-8 text");
        } catch (IOException e) {
            return failure(source + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** Parses lines; {@code source} names the file in messages. */
    public static Result parse(String source, List<String> lines) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> lineOfKey = new HashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i);
            if (i == 0 && !line.isEmpty() && line.charAt(0) == BOM) {
                line = line.substring(1);
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String where = source + ":" + lineNo + ": ";
            String body = EXPORT.matcher(trimmed).replaceFirst("");
            int eq = body.indexOf('=');
            if (eq < 0) {
                problems.add(new ConfigProblem("", where + "expected KEY=VALUE, found " + describeLine(body)));
                continue;
            }
            String key = body.substring(0, eq).strip();
            if (!KEY.matcher(key).matches()) {
                problems.add(new ConfigProblem("", where + "'" + shorten(key)
                        + "' is not a key: use letters, digits and '_', not starting with a digit"));
                continue;
            }
            String value;
            try {
                value = parseValue(body.substring(eq + 1).strip());
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(key, where + key + ": " + e.getMessage()));
                continue;
            }
            Integer earlier = lineOfKey.put(key, lineNo);
            if (earlier != null) {
                warnings.add(where + key + " repeats line " + earlier + "; the later value wins");
            }
            values.put(key, value);
        }
        return new Result(values, problems, warnings);
    }

    private static String parseValue(String raw) {
        if (raw.isEmpty()) {
            return "";
        }
        char first = raw.charAt(0);
        if (first == '"' || first == '\'') {
            return parseQuoted(raw, first);
        }
        return stripInlineComment(raw);
    }

    private static String parseQuoted(String raw, char quote) {
        StringBuilder out = new StringBuilder();
        int i = 1;
        boolean closed = false;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == quote) {
                closed = true;
                i++;
                break;
            }
            if (c == '\\' && quote == '"' && i + 1 < raw.length()) {
                char next = raw.charAt(i + 1);
                switch (next) {
                    case 'n': out.append('\n'); break;
                    case 't': out.append('\t'); break;
                    case 'r': out.append('\r'); break;
                    case '"': out.append('"'); break;
                    case '\\': out.append('\\'); break;
                    default: out.append(c).append(next); break;
                }
                i += 2;
                continue;
            }
            out.append(c);
            i++;
        }
        String name = quote == '"' ? "double" : "single";
        if (!closed) {
            throw new IllegalArgumentException("unterminated " + name + " quote (values cannot span lines)");
        }
        String rest = raw.substring(i).strip();
        if (!rest.isEmpty() && !rest.startsWith("#")) {
            throw new IllegalArgumentException("unexpected text after the closing " + name
                    + " quote (only a # comment may follow)");
        }
        return out.toString();
    }

    private static String stripInlineComment(String raw) {
        for (int i = 1; i < raw.length(); i++) {
            if (raw.charAt(i) == '#' && Character.isWhitespace(raw.charAt(i - 1))) {
                return raw.substring(0, i).strip();
            }
        }
        return raw;
    }

    /**
     * A malformed line might be a pasted secret: name only the first word, and mask that too
     * when it could be a key or token.
     */
    private static String describeLine(String body) {
        String firstWord = body.split("\\s+", 2)[0];
        if (firstWord.length() >= Secrets.MIN_LENGTH_FOR_PREFIX) {
            return "'" + Secrets.mask(firstWord) + "' (no '=')";
        }
        return "'" + firstWord + (firstWord.length() < body.length() ? " …" : "") + "' (no '=')";
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static Result failure(String message) {
        return new Result(Map.of(), List.of(new ConfigProblem("", message)), List.of());
    }
}
