package dev.junctionmq.broker.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code GET /health}: the supplier's report as JSON, 200 when UP and 503 when DOWN. A supplier that throws, returns
 * {@code null} or returns details Jackson cannot write yields DOWN with an {@code error} detail.
 */
final class HealthRoute implements HttpRouteHandler {

    private static final Logger log = LoggerFactory.getLogger(HealthRoute.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<HealthReport> supplier;

    HealthRoute(Supplier<HealthReport> supplier) {
        this.supplier = Objects.requireNonNull(supplier, "supplier");
    }

    @Override
    public FullHttpResponse handle(FullHttpRequest request) {
        HealthReport report;
        try {
            report = supplier.get();
            if (report == null) {
                report = failure("health supplier returned null");
            }
        } catch (RuntimeException e) {
            log.warn("health supplier failed; reporting DOWN", e);
            report = failure("health supplier failed: " + e);
        }
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(report);
        } catch (JsonProcessingException e) {
            log.warn("health report cannot be written as JSON; reporting DOWN", e);
            report = failure("health report is not serializable: " + e.getOriginalMessage());
            body = serialize(report);
        }
        HttpResponseStatus status = report.healthy()
                ? HttpResponseStatus.OK
                : HttpResponseStatus.SERVICE_UNAVAILABLE;
        FullHttpResponse response = HttpResponses.json(status, body);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return response;
    }

    private static HealthReport failure(String error) {
        return HealthReport.down(Map.of("error", error));
    }

    private static byte[] serialize(HealthReport onlyStrings) {
        try {
            return JSON.writeValueAsBytes(onlyStrings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a report of strings", e);
        }
    }
}
