/**
 * Where turn counters live: {@link io.last9.genai.turns.TurnStore} numbers the turns of a
 * conversation, {@link io.last9.genai.turns.InMemoryTurnStore} (bounded, idle entries expire) is
 * the default, and {@code last9-genai-redis} shares the counters across replicas.
 */
package io.last9.genai.turns;
