package com.tickstock.console.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UniverseRegistryTest {

    private static final UniverseRegistry BUILT_IN = UniverseRegistry.builtIn();
    private static final Path RESOURCE_DIR = Path.of("config/universes");
    private static final List<String> SECTORS = List.of("tech", "financials", "energy", "healthcare");

    @Test
    void everyShippedUniverseLoadsWithoutProblems() {
        assertThat(BUILT_IN.problems()).isEmpty();
        assertThat(BUILT_IN.names())
                .containsExactly("dow30", "energy", "financials", "healthcare", "nasdaq100", "tech", "top_500");
    }

    @Test
    void indexListsExactlyTheShippedUniverseFiles() throws IOException {
        Set<String> files;
        try (Stream<Path> s = Files.list(RESOURCE_DIR)) {
            files = s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".txt") && !n.equals(UniverseRegistry.ALIASES))
                    .map(n -> n.substring(0, n.length() - 4))
                    .collect(Collectors.toSet());
        }
        assertThat(BUILT_IN.names()).containsExactlyInAnyOrderElementsOf(files);
    }

    @Test
    void shippedUniversesHaveSaneSizes() {
        assertThat(size("dow30")).isEqualTo(30);
        assertThat(size("nasdaq100")).isBetween(98, 103);
        assertThat(size("top_500")).isBetween(495, 510);
        for (String sector : SECTORS) {
            assertThat(size(sector)).as(sector).isBetween(20, 120);
        }
    }

    @Test
    void shippedListsHaveNoRepeatedTickers() {
        for (String name : BUILT_IN.names()) {
            List<String> tickers = BUILT_IN.find(name).orElseThrow().tickers();
            assertThat(new HashSet<>(tickers)).as(name).hasSameSizeAs(tickers);
        }
    }

    @Test
    void shippedFilesNeedNoNormalizing() throws IOException {
        for (String name : BUILT_IN.names()) {
            List<String> lines = Files.readAllLines(RESOURCE_DIR.resolve(name + ".txt"), StandardCharsets.UTF_8);
            List<String> tickerLines = lines.stream().filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .collect(Collectors.toList());
            assertThat(tickerLines).as(name).allSatisfy(l -> assertThat(l).isEqualTo(Tickers.normalize(l)));
        }
    }

    @Test
    void dowAndSectorListsAreLargeCapsFromTop500() {
        Set<String> top500 = new HashSet<>(BUILT_IN.resolve("top_500"));
        assertThat(top500).containsAll(BUILT_IN.resolve("dow30"));
        for (String sector : SECTORS) {
            assertThat(top500).as(sector).containsAll(BUILT_IN.resolve(sector));
        }
    }

    @Test
    void sectorListsAreDisjointSoTheyCanShareAConsole() {
        for (int i = 0; i < SECTORS.size(); i++) {
            for (int j = i + 1; j < SECTORS.size(); j++) {
                Set<String> overlap = new HashSet<>(BUILT_IN.resolve(SECTORS.get(i)));
                overlap.retainAll(BUILT_IN.resolve(SECTORS.get(j)));
                assertThat(overlap).as(SECTORS.get(i) + " vs " + SECTORS.get(j)).isEmpty();
            }
        }
    }

    @Test
    void wellKnownMembersAreWhereExpected() {
        assertThat(BUILT_IN.resolve("dow30")).contains("AAPL", "NVDA", "SHW", "AMZN").doesNotContain("INTC");
        assertThat(BUILT_IN.resolve("nasdaq100")).contains("AAPL", "GOOGL", "GOOG", "ASML", "PLTR");
        assertThat(BUILT_IN.resolve("top_500")).contains("BRK.B", "JPM", "XOM");
        assertThat(BUILT_IN.resolve("financials")).contains("JPM", "V").doesNotContain("AAPL");
    }

    @Test
    void seedKeyMarketLeadersTop500ResolvesToTop500AsAWhole() {
        assertThat(BUILT_IN.resolve("market_leaders:top_500")).isEqualTo(BUILT_IN.resolve("top_500"));
        assertThat(BUILT_IN.resolve("market_leaders_top_500")).isEqualTo(BUILT_IN.resolve("top_500"));
    }

    @Test
    void colonJoinsUniversesInOrderWithoutRepeats() {
        List<String> union = BUILT_IN.resolve("dow30:tech");
        List<String> dow = BUILT_IN.resolve("dow30");
        assertThat(union.subList(0, dow.size())).isEqualTo(dow);
        assertThat(new HashSet<>(union)).hasSameSizeAs(union);
        Set<String> expected = new HashSet<>(dow);
        expected.addAll(BUILT_IN.resolve("tech"));
        assertThat(union).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void namesAndAliasesIgnoreCaseAndSurroundingSpace() {
        assertThat(BUILT_IN.resolve(" DOW30 ")).hasSize(30);
        assertThat(BUILT_IN.resolve("DJIA")).hasSize(30);
        assertThat(BUILT_IN.resolve("Energy : HealthCare")).hasSize(size("energy") + size("healthcare"));
    }

    @Test
    void unknownUniverseNamesTheKeyAndTheKnownUniverses() {
        assertThatThrownBy(() -> BUILT_IN.resolve("dow31"))
                .isInstanceOf(UniverseException.class)
                .hasMessageContaining("unknown universe 'dow31'")
                .hasMessageContaining("dow30 (30)")
                .hasMessageContaining("top_500")
                .hasMessageContaining("market_leaders:top_500=top_500");
    }

    @Test
    void unionWithAnUnknownPartNamesThatPart() {
        assertThatThrownBy(() -> BUILT_IN.resolve("dow30:bogus:nope"))
                .isInstanceOf(UniverseException.class)
                .hasMessageContaining("universe key 'dow30:bogus:nope' names unknown universes 'bogus', 'nope'")
                .hasMessageContaining("known universes: ");
    }

    @Test
    void aUrlPastedAsAUniverseKeyIsNotQuotedBackInParts() {
        assertThatThrownBy(() -> BUILT_IN.resolve("dow30:rediss://u:planted-secret@h:1/99"))
                .isInstanceOf(UniverseException.class)
                .hasMessageContaining("names unknown universe 'rediss' and has 3 parts that are not universe names")
                .hasMessageNotContaining("planted-secret");
    }

    @Test
    void emptyPartOfAUnionIsAnError() {
        assertThatThrownBy(() -> BUILT_IN.resolve("dow30::tech")).hasMessageContaining("has an empty part");
        assertThatThrownBy(() -> BUILT_IN.resolve("dow30:")).hasMessageContaining("has an empty part");
    }

    @Test
    void emptyKeyIsAnError() {
        assertThatThrownBy(() -> BUILT_IN.resolve("  ")).hasMessageContaining("empty universe key");
    }

    @Test
    void directoryAddsUniversesAndReplacesBuiltInOnes(@TempDir Path dir) throws IOException {
        write(dir, "watch.txt", "# my list", "aapl", "", "msft  # trailing comment", "BRK.B");
        write(dir, "dow30.txt", "IBM");
        write(dir, "README.md", "not a universe");
        UniverseRegistry r = UniverseRegistry.load(dir);
        assertThat(r.problems()).isEmpty();
        assertThat(r.resolve("watch")).containsExactly("AAPL", "MSFT", "BRK.B");
        assertThat(r.resolve("dow30")).containsExactly("IBM");
        assertThat(r.find("watch").orElseThrow().source()).endsWith("watch.txt");
        assertThat(r.names()).contains("watch", "top_500").doesNotContain("readme");
    }

    @Test
    void badLinesInAUniverseFileAreReportedWithFileAndLine(@TempDir Path dir) throws IOException {
        write(dir, "mine.txt", "AAPL", "NOT A TICKER", "aapl", "BRK-B");
        UniverseRegistry r = UniverseRegistry.load(dir);
        Path file = dir.resolve("mine.txt");
        assertThat(r.problems()).extracting(ConfigProblem::message).containsExactly(
                file + ":2: 'NOT A TICKER' is not a ticker; allowed: " + Tickers.ALLOWED + ", one per line",
                file + ":3: AAPL is already on line 1",
                file + ":4: 'BRK-B' is not a ticker; allowed: " + Tickers.ALLOWED + ", one per line");
        assertThat(r.resolve("mine")).containsExactly("AAPL");
    }

    @Test
    void badUniverseFileNameIsReported(@TempDir Path dir) throws IOException {
        write(dir, "my list.txt", "AAPL");
        assertThat(UniverseRegistry.load(dir).problems()).singleElement().extracting(ConfigProblem::message)
                .asString().contains("'my list' is not a universe name");
    }

    @Test
    void aliasesFileInTheDirectoryAddsAliases(@TempDir Path dir) throws IOException {
        write(dir, "aliases.txt", "# mine", "blue_chips = dow30", "Leaders:Tech = tech");
        UniverseRegistry r = UniverseRegistry.load(dir);
        assertThat(r.problems()).isEmpty();
        assertThat(r.resolve("blue_chips")).hasSize(30);
        assertThat(r.resolve("leaders:tech")).isEqualTo(r.resolve("tech"));
        assertThat(r.names()).doesNotContain("aliases");
    }

    @Test
    void brokenAliasesAreReported(@TempDir Path dir) throws IOException {
        write(dir, "aliases.txt", "x = nowhere", "dow30 = tech", "no equals sign");
        assertThat(UniverseRegistry.load(dir).problems()).extracting(ConfigProblem::message)
                .anySatisfy(m -> assertThat(m).contains("alias 'x' points to unknown universe 'nowhere'"))
                .anySatisfy(m -> assertThat(m).contains("alias 'dow30' is also a universe name"))
                .anySatisfy(m -> assertThat(m).contains(":3: expected 'alias = universe'"));
    }

    @Test
    void missingDirectoryGivesTheBuiltInLists(@TempDir Path dir) {
        UniverseRegistry r = UniverseRegistry.load(dir.resolve("absent"));
        assertThat(r.problems()).isEmpty();
        assertThat(r.names()).isEqualTo(BUILT_IN.names());
    }

    @Test
    void standardRegistryReadsTheCheckoutsConfigDirectory() {
        UniverseRegistry r = UniverseRegistry.standard();
        assertThat(r.problems()).isEmpty();
        assertThat(r.names()).containsAll(BUILT_IN.names());
    }

    private static int size(String name) {
        return BUILT_IN.find(name).orElseThrow().size();
    }

    static void write(Path dir, String name, String... lines) throws IOException {
        Files.write(dir.resolve(name), List.of(lines), StandardCharsets.UTF_8);
    }
}
