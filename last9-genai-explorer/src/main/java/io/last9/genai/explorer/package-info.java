/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The explorer: one {@code java -jar} that receives OTLP and shows conversations, turn by turn, and
 * what they cost, as web pages and a JSON API on localhost. Start it with {@link
 * io.last9.genai.explorer.Explorer#main} or {@link io.last9.genai.explorer.Explorer#start}.
 */
package io.last9.genai.explorer;
