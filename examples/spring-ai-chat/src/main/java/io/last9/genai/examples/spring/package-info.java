/** A Spring Boot 4 + Spring AI 2 chat service with the last9-genai starter. */
package io.last9.genai.examples.spring;
