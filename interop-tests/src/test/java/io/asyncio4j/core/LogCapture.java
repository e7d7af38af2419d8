package io.asyncio4j.core;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures what the engine logs through System.Logger "asyncio" (backed by java.util.logging here). */
final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger("asyncio");
    private final List<LogRecord> records = new ArrayList<>();
    private final boolean useParent;

    LogCapture() {
        useParent = logger.getUseParentHandlers();
        logger.setUseParentHandlers(false); // keep expected errors out of the build log
        logger.addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        records.add(record);
    }

    synchronized List<String> messages() {
        List<String> out = new ArrayList<>();
        for (LogRecord r : records) {
            out.add(r.getMessage());
        }
        return out;
    }

    synchronized List<LogRecord> records() {
        return new ArrayList<>(records);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setUseParentHandlers(useParent);
    }
}
