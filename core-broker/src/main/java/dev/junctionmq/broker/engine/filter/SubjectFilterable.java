package dev.junctionmq.broker.engine.filter;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.selector.filter.Filterable;

/**
 * Shows a {@link FilterSubject} to Artemis's selector expressions. Only properties are visible: there is no body
 * (XPath/XQuery selectors are rejected at parse time) and no connection identity.
 */
final class SubjectFilterable implements Filterable {

    private final FilterSubject subject;

    SubjectFilterable(FilterSubject subject) {
        this.subject = subject;
    }

    @Override
    public Object getProperty(SimpleString name) {
        return subject.property(name.toString());
    }

    @Override
    public <T> T getBodyAs(Class<T> type) {
        return null;
    }

    @Override
    public Object getLocalConnectionId() {
        return null;
    }
}
