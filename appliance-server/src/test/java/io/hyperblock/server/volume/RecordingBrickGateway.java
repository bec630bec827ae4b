package io.hyperblock.server.volume;

import io.hyperblock.server.brick.BrickGateway;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Records the calls the server would make to bricks. */
final class RecordingBrickGateway implements BrickGateway {
  record Call(String op, List<String> addresses, UUID volumeId, long epoch) {}

  final List<Call> calls = new ArrayList<>();

  @Override
  public synchronized void deleteVolume(Collection<String> addresses, UUID volumeId, long epoch) {
    calls.add(new Call("delete", List.copyOf(addresses), volumeId, epoch));
  }

  @Override
  public synchronized int observeEpoch(Collection<String> addresses, UUID volumeId, long epoch) {
    calls.add(new Call("observe", List.copyOf(addresses), volumeId, epoch));
    return addresses.size();
  }

  @Override
  public void close() {}
}
