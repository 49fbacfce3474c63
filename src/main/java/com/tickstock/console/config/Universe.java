package com.tickstock.console.config;

import java.util.List;
import java.util.Objects;

/**
 * A named list of tickers, e.g. {@code dow30}.
 *
 * @param name    lower-case name, the file name without {@code .txt}
 * @param tickers normalized tickers in file order, without repeats
 * @param source  where the list came from: {@code built-in} or the override file's path
 */
public record Universe(String name, List<String> tickers, String source) {

    public Universe {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        tickers = List.copyOf(tickers);
    }

    public int size() {
        return tickers.size();
    }
}
