package io.hyperblock.server.rest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

/** The one JSON configuration of the API, and the helpers handlers use to read and write it. */
final class Json {

  static final String JSON = "application/json";
  static final String PROBLEM_JSON = "application/problem+json";

  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          // Error locations are reported to clients: never echo the body back in them.
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /**
   * The request body as a JSON object.
   *
   * @throws ApiProblemException MALFORMED_JSON naming the line and column of a syntax error, or
   *     saying the body is empty or not an object
   */
  static ObjectNode readObject(Context ctx) {
    String body = ctx.body();
    if (body.isBlank()) {
      throw new ApiProblemException(
          ProblemType.MALFORMED_JSON, "request body is empty; send a JSON object");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ApiProblemException(ProblemType.MALFORMED_JSON, describe(e));
    }
    if (!(node instanceof ObjectNode object)) {
      throw new ApiProblemException(
          ProblemType.MALFORMED_JSON,
          "request body must be a JSON object, got " + node.getNodeType().name().toLowerCase());
    }
    return object;
  }

  /** "body is not valid JSON at line 1 column 17: Unexpected character ..." without the body. */
  static String describe(JsonProcessingException e) {
    JsonLocation loc = e.getLocation();
    String where =
        loc == null ? "" : " at line " + loc.getLineNr() + " column " + loc.getColumnNr();
    String reason = e.getOriginalMessage();
    if (reason != null) {
      int nl = reason.indexOf('\n');
      reason = nl < 0 ? reason : reason.substring(0, nl);
    }
    return "body is not valid JSON" + where + (reason == null ? "" : ": " + reason);
  }

  /** Sends {@code value} as {@code application/json} with the given status. */
  static void send(Context ctx, int status, Object value) {
    try {
      ctx.status(status).contentType(JSON).result(MAPPER.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render response as JSON", e);
    }
  }
}
