package com.tickstock.console.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders secrets (the API key, tokens, passwords inside URLs) so they can appear in logs,
 * error messages and the UI without being disclosed.
 */
public final class Secrets {

    /** Below this length even a short prefix would give away too much of the secret. */
    static final int MIN_LENGTH_FOR_PREFIX = 16;
    private static final int PREFIX_LENGTH = 4;
    /** Greedy up to the last '@': a password may itself hold an unescaped '@' ({@code redis://:se@cret@host}). */
    private static final Pattern URI_USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)(.*)@");
    /** User information of a URL anywhere in a text, up to the last '@' before a space or quote. */
    private static final Pattern URI_USER_INFO_IN_TEXT = Pattern.compile(
            "([A-Za-z][A-Za-z0-9+.-]*://)[^\\s'\"]*@");

    private Secrets() {
    }

    /**
     * A masked form: {@code (not set)}, {@code (empty)}, {@code ****} for short values, or the
     * first four characters and the length for long ones ({@code abcd…(32 chars)}), which is
     * enough for an operator to tell two keys apart.
     */
    public static String mask(String secret) {
        if (secret == null) {
            return "(not set)";
        }
        if (secret.isEmpty()) {
            return "(empty)";
        }
        int length = secret.codePointCount(0, secret.length());
        if (length < MIN_LENGTH_FOR_PREFIX) {
            return "****";
        }
        int prefixEnd = secret.offsetByCodePoints(0, PREFIX_LENGTH);
        return secret.substring(0, prefixEnd) + "…(" + length + " chars)";
    }

    /**
     * The URI with any user information (a Redis password, typically) replaced by {@code ****};
     * everything else is kept so the operator can still see which host is meant.
     */
    public static String redactUri(String uri) {
        if (uri == null) {
            return "(not set)";
        }
        Matcher m = URI_USER_INFO.matcher(uri);
        if (m.find()) {
            return redactQueryValues(m.group(1) + "****@" + uri.substring(m.end()));
        }
        int scheme = uri.indexOf("://");
        if (scheme >= 0) {
            return redactQueryValues(uri.substring(0, scheme + 3) + maskNonNumericPort(uri.substring(scheme + 3)));
        }
        // Not URI-shaped but carrying an '@': a password may hide in it, show nothing.
        return uri.indexOf('@') >= 0 ? mask(uri) : uri;
    }

    /**
     * What follows {@code ://} in a URL without user information, masked from a port that is not a number on:
     * {@code user:password} without its {@code @host} reads as a host and a port, and that "port" (with whatever
     * follows, as a password may hold '/', '?' or '#') may well be the password. Shared by {@link #redactUri} and
     * {@link RedisUrl#mask}.
     */
    static String maskNonNumericPort(String afterScheme) {
        int end = afterScheme.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int i = afterScheme.indexOf(c);
            end = i >= 0 ? Math.min(end, i) : end;
        }
        String authority = afterScheme.substring(0, end);
        int colon = authority.lastIndexOf(':');
        if (colon < 0 || authority.indexOf(']') > colon) {
            return afterScheme;
        }
        String port = authority.substring(colon + 1);
        return port.isEmpty() || port.chars().allMatch(c -> c >= '0' && c <= '9') ? afterScheme
                : authority.substring(0, colon + 1) + "***";
    }

    /**
     * The text with the user information of every URL in it ({@code redis://user:password@host}) replaced by
     * {@code ****}: for messages that quote a value, wherever it was pasted.
     */
    public static String redactUrisIn(String text) {
        String redacted = text.indexOf('@') < 0 ? text : URI_USER_INFO_IN_TEXT.matcher(text).replaceAll("$1****@");
        return redactQueryValues(redacted);
    }

    /** Every query value of the URLs in a text replaced by {@code ***}: {@code ?password=...} is a credential too. */
    private static String redactQueryValues(String text) {
        if (text.indexOf('=') < 0 || !text.contains("://")) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int scheme = text.indexOf("://", i);
            if (scheme < 0) {
                break;
            }
            int end = scheme;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '\''
                    && text.charAt(end) != '"') {
                end++;
            }
            String url = text.substring(scheme, end);
            int q = url.indexOf('?');
            out.append(text, i, scheme);
            if (q < 0) {
                out.append(url);
            } else {
                out.append(url, 0, q + 1);
                String[] parameters = url.substring(q + 1).split("&", -1);
                for (int p = 0; p < parameters.length; p++) {
                    int eq = parameters[p].indexOf('=');
                    out.append(p > 0 ? "&" : "").append(eq < 0 ? parameters[p] : parameters[p].substring(0, eq + 1) + "***");
                }
            }
            i = end;
        }
        return out.append(text, i, text.length()).toString();
    }
}
