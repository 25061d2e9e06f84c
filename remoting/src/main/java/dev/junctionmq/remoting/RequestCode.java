package dev.junctionmq.remoting;

/** Request codes Junction handles, with the numbers of RocketMQ's {@code RequestCode} (ANCHORS §1.16, §1.17). */
public final class RequestCode {

    public static final int REGISTER_BROKER = 103;
    public static final int UNREGISTER_BROKER = 104;
    public static final int GET_ROUTEINFO_BY_TOPIC = 105;
    public static final int GET_BROKER_CLUSTER_INFO = 106;

    private RequestCode() {
    }
}
