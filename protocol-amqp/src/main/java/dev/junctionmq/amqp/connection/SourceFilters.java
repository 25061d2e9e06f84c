package dev.junctionmq.amqp.connection;

import dev.junctionmq.amqp.message.StoredAmqp;
import dev.junctionmq.broker.engine.filter.MessageFilter;
import org.apache.qpid.proton.amqp.DescribedType;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.Source;

import java.util.HashMap;
import java.util.Map;

/**
 * The source filters the broker supports (AMQP filter registry, as Qpid JMS sends them): a JMS selector
 * ({@code apache.org:selector-filter:string}) and no-local ({@code apache.org:no-local-filter:list}). Supported
 * filters are echoed in the attach answer; unknown ones are left out, which tells the client they are not applied
 * (AMQP 1.0 part 3, 3.5.3).
 */
record SourceFilters(MessageFilter filter, Map<Symbol, Object> accepted) {

    private static final Symbol SELECTOR = Symbol.valueOf("apache.org:selector-filter:string");
    private static final UnsignedLong SELECTOR_CODE = UnsignedLong.valueOf(0x0000468C00000004L);
    private static final Symbol NO_LOCAL = Symbol.valueOf("apache.org:no-local-filter:list");
    private static final UnsignedLong NO_LOCAL_CODE = UnsignedLong.valueOf(0x0000468C00000003L);

    /**
     * @param origin this connection's {@link StoredAmqp#ORIGIN}, for no-local
     * @throws dev.junctionmq.broker.engine.filter.InvalidSelectorException if the selector does not parse
     */
    static SourceFilters of(Source source, String origin) {
        String selector = null;
        boolean noLocal = false;
        Map<Symbol, Object> accepted = new HashMap<>();
        if (source != null && source.getFilter() != null) {
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) source.getFilter()).entrySet()) {
                if (!(entry.getKey() instanceof Symbol key) || !(entry.getValue() instanceof DescribedType described)) {
                    continue;
                }
                Object descriptor = described.getDescriptor();
                if ((SELECTOR.equals(descriptor) || SELECTOR_CODE.equals(descriptor))
                        && described.getDescribed() instanceof String text && !text.isBlank()) {
                    selector = text;
                    accepted.put(key, entry.getValue());
                } else if (NO_LOCAL.equals(descriptor) || NO_LOCAL_CODE.equals(descriptor)) {
                    noLocal = true;
                    accepted.put(key, entry.getValue());
                }
            }
        }
        if (noLocal) {
            String notMine = "(" + StoredAmqp.ORIGIN + " IS NULL OR " + StoredAmqp.ORIGIN + " <> '" + origin + "')";
            selector = selector == null ? notMine : "(" + selector + ") AND " + notMine;
        }
        MessageFilter filter = selector == null ? MessageFilter.ALL : MessageFilter.of(null, selector);
        return new SourceFilters(filter, accepted);
    }
}
