package dev.junctionmq.amqp.connection;

import dev.junctionmq.amqp.message.AmqpSections;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transaction.Coordinator;
import org.apache.qpid.proton.amqp.transaction.Declare;
import org.apache.qpid.proton.amqp.transaction.Declared;
import org.apache.qpid.proton.amqp.transaction.Discharge;
import org.apache.qpid.proton.amqp.transaction.TransactionErrors;
import org.apache.qpid.proton.amqp.transaction.TxnCapability;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction coordinator (AMQP 1.0 part 4, 4.2-4.4): {@code declare} starts a local transaction of the
 * connection's broker session and answers {@code declared} with its id; {@code discharge} commits it (accepted once
 * its sends are stored, else rejected with amqp:transaction:rollback) or, with fail=true, rolls it back. Local
 * transactions only ({@code amqp:local-transactions}); several may be open on a connection at once.
 */
final class CoordinatorLink implements AmqpLink {

    private static final Logger log = LoggerFactory.getLogger(CoordinatorLink.class);

    private final AmqpConnection connection;
    private final Receiver receiver;
    private boolean detached;

    CoordinatorLink(AmqpConnection connection, Receiver receiver) {
        this.connection = connection;
        this.receiver = receiver;
        Coordinator coordinator = new Coordinator();
        coordinator.setCapabilities(TxnCapability.LOCAL_TXN);
        receiver.setTarget(coordinator);
        receiver.setSource(receiver.getRemoteSource());
        receiver.open();
        receiver.flow(100);
    }

    @Override
    public void onDelivery(Delivery delivery) {
        if (detached || delivery.isPartial() || !delivery.isReadable()) {
            return;
        }
        byte[] encoded = new byte[delivery.pending()];
        receiver.recv(encoded, 0, encoded.length);
        receiver.advance();
        Object body;
        try {
            AmqpSections sections = AmqpSections.parse(encoded, connection.codec.decoder());
            body = sections.bodySections().size() == 1 && sections.bodySections().get(0) instanceof AmqpValue value
                    ? value.getValue() : null;
        } catch (RuntimeException e) {
            settle(delivery, rejected(AmqpError.DECODE_ERROR, "coordinator message cannot be decoded: "
                    + e.getMessage()));
            return;
        }
        if (body instanceof Declare) {
            Binary id = connection.declareTransaction();
            Declared declared = new Declared();
            declared.setTxnId(id);
            settle(delivery, declared);
            log.debug("AMQP connection {}: transaction {} declared", connection.connectionId, id);
        } else if (body instanceof Discharge discharge) {
            discharge(delivery, discharge);
        } else {
            settle(delivery, rejected(AmqpError.NOT_IMPLEMENTED,
                    "the coordinator understands declare and discharge only"));
        }
    }

    private void discharge(Delivery delivery, Discharge discharge) {
        AmqpTransaction transaction = connection.dischargeTransaction(discharge.getTxnId());
        if (transaction == null) {
            settle(delivery, rejected(TransactionErrors.UNKNOWN_ID, "transaction " + discharge.getTxnId()
                    + " is not declared on this connection"));
            return;
        }
        if (Boolean.TRUE.equals(discharge.getFail())) {
            transaction.rollback();
            settle(delivery, Accepted.getInstance());
            log.debug("AMQP connection {}: transaction {} rolled back", connection.connectionId,
                    discharge.getTxnId());
            return;
        }
        transaction.commit().whenComplete((done, failure) -> connection.handler.execute(() -> {
            if (failure != null) {
                ErrorCondition cause = AmqpErrors.of(failure);
                log.warn("AMQP connection {}: transaction {} failed to commit: {}", connection.connectionId,
                        discharge.getTxnId(), cause.getDescription());
                settle(delivery, rejected(TransactionErrors.TRANSACTION_ROLLBACK,
                        "transaction failed to commit: " + cause.getDescription()));
            } else {
                settle(delivery, Accepted.getInstance());
                log.debug("AMQP connection {}: transaction {} committed", connection.connectionId,
                        discharge.getTxnId());
            }
        }));
    }

    private static Rejected rejected(Symbol condition, String description) {
        Rejected rejected = new Rejected();
        rejected.setError(new ErrorCondition(condition, description));
        return rejected;
    }

    private void settle(Delivery delivery, DeliveryState outcome) {
        if (detached) {
            return;
        }
        delivery.disposition(outcome);
        delivery.settle();
        receiver.flow(1);
    }

    @Override
    public void onDetach(boolean closed) {
        detached = true;
    }
}
