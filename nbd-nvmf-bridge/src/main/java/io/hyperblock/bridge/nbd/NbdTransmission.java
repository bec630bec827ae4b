package io.hyperblock.bridge.nbd;

import io.hyperblock.bridge.device.BlockDevice;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The transmission phase of one connection ("Transmission"). The calling thread reads and checks
 * requests; each valid one runs on its own virtual thread, and replies are written in completion
 * order under a write lock, carrying the request's handle ("Replies need not be sent in the same
 * order as requests"). Permits bound the requests and payload bytes in flight, so a fast client is
 * slowed by TCP back-pressure instead of filling the heap.
 */
final class NbdTransmission {

  private static final System.Logger LOG = System.getLogger(NbdTransmission.class.getName());

  private final DataInputStream in;
  private final OutputStream out;
  private final BlockDevice device;
  private final NbdConfig config;
  private final NbdServerStats stats;
  private final Runnable onBrokenSocket;
  private final int maxPayload;
  private final int maxRequests;
  private final int maxBytes;
  private final Semaphore requestPermits;
  private final Semaphore bytePermits;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final ReentrantLock writeLock = new ReentrantLock();

  NbdTransmission(
      DataInputStream in,
      OutputStream out,
      BlockDevice device,
      NbdConfig config,
      NbdServerStats stats,
      Runnable onBrokenSocket) {
    this.in = in;
    this.out = out;
    this.device = device;
    this.config = config;
    this.stats = stats;
    this.onBrokenSocket = onBrokenSocket;
    this.maxPayload = (int) config.maxRequestSize().bytes();
    this.maxRequests = config.maxInFlightRequests();
    this.maxBytes = (int) Math.min(Integer.MAX_VALUE, config.maxInFlightBytes().bytes());
    this.requestPermits = new Semaphore(maxRequests);
    this.bytePermits = new Semaphore(maxBytes);
  }

  /**
   * Serves requests until NBD_CMD_DISC or the client hangs up, then waits (up to the drain timeout)
   * for requests in flight to be answered ("NBD_CMD_DISC": the server MUST handle all outstanding
   * requests).
   *
   * @throws NbdProtocolException on a bad request magic; close the connection
   * @throws IOException if the socket failed
   * @throws InterruptedException if the server is being closed
   */
  void run() throws IOException, NbdProtocolException, InterruptedException {
    try {
      serve();
    } finally {
      drain();
    }
  }

  private void serve() throws IOException, NbdProtocolException, InterruptedException {
    byte[] header = new byte[NbdProtocol.REQUEST_HEADER_BYTES];
    long size = device.size();
    while (true) {
      try {
        in.readFully(header);
      } catch (EOFException e) {
        return; // the client hung up (a hard disconnect); nothing more to read
      }
      NbdRequest request = NbdRequest.decode(ByteBuffer.wrap(header));
      stats.request();
      if (request.type() == NbdProtocol.CMD_DISC) {
        return;
      }
      NbdError error = request.validate(size, maxPayload);
      if (error != NbdError.NONE) {
        if (request.hasPayload()) {
          in.skipNBytes(request.length()); // keep the stream in sync; the data is discarded
        }
        reply(request.handle(), error, null);
        continue;
      }
      int cost =
          request.hasPayload() || request.type() == NbdProtocol.CMD_READ
              ? (int) request.length()
              : 0;
      requestPermits.acquire();
      bytePermits.acquire(cost);
      stats.inFlight(inFlight.incrementAndGet());
      ByteBuffer payload = null;
      try {
        if (request.hasPayload()) {
          payload = ByteBuffer.allocate(cost);
          in.readFully(payload.array());
        }
      } catch (IOException e) {
        release(cost);
        throw e;
      }
      ByteBuffer data = payload;
      Thread.ofVirtual().name("nbd-request").start(() -> execute(request, data, cost));
    }
  }

  private void execute(NbdRequest request, ByteBuffer payload, int cost) {
    ByteBuffer readBuffer =
        request.type() == NbdProtocol.CMD_READ ? ByteBuffer.allocate(cost) : null;
    CompletableFuture<Void> result;
    try {
      result =
          switch (request.type()) {
            case NbdProtocol.CMD_READ -> device.read(request.offset(), readBuffer);
            case NbdProtocol.CMD_WRITE -> device.write(request.offset(), payload, request.fua());
            case NbdProtocol.CMD_FLUSH -> device.flush();
            case NbdProtocol.CMD_TRIM ->
                request.fua()
                    ? device
                        .trim(request.offset(), request.length())
                        .thenCompose(v -> device.flush())
                    : device.trim(request.offset(), request.length());
            case NbdProtocol.CMD_WRITE_ZEROES ->
                device.writeZeroes(request.offset(), request.length(), request.fua());
            default -> throw new IllegalStateException("validated request type " + request.type());
          };
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    result.whenComplete(
        (ok, failure) -> {
          try {
            NbdError error =
                failure == null ? NbdError.NONE : NbdError.of(failure, request.writes());
            if (failure != null && error == NbdError.EIO) {
              LOG.log(System.Logger.Level.WARNING, "request " + request + " failed", failure);
            }
            reply(request.handle(), error, error == NbdError.NONE ? readBuffer : null);
          } finally {
            release(cost);
          }
        });
  }

  private void release(int cost) {
    inFlight.decrementAndGet();
    bytePermits.release(cost);
    requestPermits.release();
  }

  /** Writes a simple reply ("Simple reply message"); a READ's data follows only on success. */
  private void reply(long handle, NbdError error, ByteBuffer data) {
    if (error != NbdError.NONE) {
      stats.errorReply();
    }
    byte[] header =
        ByteBuffer.allocate(16)
            .putInt(NbdProtocol.SIMPLE_REPLY_MAGIC)
            .putInt(error.code())
            .putLong(handle)
            .array();
    writeLock.lock();
    try {
      out.write(header);
      if (data != null) {
        out.write(data.array(), 0, data.capacity());
      }
      out.flush();
    } catch (IOException e) {
      // The client is gone; stop the reader too. Requests still running find no one to answer.
      onBrokenSocket.run();
    } finally {
      writeLock.unlock();
    }
  }

  private void drain() throws InterruptedException {
    long timeout = config.drainTimeout().toMillis();
    if (requestPermits.tryAcquire(maxRequests, timeout, TimeUnit.MILLISECONDS)) {
      requestPermits.release(maxRequests);
    } else {
      LOG.log(
          System.Logger.Level.WARNING,
          inFlight.get() + " requests still running after " + config.drainTimeout() + "; closing");
    }
  }
}
