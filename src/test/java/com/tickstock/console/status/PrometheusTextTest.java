package com.tickstock.console.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void aCounterPastTwoToTheFiftyThirdIsWrittenToItsLastDigit() {
        long past = (1L << 53) + 1;
        StringBuilder out = new StringBuilder();
        PrometheusText text = new PrometheusText(out);
        text.sample("tickstock_x_total", past, "connection", "c1");
        assertEquals("tickstock_x_total{connection=\"c1\"} 9007199254740993\n", out.toString());
    }

    @Test
    void fractionsStillUseTheDoubleForm() {
        StringBuilder out = new StringBuilder();
        PrometheusText text = new PrometheusText(out);
        text.sample("tickstock_uptime_seconds", 1.5);
        assertEquals("tickstock_uptime_seconds 1.5\n", out.toString());
    }
}
