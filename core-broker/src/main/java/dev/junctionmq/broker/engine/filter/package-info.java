/**
 * Message filtering for subscriptions: which messages a subscription receives.
 *
 * <p>A subscription holds one {@link dev.junctionmq.broker.engine.filter.MessageFilter}, which combines
 * <ul>
 *   <li>a RocketMQ tag expression ({@link dev.junctionmq.broker.engine.filter.TagExpression}), checked first and
 *       also usable on the consume queue's tag hash before a record is read
 *       ({@link dev.junctionmq.broker.engine.filter.MessageFilter#tagHashPrefilter()}); and</li>
 *   <li>a Jakarta Messaging message selector ({@link dev.junctionmq.broker.engine.filter.SelectorFilter}),
 *       evaluated against the message's properties with SQL three-valued logic.</li>
 * </ul>
 * Filters see a message only through {@link dev.junctionmq.broker.engine.filter.FilterSubject}. All types here
 * are immutable and safe to share between threads.
 */
package dev.junctionmq.broker.engine.filter;
