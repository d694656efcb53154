package io.ssloffload.operator.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import io.ssloffload.operator.remote.Redaction;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A logging event as encoders see it, with {@link Redaction} applied to every text that may carry a secret. */
final class RedactedEvent implements ILoggingEvent {

    private final ILoggingEvent event;

    RedactedEvent(ILoggingEvent event) {
        this.event = event;
    }

    @Override
    public String getMessage() {
        return Redaction.redact(event.getMessage());
    }

    @Override
    public Object[] getArgumentArray() {
        Object[] arguments = event.getArgumentArray();
        return arguments == null ? null
                : Arrays.stream(arguments).map(a -> a == null ? null : Redaction.redact(String.valueOf(a))).toArray();
    }

    @Override
    public String getFormattedMessage() {
        return Redaction.redact(event.getFormattedMessage());
    }

    @Override
    public IThrowableProxy getThrowableProxy() {
        return redacted(event.getThrowableProxy());
    }

    @Override
    public List<KeyValuePair> getKeyValuePairs() {
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        return pairs == null ? null : pairs.stream()
                .map(p -> new KeyValuePair(p.key, p.value == null ? null : Redaction.redact(String.valueOf(p.value))))
                .toList();
    }

    @Override
    public String getThreadName() {
        return event.getThreadName();
    }

    @Override
    public Level getLevel() {
        return event.getLevel();
    }

    @Override
    public String getLoggerName() {
        return event.getLoggerName();
    }

    @Override
    public LoggerContextVO getLoggerContextVO() {
        return event.getLoggerContextVO();
    }

    @Override
    public StackTraceElement[] getCallerData() {
        return event.getCallerData();
    }

    @Override
    public boolean hasCallerData() {
        return event.hasCallerData();
    }

    @Override
    public List<Marker> getMarkerList() {
        return event.getMarkerList();
    }

    @Override
    public Map<String, String> getMDCPropertyMap() {
        return event.getMDCPropertyMap();
    }

    @Override
    @SuppressWarnings("deprecation")
    public Map<String, String> getMdc() {
        return event.getMdc();
    }

    @Override
    public long getTimeStamp() {
        return event.getTimeStamp();
    }

    @Override
    public int getNanoseconds() {
        return event.getNanoseconds();
    }

    @Override
    public Instant getInstant() {
        return event.getInstant();
    }

    @Override
    public long getSequenceNumber() {
        return event.getSequenceNumber();
    }

    @Override
    public void prepareForDeferredProcessing() {
        event.prepareForDeferredProcessing();
    }

    private static IThrowableProxy redacted(IThrowableProxy proxy) {
        return proxy == null ? null : new RedactedThrowable(proxy);
    }

    private record RedactedThrowable(IThrowableProxy proxy) implements IThrowableProxy {
        @Override
        public String getMessage() {
            return Redaction.redact(proxy.getMessage());
        }

        @Override
        public String getClassName() {
            return proxy.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return proxy.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return proxy.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return redacted(proxy.getCause());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] suppressed = proxy.getSuppressed();
            return suppressed == null ? null : Arrays.stream(suppressed).map(RedactedEvent::redacted).toArray(IThrowableProxy[]::new);
        }

        @Override
        public boolean isCyclic() {
            return proxy.isCyclic();
        }
    }
}
