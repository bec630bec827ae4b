/**
 * The audit log: who did what to the cluster, when, and how it ended.
 *
 * <p>{@link io.hyperblock.server.audit.AuditLog} is the contract; {@link
 * io.hyperblock.server.audit.H2AuditLog} keeps events in an H2 file database under {@code
 * <dataDir>/audit/} whose schema Flyway migrates ({@code db/audit/V*.sql}); {@link
 * io.hyperblock.server.audit.AsyncAuditLog} puts any log off the request path so a failing audit
 * database never fails or slows a request, while counting every lost event ({@link
 * io.hyperblock.server.audit.AuditHealth}) so the failure is visible as a metric and an alert.
 *
 * <p>Events never hold secrets: the REST layer records an allowlisted request summary, never a
 * header or a token.
 */
package io.hyperblock.server.audit;
