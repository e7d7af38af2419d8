package io.asyncio4j.mistakes;

import io.asyncio4j.engine.exceptions.TimeoutError;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.streams.StreamPair;
import io.asyncio4j.engine.sync.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import static io.asyncio4j.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The virtual clock jumps only when the loop is truly idle: while a thread works for the loop (toThread), or a
 * registered socket may still deliver, it waits in real time and moves by the real time that passed.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class VirtualTimeCannotLieTest {

    private static void nap(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new RuntimeException(e);
        }
    }

    private static <T> T runOn(EventLoop loop, java.util.function.Supplier<CompletionStage<T>> main) {
        try {
            return loop.runUntilComplete(loop.createTask(main::get));
        } finally {
            loop.close();
        }
    }

    /** The pipeline: a producer in threads, a consumer with a 10 s timeout per item. */
    @Test
    void aTimeoutDoesNotFireWhileAThreadWorks() {
        EventLoop loop = newVirtualTimeEventLoop();
        List<Integer> got = new ArrayList<>();
        Queue<Integer> q = new Queue<>(2);
        runOn(loop, () -> {
            CompletionStage<Void> producer = repeat(3, i -> toThread(() -> {
                nap(50);
                return (int) i * 10;
            }).thenCompose(q::put));
            CompletionStage<Void> consumer = repeat(3, i -> waitFor(q.get(), 10.0).thenAccept(got::add));
            return gather(producer, consumer);
        });
        assertEquals(List.of(0, 10, 20), got);
        assertTrue(loop.time() < 5, "the clock moved by real time only: " + loop.time());
    }

    @Test
    void aShortTimeoutAroundASlowThreadStillFiresAfterRealTime() {
        EventLoop loop = newVirtualTimeEventLoop();
        long t0 = System.nanoTime();
        Object outcome = runOn(loop, () -> waitFor(toThread(() -> {
            nap(1500);
            return "late";
        }), 0.2).handle((v, e) -> e == null ? v : unwrap(e)));
        double real = (System.nanoTime() - t0) / 1e9;
        assertInstanceOf(TimeoutError.class, outcome);
        assertTrue(loop.time() >= 0.2, "time: " + loop.time());
        assertTrue(real >= 0.15, "the timeout waited in real time: " + real);
    }

    @Test
    void idleWaitsStillJump() {
        EventLoop loop = newVirtualTimeEventLoop();
        long t0 = System.nanoTime();
        String r = runOn(loop, () -> toThread(() -> "x").thenCompose(x -> sleep(3600, x + "y")));
        assertEquals("xy", r);
        assertTrue(loop.time() >= 3600);
        assertTrue((System.nanoTime() - t0) / 1e9 < 10, "an hour of idle sleep jumped");
    }

    /** A socket round trip with a peer outside the loop that answers after 100 ms. */
    @Test
    void aSocketRoundTripWithASlowPeer() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> {
                try (Socket s = listener.accept()) {
                    String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
                    nap(100);
                    OutputStream out = s.getOutputStream();
                    out.write(("echo " + line + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    nap(100);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }, "slow-peer");
            peer.setDaemon(true);
            peer.start();
            EventLoop loop = newVirtualTimeEventLoop();
            String answer = runOn(loop, () -> openConnection("127.0.0.1", listener.getLocalPort()).thenCompose((StreamPair p) -> {
                p.writer().write("hi\n".getBytes(StandardCharsets.UTF_8));
                return waitFor(p.reader().readline(), 10.0).thenApply(b -> {
                    p.writer().close();
                    return new String(b, StandardCharsets.UTF_8);
                });
            }));
            assertEquals("echo hi\n", answer);
            assertTrue(loop.time() < 5, "time: " + loop.time());
            peer.join(5000);
        }
    }
}
