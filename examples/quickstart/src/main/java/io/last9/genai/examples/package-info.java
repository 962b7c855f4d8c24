/**
 * The demo: the three examples (a conversation, a workflow, a conversation of workflows) on real
 * clients against local servers, answered from exported spans.
 */
package io.last9.genai.examples;
