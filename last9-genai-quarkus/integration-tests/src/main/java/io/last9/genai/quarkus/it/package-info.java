/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * A small Quarkus chat service the extension's integration tests run: a quarkus-langchain4j AI
 * service behind REST endpoints. Not published.
 */
package io.last9.genai.quarkus.it;
