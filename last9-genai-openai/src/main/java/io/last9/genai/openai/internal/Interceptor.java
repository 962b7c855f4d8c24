package io.last9.genai.openai.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * A dynamic proxy over one openai-java service interface: the methods {@link #intercept} handles run our code
 * (typed calls on the delegate, no reflection); every other method goes to the delegate unchanged.
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
