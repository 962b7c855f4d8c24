/**
 * The demo: the blog post's examples on real clients against local servers, answered from exported
 * spans.
 */
package io.last9.genai.examples;
