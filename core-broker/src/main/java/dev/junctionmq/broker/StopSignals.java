package dev.junctionmq.broker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

/**
 * Turns SIGTERM and SIGINT into a callback, so the broker can close cleanly and exit with status 0 instead of the
 * JVM's 143. Uses {@code sun.misc.Signal} reflectively (module jdk.unsupported); where it is missing, the JVM's
 * default handling and the shutdown hook still close the store.
 */
final class StopSignals {

    private static final Logger log = LoggerFactory.getLogger(StopSignals.class);

    private StopSignals() {
    }

    static void onStop(Runnable action) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            InvocationHandler invocation = (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                    action.run();
                }
                return null;
            };
            Object handler = Proxy.newProxyInstance(StopSignals.class.getClassLoader(), new Class<?>[] {handlerClass},
                    invocation);
            for (String name : new String[] {"TERM", "INT"}) {
                Object signal = signalClass.getConstructor(String.class).newInstance(name);
                signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("signal handlers not installed; relying on the shutdown hook", e);
        }
    }
}
