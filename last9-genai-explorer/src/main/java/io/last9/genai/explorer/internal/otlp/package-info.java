/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The explorer's implementation (internal, not for public use): the OTLP receiver, over HTTP
 * (protobuf and JSON) and gRPC.
 */
package io.last9.genai.explorer.internal.otlp;
