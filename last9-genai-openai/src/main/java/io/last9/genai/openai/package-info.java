/**
 * last9-genai for openai-java: one call wraps a client so its chat, Responses and embedding calls
 * are traced and priced.
 */
package io.last9.genai.openai;
