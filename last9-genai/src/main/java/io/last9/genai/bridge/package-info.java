/**
 * The bridge to the OpenTelemetry Java agent: everything the {@code
 * last9-genai-javaagent-extension} binds to in the application's copy of last9-genai. A stable,
 * versioned contract between two builds of the library; not for application code.
 *
 * <p>Under the Java agent the application's copy of the library (on its class path) and the
 * extension's copy (inside the agent) live in different class loaders and share no class of their
 * own. The extension finds the application's classes by name, instruments some, calls others from
 * code it injects beside them, and passes state between the copies as JDK types only. The two
 * copies may come from different releases, so what the extension relies on is fixed here and
 * carries a version, {@link io.last9.genai.bridge.BridgeContract#VERSION}.
 *
 * <h2>What the extension binds to (version 1)</h2>
 *
 * <ul>
 *   <li>{@link io.last9.genai.bridge.BridgeContract} and its {@link
 *       io.last9.genai.bridge.BridgeContract.Version} annotation, read from the class file.
 *   <li>{@link io.last9.genai.bridge.ContextHook#with(io.opentelemetry.context.Context,
 *       io.opentelemetry.context.ContextKey, Object)}: instrumented; what it returns is replaced by
 *       a context that also carries the state to the agent. {@link
 *       io.last9.genai.bridge.ContextHook#payloadOf(Object)}: called from the injected code, with
 *       the value {@code with} stored.
 *   <li>{@link io.last9.genai.bridge.TelemetryHook#globalIsSet()}: instrumented to return {@code
 *       true}.
 *   <li>{@link io.last9.genai.bridge.ObserveHook#enter} and {@link
 *       io.last9.genai.bridge.ObserveHook#exit}: called from the advice woven into every method
 *       annotated {@link io.last9.genai.observe.ObserveGenAi} (whose name the public API keeps
 *       stable).
 *   <li>{@link io.last9.genai.bridge.Payload}: the envelope of every payload, and each kind's
 *       fields (the scope state's, the observed call's), which the extension's copy reads with its
 *       own code.
 *   <li>{@link io.last9.genai.bridge.SharedCells}: the cells both copies update.
 * </ul>
 *
 * <h2>What may change within a version</h2>
 *
 * <ul>
 *   <li>The hooks' bodies, and everything outside this package.
 *   <li>New fields appended to a payload kind: a reader takes a missing field as absent and ignores
 *       fields it does not know.
 *   <li>New payload kinds: a reader leaves a kind it does not know out.
 *   <li>New classes and methods here, as long as an extension of the same version does not need
 *       them.
 * </ul>
 *
 * <p>Anything else raises the version: renaming, moving or removing a class or method listed above,
 * changing its signature or what it promises, removing, reordering or retyping a payload field,
 * renaming a kind, changing a shared cell's layout or meaning.
 *
 * <h2>Versions</h2>
 *
 * <p>Version 1 is the first. A build of last9-genai from before the contract had a version has no
 * {@code BridgeContract} class and counts as version 0, "no version". An extension bridges the
 * versions it lists as supported: its own, and the older ones it can still serve. On any other, it
 * logs one warning naming both versions and leaves the application's classes alone: the application
 * runs as it would without the extension's bridge, the agent still exports (and the extension still
 * prices) every span, but the agent's spans carry none of the application's conversations,
 * workflows or turns, and {@code @ObserveGenAi} methods are not woven.
 */
package io.last9.genai.bridge;
