package io.hyperblock.server.migration;

import io.hyperblock.server.metadata.MetadataCommand.TaskUpdate;
import io.hyperblock.server.metadata.MetadataCommand.UpdateRebuildTasks;
import io.hyperblock.server.metadata.MetadataState;
import io.hyperblock.server.metadata.MetadataStore;
import io.hyperblock.server.metadata.RebuildTask;
import java.time.Instant;
import java.util.List;

/** The task commands migrations submit. */
final class TaskUpdates {

  private TaskUpdates() {}

  /**
   * Marks every unfinished task of the migration CANCELLED by the operator, in one command. A
   * target still copying finishes or fails on its own; its report is then ignored.
   */
  static void cancel(MetadataStore store, MetadataState state, String migrationId, Instant at) {
    List<TaskUpdate> updates =
        Migrations.openTasks(state, migrationId).stream()
            .map(
                t ->
                    new TaskUpdate(
                        t.taskId(),
                        RebuildTask.State.CANCELLED,
                        t.bytesDone(),
                        t.attempts(),
                        Migrations.CANCELLED_BY_OPERATOR))
            .toList();
    if (!updates.isEmpty()) {
      store.submit(new UpdateRebuildTasks(updates, at));
    }
  }
}
