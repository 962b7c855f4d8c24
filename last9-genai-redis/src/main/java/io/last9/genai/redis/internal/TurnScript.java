/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.redis.internal;

import java.util.List;

/**
 * The one Lua script the store runs: a turn, or (with only the first two keys) an epoch check that
 * touches no counter, used to warm the connection up and to look at Redis again after a reconnect.
 *
 * <p>Keys: {@code KEYS[1]} the epoch marker, {@code KEYS[2]} the loss window, {@code KEYS[3]} the
 * conversation's counter, {@code KEYS[4]} its "may repeat" flag. Arguments: {@code ARGV[1]} the
 * idle expiry in ms, {@code ARGV[2]} the highest number the caller has used for the conversation
 * (its floor), {@code ARGV[3]} the epoch the caller saw within the idle expiry (empty if none),
 * {@code ARGV[4]} the epoch to create when there is none, {@code ARGV[5]} how long the epoch marker
 * lives after the last call, in ms (twice the idle expiry: longer than any caller remembers it, so
 * that the marker's own expiry is never taken for a loss).
 *
 * <ul>
 *   <li><b>Epoch.</b> The marker holds a random id, created by the first call that finds none and
 *       kept alive by every call. It is lost when Redis loses its data. A caller that saw another
 *       epoch (or none any more) has seen a loss: the script then opens the loss window, for one
 *       idle expiry.
 *   <li><b>Turn.</b> {@code INCR}; never at or below the caller's floor; {@code PEXPIRE}. A counter
 *       used while the loss window is open gets the flag, and every number of a flagged counter is
 *       answered as "may repeat": it may repeat a number given before the loss, when the counter
 *       was lost with it. The flag lives as long as the counter.
 * </ul>
 *
 * <p>The answer is {@code {number, epoch, mayRepeat}} ({@code number} 0 for an epoch check). Only
 * {@code GET}, {@code SET ... PX}, {@code INCR}, {@code EXISTS} and {@code PEXPIRE}: Redis 2.6.12
 * and newer.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class TurnScript {

  /** The script's source. */
  public static final String SOURCE =
      "local epoch = redis.call('GET', KEYS[1]) "
          + "if not epoch then "
          + "  epoch = ARGV[4] "
          + "  redis.call('SET', KEYS[1], epoch, 'PX', ARGV[5]) "
          + "  if ARGV[3] ~= '' then redis.call('SET', KEYS[2], epoch, 'PX', ARGV[1]) end "
          + "else "
          + "  redis.call('PEXPIRE', KEYS[1], ARGV[5]) "
          + "  if ARGV[3] ~= '' and ARGV[3] ~= epoch and redis.call('GET', KEYS[2]) ~= epoch then "
          + "    redis.call('SET', KEYS[2], epoch, 'PX', ARGV[1]) "
          + "  end "
          + "end "
          + "if #KEYS < 4 then return {0, epoch, 0} end "
          + "local mayRepeat = redis.call('GET', KEYS[2]) == epoch "
          + "  or redis.call('EXISTS', KEYS[4]) == 1 "
          + "local n = redis.call('INCR', KEYS[3]) "
          + "local floor = tonumber(ARGV[2]) "
          + "if n <= floor then n = floor + 1 redis.call('SET', KEYS[3], n) end "
          + "redis.call('PEXPIRE', KEYS[3], ARGV[1]) "
          + "if mayRepeat then "
          + "  redis.call('SET', KEYS[4], '1', 'PX', ARGV[1]) "
          + "  return {n, epoch, 1} "
          + "end "
          + "return {n, epoch, 0}";

  private TurnScript() {}

  /** The keys of a turn of the conversation whose counter is {@code counterKey}. */
  public static String[] turnKeys(String epochKey, String lossKey, String counterKey) {
    return new String[] {epochKey, lossKey, counterKey, TurnKeys.mayRepeatFlag(counterKey)};
  }

  /** The keys of an epoch check. */
  public static String[] epochKeys(String epochKey, String lossKey) {
    return new String[] {epochKey, lossKey};
  }

  /**
   * The script's answer.
   *
   * @param number the turn number; 0 for an epoch check
   * @param epoch the epoch marker's value
   * @param mayRepeat true when the number may repeat one given before Redis lost its data
   */
  public record Reply(long number, String epoch, boolean mayRepeat) {

    /** Decodes the script's answer; null when it is not one. */
    public static Reply of(Object answer) {
      if (!(answer instanceof List<?> list) || list.size() != 3) {
        return null;
      }
      if (list.get(0) instanceof Long number
          && list.get(1) instanceof String epoch
          && list.get(2) instanceof Long mayRepeat) {
        return new Reply(number, epoch, mayRepeat != 0);
      }
      return null;
    }
  }
}
