/**
 * Message content: whether observed calls capture it ({@link
 * io.last9.genai.content.ContentCapture}), how long a captured field may be ({@link
 * io.last9.genai.content.ContentField}), and how it is redacted before it leaves the process
 * ({@link io.last9.genai.content.ContentRedactor}, {@link io.last9.genai.content.RedactionRules}).
 */
package io.last9.genai.content;
