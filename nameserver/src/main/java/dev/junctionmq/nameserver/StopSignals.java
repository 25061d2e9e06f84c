package dev.junctionmq.nameserver;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

/**
 * Runs a callback on SIGTERM and SIGINT, so the process can close cleanly and exit 0 rather than 143. Reaches
 * {@code sun.misc.Signal} (module jdk.unsupported) by reflection; without it the shutdown hook still closes.
 */
final class StopSignals {

    private static final Logger log = LoggerFactory.getLogger(StopSignals.class);

    private StopSignals() {
    }

    static void onStop(Runnable callback) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            InvocationHandler onSignal = (proxy, method, args) -> {
                if ("handle".equals(method.getName())) {
                    callback.run();
                }
                return null;
            };
            Object handler = Proxy.newProxyInstance(StopSignals.class.getClassLoader(), new Class<?>[] {handlerType},
                    onSignal);
            for (String name : new String[] {"TERM", "INT"}) {
                signal.getMethod("handle", signal, handlerType)
                        .invoke(null, signal.getConstructor(String.class).newInstance(name), handler);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("no signal handlers; the shutdown hook closes the name server", e);
        }
    }
}
