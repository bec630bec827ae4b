package io.hyperblock.server.alerts;

import java.util.List;

/** The alerts an operator should see now. Safe to call from many threads. */
public interface AlertService {

  /**
   * Every active alert, CRITICAL first, then by kind and subject; empty when all is well.
   *
   * @throws io.hyperblock.server.api.UnavailableException the cluster state cannot be read (no
   *     metadata leader); retry later
   */
  List<Alert> current();
}
