/**
 * JMH benchmarks of the span processor and the observe wrapper, each against a same-run baseline.
 */
package io.last9.genai.bench;
