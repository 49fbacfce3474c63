package com.tickstock.console.republish;

import java.io.IOException;

/** What the republisher tests against a real redis-server share. */
final class RepublishTestSupport {

    private RepublishTestSupport() {
    }

    /** Closes what a test opened, the republisher before the server it writes to; either may be null. */
    static void closeBoth(RedisRepublisher republisher, RedisServerProcess redis) throws InterruptedException, IOException {
        if (republisher != null) {
            republisher.close();
        }
        if (redis != null) {
            redis.close();
        }
    }
}
