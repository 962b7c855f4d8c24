/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.openai.internal;

import com.openai.core.RequestOptions;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.StructuredResponseCreateParams;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * A dynamic proxy over one openai-java service interface: the methods {@link #intercept} handles
 * run our code (typed calls on the delegate, no reflection); every other method goes to the
 * delegate unchanged.
 */
abstract class Interceptor<T> implements InvocationHandler {

  /** Returned by {@link #intercept} for "not mine". */
  static final Object PASS = new Object();

  final T delegate;
  private final Class<T> type;

  Interceptor(T delegate, Class<T> type) {
    this.delegate = delegate;
    this.type = type;
  }

  /** Handles a call, or returns {@link #PASS}. */
  abstract Object intercept(String name, Class<?>[] params, Object[] args) throws Throwable;

  @Override
  public final Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    Object r = intercept(method.getName(), method.getParameterTypes(), args);
    if (r != PASS) {
      return r;
    }
    try {
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  final T proxy() {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, this));
  }

  /**
   * The arguments of a {@code create(params)} or {@code create(params, RequestOptions)} call whose
   * first parameter is {@code paramsType}, or {@code null} for any other signature.
   */
  static <P> CreateCall<P> createCall(Class<?>[] params, Object[] args, Class<P> paramsType) {
    boolean withOptions = is(params, paramsType, RequestOptions.class);
    if (!withOptions && !is(params, paramsType)) {
      return null;
    }
    return new CreateCall<>(
        paramsType.cast(args[0]), withOptions ? (RequestOptions) args[1] : RequestOptions.none());
  }

  /**
   * The two arguments every openai-java {@code create} method takes.
   *
   * @param params the request parameters
   * @param options the request options ({@code RequestOptions.none()} when the caller passed none)
   */
  record CreateCall<P>(P params, RequestOptions options) {}

  /**
   * The arguments of a Responses {@code create} / {@code createStreaming} call, with plain or
   * structured-output params (whose raw params are what is sent), or {@code null} for any other
   * method.
   */
  static CreateCall<ResponseCreateParams> responsesCall(Class<?>[] params, Object[] args) {
    CreateCall<ResponseCreateParams> plain = createCall(params, args, ResponseCreateParams.class);
    if (plain != null) {
      return plain;
    }
    boolean withOptions = is(params, StructuredResponseCreateParams.class, RequestOptions.class);
    if (!withOptions && !is(params, StructuredResponseCreateParams.class)) {
      return null;
    }
    return new CreateCall<>(
        ((StructuredResponseCreateParams<?>) args[0]).rawParams(),
        withOptions ? (RequestOptions) args[1] : RequestOptions.none());
  }

  static boolean is(Class<?>[] params, Class<?>... expected) {
    if (params.length != expected.length) {
      return false;
    }
    for (int i = 0; i < params.length; i++) {
      if (params[i] != expected[i]) {
        return false;
      }
    }
    return true;
  }
}
