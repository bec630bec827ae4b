package io.hyperblock.server.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The audit log in an embedded H2 file database, {@code <dataDir>/audit/audit.mv.db}, its schema
 * created and upgraded by Flyway from {@code classpath:db/audit} on open. One connection, used
 * under this object's lock: audit writes are a few per second at most, and {@link AsyncAuditLog}
 * keeps them off the request threads.
 */
public final class H2AuditLog implements AuditLog {

  private static final String INSERT =
      "INSERT INTO audit_events (at, actor, action, target, request, result, status, detail)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

  private final Path file;
  private final Connection connection;
  private boolean closed;

  private H2AuditLog(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /**
   * Opens (creating if needed) the audit database under {@code dataDir/audit} and migrates its
   * schema to the newest version.
   *
   * @throws AuditStoreException the database cannot be created, opened (e.g. another server holds
   *     it) or migrated; the message names the path
   */
  public static H2AuditLog open(Path dataDir) {
    Path file = dataDir.resolve("audit").resolve("audit").toAbsolutePath();
    JdbcDataSource ds = new JdbcDataSource();
    // DB_CLOSE_ON_EXIT=FALSE: the server closes the log itself, after the REST API stopped.
    // WRITE_DELAY=0: each commit reaches the file at once (H2 would otherwise hold it up to 500
    // ms),
    // so a kill -9 loses no recorded event. Audit writes are rare; the cost does not matter.
    ds.setURL("jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
    ds.setUser("hyperblock");
    ds.setPassword("");
    try {
      Flyway.configure()
          .dataSource(ds)
          .locations("classpath:db/audit")
          .loggers("slf4j")
          .load()
          .migrate();
      return new H2AuditLog(file, ds.getConnection());
    } catch (SQLException | RuntimeException e) {
      throw new AuditStoreException(
          "cannot open the audit database "
              + file
              + ".mv.db ("
              + e.getMessage()
              + "); check the disk and that no other server uses this data directory",
          e);
    }
  }

  @Override
  public synchronized void record(AuditEvent e) {
    ensureOpen();
    try (PreparedStatement s = connection.prepareStatement(INSERT)) {
      s.setObject(1, OffsetDateTime.ofInstant(e.at(), ZoneOffset.UTC));
      s.setString(2, e.actor());
      s.setString(3, e.action());
      s.setString(4, e.target());
      s.setString(5, e.request());
      s.setString(6, e.result());
      s.setInt(7, e.status());
      if (e.detail() == null) {
        s.setNull(8, Types.VARCHAR);
      } else {
        s.setString(8, e.detail());
      }
      s.executeUpdate();
    } catch (SQLException ex) {
      throw failure("write to", ex);
    }
  }

  @Override
  public synchronized List<AuditEvent> query(AuditQuery q) {
    ensureOpen();
    StringBuilder sql =
        new StringBuilder(
            "SELECT id, at, actor, action, target, request, result, status, detail"
                + " FROM audit_events WHERE 1=1");
    List<Object> args = new ArrayList<>();
    if (q.actor() != null) {
      sql.append(" AND actor = ?");
      args.add(q.actor());
    }
    if (q.action() != null) {
      sql.append(" AND action = ?");
      args.add(q.action());
    }
    if (q.since() != null) {
      sql.append(" AND at >= ?");
      args.add(OffsetDateTime.ofInstant(q.since(), ZoneOffset.UTC));
    }
    sql.append(" ORDER BY at DESC, id DESC LIMIT ?");
    args.add(q.limit());
    try (PreparedStatement s = connection.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        s.setObject(i + 1, args.get(i));
      }
      List<AuditEvent> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(
              new AuditEvent(
                  r.getLong(1),
                  r.getObject(2, OffsetDateTime.class).toInstant(),
                  r.getString(3),
                  r.getString(4),
                  r.getString(5),
                  r.getString(6),
                  r.getString(7),
                  r.getInt(8),
                  r.getString(9)));
        }
      }
      return out;
    } catch (SQLException ex) {
      throw failure("read", ex);
    }
  }

  /** The schema version Flyway applied last, e.g. {@code "1"}. */
  public synchronized String schemaVersion() {
    ensureOpen();
    try (Statement s = connection.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\""
                    + " ORDER BY \"installed_rank\" DESC LIMIT 1")) {
      return r.next() ? r.getString(1) : null;
    } catch (SQLException ex) {
      throw failure("read", ex);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      connection.close();
    } catch (SQLException e) {
      throw failure("close", e);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new AuditStoreException("the audit database " + file + " is closed", null);
    }
  }

  private AuditStoreException failure(String verb, SQLException e) {
    return new AuditStoreException(
        "cannot "
            + verb
            + " the audit database "
            + file
            + ".mv.db ("
            + e.getMessage()
            + "); check free space and permissions",
        e);
  }
}
