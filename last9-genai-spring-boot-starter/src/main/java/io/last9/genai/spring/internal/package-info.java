/**
 * The starter's auto-configuration classes and the adapters they register.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
package io.last9.genai.spring.internal;
