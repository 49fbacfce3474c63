package com.tickstock.console.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EnvFileParserTest {

    private static EnvFileParser.Result parse(String... lines) {
        return EnvFileParser.parse("test.env", Arrays.asList(lines));
    }

    @Test
    void readsKeyValueLinesSkippingCommentsAndBlankLines() {
        EnvFileParser.Result r = parse("# a comment", "", "   ", "  # indented comment", "A=1", "B=two");
        assertThat(r.problems()).isEmpty();
        assertThat(r.values()).containsExactly(entry("A", "1"), entry("B", "two"));
    }

    @Test
    void stripsExportPrefix() {
        assertThat(parse("export A=1", "export   B=2").values()).containsEntry("A", "1").containsEntry("B", "2");
    }

    @Test
    void emptyValueAfterEqualsIsTheEmptyString() {
        assertThat(parse("A=", "B=   ").values()).containsEntry("A", "").containsEntry("B", "");
    }

    @Test
    void allowsSpacesAroundEquals() {
        assertThat(parse("A = value").values()).containsEntry("A", "value");
    }

    @Test
    void unquotedValueEndsAtCommentAfterWhitespace() {
        assertThat(parse("A=value # note", "B=value\t# note").values())
                .containsEntry("A", "value").containsEntry("B", "value");
    }

    @Test
    void hashInsideUnquotedWordIsKept() {
        assertThat(parse("A=ws://host/#frag").values()).containsEntry("A", "ws://host/#frag");
    }

    @Test
    void doubleQuotedValueKeepsSpacesAndHashAndUnderstandsEscapes() {
        EnvFileParser.Result r = parse("A=\"  two words # not a comment \"", "B=\"say \\\"hi\\\"\\n\\\\\" # comment");
        assertThat(r.problems()).isEmpty();
        assertThat(r.values()).containsEntry("A", "  two words # not a comment ").containsEntry("B", "say \"hi\"\n\\");
    }

    @Test
    void singleQuotedValueIsLiteral() {
        assertThat(parse("A='a \\n $HOME # x'").values()).containsEntry("A", "a \\n $HOME # x");
    }

    @Test
    void quotedEmptyValueIsEmpty() {
        assertThat(parse("A=\"\"", "B=''").values()).containsEntry("A", "").containsEntry("B", "");
    }

    @Test
    void variablesAreNotExpanded() {
        assertThat(parse("A=${HOME}/x").values()).containsEntry("A", "${HOME}/x");
    }

    @Test
    void lineWithoutEqualsIsAnErrorNamingFileAndLine() {
        EnvFileParser.Result r = parse("A=1", "", "NOT A PAIR");
        assertThat(r.problems()).singleElement().extracting(ConfigProblem::message).asString()
                .startsWith("test.env:3: ").contains("expected KEY=VALUE");
    }

    @Test
    void invalidKeyIsAnErrorNamingTheLine() {
        assertThat(parse("1ABC=x").problems()).singleElement().extracting(ConfigProblem::message).asString()
                .startsWith("test.env:1: ").contains("'1ABC' is not a key");
    }

    @Test
    void unterminatedQuoteIsAnErrorThatDoesNotEchoTheValue() {
        EnvFileParser.Result r = parse("MASSIVE_API_KEY=\"abcd1234efgh5678ijkl");
        assertThat(r.problems()).singleElement().extracting(ConfigProblem::message).asString()
                .isEqualTo("test.env:1: MASSIVE_API_KEY: unterminated double quote (values cannot span lines)");
        assertThat(r.values()).doesNotContainKey("MASSIVE_API_KEY");
    }

    @Test
    void textAfterClosingQuoteIsAnError() {
        assertThat(parse("A=\"x\" y").problems()).singleElement().extracting(ConfigProblem::message).asString()
                .startsWith("test.env:1: A: unexpected text after the closing double quote");
    }

    @Test
    void everyMalformedLineIsReportedAndGoodLinesAreStillRead() {
        EnvFileParser.Result r = parse("BAD ONE", "A=1", "=x", "B='open");
        assertThat(r.problems()).extracting(ConfigProblem::message)
                .anySatisfy(m -> assertThat(m).startsWith("test.env:1: "))
                .anySatisfy(m -> assertThat(m).startsWith("test.env:3: "))
                .anySatisfy(m -> assertThat(m).startsWith("test.env:4: "));
        assertThat(r.values()).containsOnlyKeys("A");
    }

    @Test
    void aPastedTokenOnItsOwnLineIsNotEchoed() {
        EnvFileParser.Result r = parse("abcd1234efgh5678ijkl9012mnop3456");
        assertThat(r.problems().get(0).message()).doesNotContain("5678").contains("abcd…(32 chars)");
    }

    @Test
    void repeatedKeyTakesTheLaterValueWithAWarning() {
        EnvFileParser.Result r = parse("A=1", "A=2");
        assertThat(r.values()).containsEntry("A", "2");
        assertThat(r.warnings()).singleElement().asString().contains("test.env:2: A repeats line 1");
    }

    @Test
    void byteOrderMarkIsIgnored() {
        assertThat(parse("\uFEFFA=1").values()).containsEntry("A", "1");
    }

    @Test
    void readsUtf8FileFromDisk(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("x.env");
        Files.write(file, List.of("export NAME=\"März\"", "# done"), StandardCharsets.UTF_8);
        EnvFileParser.Result r = EnvFileParser.parse(file);
        assertThat(r.problems()).isEmpty();
        assertThat(r.values()).containsEntry("NAME", "März");
    }

    @Test
    void problemsInAFileNameItsPath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.env");
        Files.write(file, List.of("A=1", "oops"), StandardCharsets.UTF_8);
        assertThat(EnvFileParser.parse(file).problems()).singleElement().extracting(ConfigProblem::message)
                .asString().startsWith(file + ":2: ");
    }

    @Test
    void missingFileIsAProblemNotAnException(@TempDir Path dir) {
        Path file = dir.resolve("absent.env");
        assertThat(EnvFileParser.parse(file).problems()).singleElement().extracting(ConfigProblem::message)
                .asString().isEqualTo("config file not found: " + file);
    }

    private static java.util.Map.Entry<String, String> entry(String k, String v) {
        return java.util.Map.entry(k, v);
    }
}
