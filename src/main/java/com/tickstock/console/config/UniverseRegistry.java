package com.tickstock.console.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

/**
 * Named ticker universes.
 *
 * <p>The built-in lists ship inside the jar (resources next to this class, under
 * {@code universes/}) and are the single source of truth; a directory (by default
 * {@code config/universes/}) may add lists or replace a built-in one with a file of the same
 * name. Files are {@code NAME.txt}: one ticker per line, {@code #} comments, blank lines
 * ignored. {@code aliases.txt} maps other names to universes, one {@code alias = universe} per
 * line; that is how the original key {@code market_leaders:top_500} keeps meaning
 * {@code top_500}.
 *
 * <p>A key resolves first as a whole (a universe name or an alias), and only then as
 * {@code a:b:c}, the union of those universes in order without repeats. Names are
 * case-insensitive. An unknown name is an error that lists the known universes, never an
 * empty list or a silent fallback.
 *
 * <p>Bad lines (not a ticker, a repeated ticker) are collected in {@link #problems()} rather
 * than thrown, so that the configuration loader can report them with everything else.
 */
public final class UniverseRegistry {

    /** What a universe name may look like; anything else in a key is not quoted back in errors. */
    private static final Pattern NAME_LIKE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private static final Logger LOG = System.getLogger(UniverseRegistry.class.getName());
    static final String RESOURCE_DIR = "universes/";
    static final String INDEX = "index.list";
    static final String ALIASES = "aliases.txt";
    static final String BUILT_IN = "built-in";
    private static final String EXTENSION = ".txt";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final Pattern ALIAS = Pattern.compile("[a-z0-9][a-z0-9_:-]*");

    private final Map<String, Universe> universes;
    private final Map<String, String> aliases;
    private final List<ConfigProblem> problems;

    private UniverseRegistry(Map<String, Universe> universes, Map<String, String> aliases,
                             List<ConfigProblem> problems) {
        this.universes = Collections.unmodifiableMap(new TreeMap<>(universes));
        this.aliases = Collections.unmodifiableMap(new TreeMap<>(aliases));
        this.problems = List.copyOf(problems);
    }

    /** The built-in lists plus those of the default directory, {@code <config dir>/universes}. */
    public static UniverseRegistry standard() {
        return load(ConfigLoader.defaultConfigDir().resolve(ConfigLoader.UNIVERSES_DIR_NAME));
    }

    /** Only the lists shipped in the jar. */
    public static UniverseRegistry builtIn() {
        return load(null);
    }

    /**
     * The built-in lists plus the {@code .txt} files and {@code aliases.txt} of
     * {@code overrideDir}; a {@code null} or missing directory adds nothing.
     */
    public static UniverseRegistry load(Path overrideDir) {
        Map<String, Universe> universes = new HashMap<>();
        Map<String, String> aliasLines = new HashMap<>();
        Map<String, String> aliasSources = new HashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();

        for (String name : resourceLines(INDEX)) {
            String source = BUILT_IN + " " + name + EXTENSION;
            universes.put(name, parseUniverse(name, source, resourceLines(name + EXTENSION), problems));
        }
        readAliases(BUILT_IN + " " + ALIASES, resourceLines(ALIASES), aliasLines, aliasSources, problems);

        if (overrideDir != null && Files.isDirectory(overrideDir)) {
            loadDirectory(overrideDir, universes, aliasLines, aliasSources, problems);
        }
        Map<String, String> aliases = checkAliases(aliasLines, aliasSources, universes, problems);
        return new UniverseRegistry(universes, aliases, problems);
    }

    /** Universe names, sorted. Aliases are not included. */
    public SortedSet<String> names() {
        return new TreeSet<>(universes.keySet());
    }

    /** Alias to universe name, sorted by alias. */
    public Map<String, String> aliases() {
        return aliases;
    }

    /** The universe with this name or alias (case-insensitive). */
    public Optional<Universe> find(String nameOrAlias) {
        String n = nameOrAlias.strip().toLowerCase(Locale.ROOT);
        Universe u = universes.get(n);
        if (u == null && aliases.containsKey(n)) {
            u = universes.get(aliases.get(n));
        }
        return Optional.ofNullable(u);
    }

