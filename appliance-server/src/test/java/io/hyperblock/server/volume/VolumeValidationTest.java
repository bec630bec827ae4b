package io.hyperblock.server.volume;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.ProtectionPolicy;
import io.hyperblock.core.protection.Replicated;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.core.units.DataSize;
import io.hyperblock.server.api.ConflictException;
import io.hyperblock.server.api.CreateVolumeRequest;
import io.hyperblock.server.api.NotFoundException;
import io.hyperblock.server.api.ValidationException;
import io.hyperblock.server.metadata.InMemoryMetadataStore;
import io.hyperblock.server.metadata.MetadataCommand;
import io.hyperblock.server.testing.Fixtures;
import io.hyperblock.server.testing.MutableClock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every bad request VolumeService refuses, with the field and a message an operator can act on. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class VolumeValidationTest {

  private InMemoryMetadataStore store;
  private MetadataVolumeService volumes;
  private List<UUID> bricks;

  @BeforeEach
  void sixBricksOnThreeRacks() {
    store = new InMemoryMetadataStore();
    bricks = Fixtures.cluster(store, 3, 2);
    volumes =
        new MetadataVolumeService(
            store, new RecordingBrickGateway(), new MutableClock(Fixtures.T0), Fixtures.ids(7));
  }

  private static CreateVolumeRequest request(String name, long size, ProtectionPolicy policy) {
    return new CreateVolumeRequest(name, size, policy, 0);
  }

  private void rejects(CreateVolumeRequest r, String field, String... phrases) {
    assertThatThrownBy(() -> volumes.create(r))
        .isInstanceOf(ValidationException.class)
        .hasFieldOrPropertyWithValue("field", field)
        .hasMessageContainingAll(phrases);
  }

  @Test
  void sizeZeroIsRefused() {
    rejects(request("v", 0, Replicated.of(3)), "size", "must be positive");
  }

  @Test
  void negativeSizeIsRefused() {
    rejects(request("v", -DataSize.GIB, Replicated.of(3)), "size", "must be positive");
  }

  @Test
  void sizeBelowOneMebibyteIsRefusedAsALikelyMissingUnit() {
    rejects(request("v", 100, Replicated.of(3)), "size", "minimum of 1 MiB", "unit");
  }

  @Test
  void sizeAboveOnePebibyteIsRefused() {
    rejects(request("v", DataSize.PIB + 4096, Replicated.of(3)), "size", "maximum of 1 PiB");
  }

  @Test
  void sizeNotAWholeNumberOfBlocksIsRefusedWithTheNextValidSize() {
    rejects(request("v", DataSize.GIB + 1, Replicated.of(3)), "size", "4 KiB", "1073745920");
  }

  @Test
  void tooManyUnitsForTheChunkSizeAsksForALargerChunk() {
    rejects(request("v", DataSize.PIB, ErasureCoded.EC_4_2), "chunkSize", "at least 4294967296");
  }

  @Test
  void chunkSizeThatIsNotAPowerOfTwoIsRefused() {
    var r = new CreateVolumeRequest("v", DataSize.GIB, Replicated.of(3), 3 * DataSize.MIB);
    rejects(r, "chunkSize", "power of two");
  }

  @Test
  void erasureCodingWiderThan32UnitsIsAPolicyError() {
    assertThatThrownBy(() -> VolumeValidator.erasureCoded(30, 3))
        .isInstanceOf(ValidationException.class)
        .hasFieldOrPropertyWithValue("field", "policy")
        .hasMessageContaining("at most 32");
  }

  @Test
  void erasureCodingWiderThanTheUpBricksIsRefused() {
    rejects(request("v", DataSize.GIB, ErasureCoded.EC_8_3), "policy", "needs 11 bricks", "6 of 6");
  }

  @Test
  void downBricksDoNotCountTowardsTheUnitsAPolicyNeeds() {
    store.submit(
        new MetadataCommand.SetBrickState(bricks.getFirst(), BrickState.DOWN, "t", Fixtures.T0));
    rejects(request("v", DataSize.GIB, ErasureCoded.EC_4_2), "policy", "only 5 of 6 bricks are UP");
  }

  @Test
  void moreReplicasThanBricksIsRefused() {
    rejects(request("v", DataSize.GIB, Replicated.of(7)), "policy", "7 replicas need 7 bricks");
  }

  @Test
  void missingPolicyIsRefused() {
    rejects(request("v", DataSize.GIB, null), "policy", "missing");
  }

  @Test
  void nameThatIsNotADns1123LabelIsRefused() {
    for (String bad : List.of("Upper", "-lead", "trail-", "under_score", "dot.ted", "")) {
      rejects(request(bad, DataSize.GIB, Replicated.of(3)), "name", "volume name");
    }
  }

  @Test
  void nameLongerThan63CharactersIsRefused() {
    rejects(request("a".repeat(64), DataSize.GIB, Replicated.of(3)), "name", "maximum is 63");
  }

  @Test
  void duplicateNameIsAConflict() {
    volumes.create(request("db", DataSize.GIB, Replicated.of(3)));
    assertThatThrownBy(() -> volumes.create(request("db", DataSize.GIB, Replicated.of(3))))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("'db' already exists");
  }

  @Test
  void unknownVolumeIsNotFoundForEveryOperation() {
    assertThatThrownBy(() -> volumes.get("ghost")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> volumes.delete("ghost", false)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> volumes.resize("ghost", DataSize.GIB))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> volumes.placement("ghost")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void resizeThatDoesNotGrowIsRefused() {
    volumes.create(request("db", DataSize.GIB, Replicated.of(3)));
    assertThatThrownBy(() -> volumes.resize("db", DataSize.GIB))
        .isInstanceOf(ValidationException.class)
        .hasFieldOrPropertyWithValue("field", "size")
        .hasMessageContaining("can only grow");
  }
}
