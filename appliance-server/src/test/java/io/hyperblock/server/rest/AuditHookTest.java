package io.hyperblock.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperblock.server.audit.InMemoryAuditLog;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How requests are named in the audit log (the class comment of {@link AuditHook}). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AuditHookTest {

  final AuditHook hook = new AuditHook(new InMemoryAuditLog(), Clock.systemUTC(), "/api/v1");

  String name(HandlerType method, String path, String body) throws Exception {
    JsonNode json = body == null ? null : Json.MAPPER.readTree(body);
    return String.join(" ", hook.actionAndTarget(method, path, json));
  }

  @Test
  void volumeRoutesHaveDomainActionNames() throws Exception {
    assertThat(name(HandlerType.POST, "/api/v1/volumes", "{\"name\":\"db\"}"))
        .isEqualTo("volume.create volume/db");
    assertThat(name(HandlerType.DELETE, "/api/v1/volumes/db", null))
        .isEqualTo("volume.delete volume/db");
    assertThat(name(HandlerType.PATCH, "/api/v1/volumes/db", "{\"size\":\"1GiB\"}"))
        .isEqualTo("volume.resize volume/db");
    assertThat(name(HandlerType.POST, "/api/v1/volumes/db/resize", "{\"size\":\"1GiB\"}"))
        .isEqualTo("volume.resize volume/db");
  }

  @Test
  void futureRoutesFollowTheNounVerbConvention() throws Exception {
    assertThat(name(HandlerType.POST, "/api/v1/bricks/abc/drain", null))
        .isEqualTo("brick.drain brick/abc");
    assertThat(name(HandlerType.PUT, "/api/v1/tokens/ci", "{}")).isEqualTo("token.update token/ci");
  }

  @Test
  void aCreateWithoutANameStillNamesTheCollection() throws Exception {
    assertThat(name(HandlerType.POST, "/api/v1/volumes", null)).isEqualTo("volume.create volume/?");
    assertThat(name(HandlerType.POST, "/api/v1/volumes", "{\"name\":7}"))
        .isEqualTo("volume.create volume/?");
  }

  @Test
  void pathsThatAreNoRouteAreRecordedAsRawHttp() throws Exception {
    assertThat(name(HandlerType.POST, "/elsewhere", null)).isEqualTo("http.post /elsewhere");
    assertThat(name(HandlerType.DELETE, "/api/v1/a/b/c/d", null))
        .isEqualTo("http.delete /api/v1/a/b/c/d");
  }
}
