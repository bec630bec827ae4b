package io.hyperblock.bridge.volume;

import io.hyperblock.client.VolumeClient;
import io.hyperblock.client.VolumeFencedException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** {@link AttachedVolume} over a {@link VolumeClient}, which it owns (close detaches). */
final class ClientAttachedVolume implements AttachedVolume {

  private final VolumeClient client;
  private final int preferredBlockSize;
  private volatile boolean fenced;

  ClientAttachedVolume(VolumeClient client) {
    this.client = client;
    this.preferredBlockSize =
        VolumeDirectory.preferredBlockSize(client.volume().policy(), client.volume().stripeUnit());
  }

  @Override
  public String name() {
    return client.volume().name();
  }

  @Override
  public long sizeBytes() {
    return client.volume().sizeBytes();
  }

  @Override
  public int preferredBlockSize() {
    return preferredBlockSize;
  }

  @Override
  public CompletableFuture<Void> read(long offset, ByteBuffer dst) {
    return watch(client.read(offset, dst));
  }

  @Override
  public CompletableFuture<Void> write(long offset, ByteBuffer src) {
    return watch(client.write(offset, src));
  }

  @Override
  public CompletableFuture<Void> flush() {
    return watch(client.flush());
  }

  @Override
  public CompletableFuture<Void> writeZeroes(long offset, long length) {
    return watch(client.writeZeroes(offset, length));
  }

  @Override
  public CompletableFuture<Void> trim(long offset, long length) {
    return watch(client.trim(offset, length));
  }

  @Override
  public boolean fenced() {
    return fenced;
  }

  private CompletableFuture<Void> watch(CompletableFuture<Void> f) {
    return f.whenComplete(
        (ok, e) -> {
          Throwable t = e;
          while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
          }
          if (t instanceof VolumeFencedException) {
            fenced = true;
          }
        });
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (RuntimeException e) {
      System.getLogger(ClientAttachedVolume.class.getName())
          .log(System.Logger.Level.WARNING, "detach of " + name() + " failed", e);
    }
  }
}
