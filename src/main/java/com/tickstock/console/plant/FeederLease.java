package com.tickstock.console.plant;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The Redis side of the group's leader lease: one key whose value names its holder ({@code id/instance}) and whose
 * expiry is the lease. Redis alone arbitrates: taking is {@code SET NX PX}, renewing and releasing are scripts that
 * act only while the key still holds this instance's value, so a feeder can never renew or delete a lease that
 * another one took after it expired.
 *
 * <p>Stateless apart from its names: every call gets the commands of a connection its caller owns.
 */
final class FeederLease {

    /** Renews only the caller's own lease: 1 when renewed, 0 when it is gone or another's. */
    private static final String RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
    /** Deletes only the caller's own lease, for a clean hand-over. */
    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('del', KEYS[1]) else return 0 end";
    /** Replaces a lease left by an earlier instance of the same feeder id (exact old value), with a new expiry. */
    private static final String REPLACE = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 else return 0 end";

    /** Who holds the lease and for how much longer; {@code holder} null when nobody does. */
    record Holder(String value, long remainingMillis) {

        String feederId() {
            return value == null ? null : idOf(value);
        }
    }

    private final String key;
    private final String value;
    private final long leaseMillis;

    FeederLease(String key, String feederId, String instance, long leaseMillis) {
        this.key = key;
        this.value = feederId + "/" + instance;
        this.leaseMillis = leaseMillis;
    }

    static String idOf(String leaseValue) {
        int slash = leaseValue.indexOf('/');
        return slash < 0 ? leaseValue : leaseValue.substring(0, slash);
    }

    String value() {
        return value;
    }

    /** Takes the lease if nobody holds it. */
    boolean tryTake(RedisCommands<String, String> redis) {
        return "OK".equals(redis.set(key, value, SetArgs.Builder.nx().px(leaseMillis)));
    }

    /** Takes over the lease from {@code previous} (an earlier instance of this feeder id), if it still holds it. */
    boolean replace(RedisCommands<String, String> redis, String previous) {
        Long done = redis.eval(REPLACE, ScriptOutputType.INTEGER, new String[] {key}, previous, value,
                String.valueOf(leaseMillis));
        return done != null && done == 1L;
    }

    /** Extends this instance's lease by a full term; false when it is no longer this instance's. */
    boolean renew(RedisCommands<String, String> redis) {
        Long done = redis.eval(RENEW, ScriptOutputType.INTEGER, new String[] {key}, value, String.valueOf(leaseMillis));
        return done != null && done == 1L;
    }

    /** Gives the lease up at once (a standby takes over on its next look); false when it was not ours. */
    boolean release(RedisCommands<String, String> redis) {
        Long done = redis.eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key}, value);
        return done != null && done == 1L;
    }

    Holder holder(RedisCommands<String, String> redis) {
        String current = redis.get(key);
        long ttl = current == null ? -2 : redis.pttl(key);
        return new Holder(current, Math.max(0, ttl));
    }
}
