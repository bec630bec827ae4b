package io.hyperblock.brick.store;

/**
 * The change journal no longer holds records that far back: its retention ({@link
 * StoreConfig#journalRetention()}) deleted them. A delta resync asking for changes since then
 * cannot be answered from the journal and must copy the whole unit instead.
 */
public class JournalTruncatedException extends StoreException {
  private static final long serialVersionUID = 1L;

  public JournalTruncatedException(String message) {
    super(message);
  }
}