    /** Problems found in the universe files; empty when every line was good. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    /**
     * The tickers of a universe key: a name or alias, else {@code a:b} as the union of its parts.
     *
     * @throws UniverseException naming the key, the unknown part and the known universes
     */
    public List<String> resolve(String key) {
        String k = key.strip().toLowerCase(Locale.ROOT);
        if (k.isEmpty()) {
            throw new UniverseException("empty universe key; known universes: " + describeKnown());
        }
        Optional<Universe> whole = find(k);
        if (whole.isPresent()) {
            return whole.get().tickers();
        }
        if (k.indexOf(':') < 0) {
            throw new UniverseException("unknown universe '" + key.strip() + "'; known universes: "
                    + describeKnown());
        }
        Set<String> union = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String part : k.split(":", -1)) {
            String p = part.strip();
            if (p.isEmpty()) {
                throw new UniverseException("universe key '" + key.strip()
                        + "' has an empty part; write names joined by single ':' (dow30:tech)");
            }
            Optional<Universe> u = find(p);
            if (u.isPresent()) {
                union.addAll(u.get().tickers());
            } else {
                unknown.add(p);
            }
        }
        if (!unknown.isEmpty()) {
            // Only what could be a universe name is quoted back: a part of something else (a URL pasted into
            // the wrong key, say) may hold a password that the masking of the whole value cannot recognise.
            List<String> names = unknown.stream().filter(p -> NAME_LIKE.matcher(p).matches()).toList();
            int others = unknown.size() - names.size();
            String named = names.isEmpty() ? "" : " names unknown universe" + (names.size() == 1 ? " '" : "s '")
                    + String.join("', '", names) + "'";
            String rest = others == 0 ? "" : (named.isEmpty() ? " has " : " and has ") + others
                    + (others == 1 ? " part that is not a universe name" : " parts that are not universe names");
            throw new UniverseException("universe key '" + Secrets.redactUrisIn(key.strip()) + "'" + named + rest
                    + "; known universes: "
                    + describeKnown());
        }
        return List.copyOf(union);
    }

    /** {@code dow30 (30), ... ; aliases: djia=dow30, ...} for error messages. */
    public String describeKnown() {
        String names = universes.values().stream()
                .map(u -> u.name() + " (" + u.size() + ")")
                .collect(Collectors.joining(", "));
        if (aliases.isEmpty()) {
            return names;
        }
        String aliasText = aliases.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        return names + "; aliases: " + aliasText;
    }

    private static void loadDirectory(Path dir, Map<String, Universe> universes,
                                      Map<String, String> aliasLines, Map<String, String> aliasSources,
                                      List<ConfigProblem> problems) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + EXTENSION)) {
            stream.forEach(files::add);
        } catch (IOException e) {
            problems.add(new ConfigProblem("", dir + ": cannot list universe files (" + e.getMessage() + ")"));
            return;
        }
        Collections.sort(files);
        for (Path file : files) {
            String fileName = file.getFileName().toString();
            if (fileName.startsWith(".") || !Files.isRegularFile(file)) {
                continue;
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                problems.add(new ConfigProblem("", file + ": cannot read (" + e.getMessage() + ")"));
                continue;
            }
            if (fileName.equals(ALIASES)) {
                readAliases(file.toString(), lines, aliasLines, aliasSources, problems);
                continue;
            }
            String name = fileName.substring(0, fileName.length() - EXTENSION.length()).toLowerCase(Locale.ROOT);
            if (!NAME.matcher(name).matches()) {
                problems.add(new ConfigProblem("", file + ": '" + name + "' is not a universe name;"
                        + " use lower-case letters, digits, '_' and '-'"));
                continue;
            }
            Universe parsed = parseUniverse(name, file.toString(), lines, problems);
            Universe builtIn = universes.get(name);
            // The shipped folder holds the built-in lists themselves: only a real change is news.
            if (builtIn != null && !builtIn.tickers().equals(parsed.tickers())) {
                LOG.log(Level.INFO, "Universe {0} from {1} replaces the built-in list", name, file);
            }
            universes.put(name, parsed);
        }
    }

    static Universe parseUniverse(String name, String source, List<String> lines, List<ConfigProblem> problems) {
        Map<String, Integer> lineOf = new HashMap<>();
        List<String> tickers = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String content = stripComment(lines.get(i));
            if (content.isEmpty()) {
                continue;
            }
            String where = source + ":" + (i + 1) + ": ";
            String ticker = Tickers.normalize(content);
            if (!Tickers.isValid(ticker)) {
                problems.add(new ConfigProblem("", where + "'" + content + "' is not a ticker; allowed: "
                        + Tickers.ALLOWED + ", one per line"));
                continue;
            }
            Integer first = lineOf.putIfAbsent(ticker, i + 1);
            if (first != null) {
                problems.add(new ConfigProblem("", where + ticker + " is already on line " + first));
                continue;
            }
            tickers.add(ticker);
        }
        return new Universe(name, tickers, source);
    }

    private static void readAliases(String source, List<String> lines, Map<String, String> aliasLines,
                                    Map<String, String> aliasSources, List<ConfigProblem> problems) {
        for (int i = 0; i < lines.size(); i++) {
            String content = stripComment(lines.get(i));
            if (content.isEmpty()) {
                continue;
            }
            String where = source + ":" + (i + 1);
            int eq = content.indexOf('=');
            String alias = eq < 0 ? "" : content.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String target = eq < 0 ? "" : content.substring(eq + 1).strip().toLowerCase(Locale.ROOT);
            if (!ALIAS.matcher(alias).matches() || !NAME.matcher(target).matches()) {
                problems.add(new ConfigProblem("", where + ": expected 'alias = universe', found '"
                        + content + "'"));
                continue;
            }
            aliasLines.put(alias, target);
            aliasSources.put(alias, where);
        }
    }

    private static Map<String, String> checkAliases(Map<String, String> aliasLines, Map<String, String> aliasSources,
                                                    Map<String, Universe> universes, List<ConfigProblem> problems) {
        Map<String, String> aliases = new HashMap<>();
        new TreeMap<>(aliasLines).forEach((alias, target) -> {
            String where = aliasSources.get(alias);
            if (universes.containsKey(alias)) {
                problems.add(new ConfigProblem("", where + ": alias '" + alias
                        + "' is also a universe name; rename one of them"));
            } else if (!universes.containsKey(target)) {
                problems.add(new ConfigProblem("", where + ": alias '" + alias + "' points to unknown universe '"
                        + target + "'; known universes: " + String.join(", ", new TreeSet<>(universes.keySet()))));
            } else {
                aliases.put(alias, target);
            }
        });
        return aliases;
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return (hash < 0 ? line : line.substring(0, hash)).strip();
    }

    /** Lines of a built-in resource; a missing one means a broken build, not bad configuration. */
    private static List<String> resourceLines(String name) {
        String path = RESOURCE_DIR + name;
        try (InputStream in = UniverseRegistry.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("built-in universe resource missing: " + path);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> lines = reader.lines().collect(Collectors.toList());
            if (name.equals(INDEX)) {
                lines.replaceAll(String::strip);
                lines.removeIf(l -> l.isEmpty() || l.startsWith("#"));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read built-in universe resource " + path, e);
        }
    }
}
