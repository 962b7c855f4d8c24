/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/** Sample: a Quarkus + quarkus-langchain4j chat service with the last9-genai extension. */
package io.last9.genai.examples.quarkus;
