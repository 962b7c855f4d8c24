/**
 * last9-genai for LangChain4j: priced, conversation-aware chat and embedding spans for any
 * LangChain4j model.
 */
package io.last9.genai.langchain4j;
