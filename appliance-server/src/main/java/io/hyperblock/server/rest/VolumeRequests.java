package io.hyperblock.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.ProtectionPolicy;
import io.hyperblock.core.protection.Replicated;
import io.hyperblock.core.units.DataSize;
import io.hyperblock.server.api.CreateVolumeRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads volume request bodies field by field so that every error names the field at fault.
 *
 * <p>Shape errors (a field of the wrong JSON type, an unknown field) are MALFORMED_JSON; values of
 * the right type that make no sense (a negative size, two policies) are VALIDATION. Limits that
 * depend on the cluster (name rules, minimum and maximum size, brick counts) are the service's to
 * check. Policy constructors throw {@link io.hyperblock.core.protection.InvalidPolicyException},
 * which the responder reports as field {@code policy}.
 */
final class VolumeRequests {

  static final Set<String> CREATE_FIELDS =
      Set.of(
          "name",
          "size",
          "chunkSize",
          "replicas",
          "writeQuorum",
          "readQuorum",
          "dataChunks",
          "parityChunks",
          "profile");
  static final Set<String> RESIZE_FIELDS = Set.of("size");

  private static final String SIZE_SHAPE = "expected a size like 100GiB or a number of bytes";
  private static final String POLICY_CHOICES =
      "replicas (e.g. 3), dataChunks with parityChunks (e.g. 4 and 2), or profile (e.g. EC_4_2)";

  private VolumeRequests() {}

  static CreateVolumeRequest create(ObjectNode body) {
    rejectUnknown(body, CREATE_FIELDS);
    String name = text(body, "name");
    if (name == null) {
      throw ApiProblemException.invalidField("name", "name is required, e.g. \"analytics-ec\"");
    }
    long size = size(body, "size");
    long chunkSize = body.has("chunkSize") ? size(body, "chunkSize") : 0;
    return new CreateVolumeRequest(name, size, policy(body), chunkSize);
  }

  /** The new size in bytes from {@code {"size": ...}}. */
  static long resize(ObjectNode body) {
    rejectUnknown(body, RESIZE_FIELDS);
    return size(body, "size");
  }

  static ProtectionPolicy policy(ObjectNode body) {
    List<String> given = new ArrayList<>();
    if (body.has("replicas")) {
      given.add("replicas");
    }
    if (body.has("dataChunks") || body.has("parityChunks")) {
      given.add("dataChunks/parityChunks");
    }
    if (body.has("profile")) {
      given.add("profile");
    }
    if (given.isEmpty()) {
      throw ApiProblemException.invalidField(
          "policy", "no protection policy given; set exactly one of " + POLICY_CHOICES);
    }
    if (given.size() > 1) {
      throw ApiProblemException.invalidField(
          "policy",
          "several protection policies given ("
              + String.join(", ", given)
              + "); set exactly one of "
              + POLICY_CHOICES);
    }
    for (String quorum : List.of("writeQuorum", "readQuorum")) {
      if (body.has(quorum) && !body.has("replicas")) {
        throw ApiProblemException.invalidField(
            quorum, quorum + " applies only to replicated volumes; set replicas as well");
      }
    }
    if (body.has("replicas")) {
      int copies = integer(body, "replicas");
      Replicated defaults = Replicated.of(copies);
      int write = body.has("writeQuorum") ? integer(body, "writeQuorum") : defaults.writeQuorum();
      int read = body.has("readQuorum") ? integer(body, "readQuorum") : defaults.readQuorum();
      return new Replicated(copies, write, read);
    }
    if (body.has("profile")) {
      String profile = text(body, "profile");
      return profile(profile == null ? "" : profile);
    }
    for (String f : List.of("dataChunks", "parityChunks")) {
      if (!body.has(f)) {
        throw ApiProblemException.invalidField(
            f, "dataChunks and parityChunks go together; " + f + " is missing");
      }
    }
    return new ErasureCoded(integer(body, "dataChunks"), integer(body, "parityChunks"));
  }

  /** {@code EC_4_2}, or {@code R3} for three replicas with the default quorums. */
  static ProtectionPolicy profile(String profile) {
    String p = profile.trim().toUpperCase(Locale.ROOT);
    if (p.matches("R[0-9]{1,2}")) {
      return Replicated.of(Integer.parseInt(p.substring(1)));
    }
    return ErasureCoded.parse(profile);
  }

  static long size(ObjectNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      throw ApiProblemException.invalidField(field, field + " is required, e.g. \"100GiB\"");
    }
    if (node.isTextual()) {
      try {
        return DataSize.parse(node.asText()).bytes();
      } catch (IllegalArgumentException e) {
        // DataSize's messages start with "size '...'": name the field only when it is another one.
        String prefix = field.equals("size") ? "" : "field '" + field + "': ";
        throw ApiProblemException.invalidField(field, prefix + e.getMessage());
      }
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      long bytes = node.asLong();
      if (bytes < 0) {
        throw ApiProblemException.invalidField(
            field, "field '" + field + "': " + bytes + " is negative");
      }
      return bytes;
    }
    throw ApiProblemException.malformedField(field, "field '" + field + "': " + SIZE_SHAPE);
  }

  static int integer(ObjectNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
      throw ApiProblemException.malformedField(
          field, "field '" + field + "': expected a whole number, e.g. 3");
    }
    return node.asInt();
  }

  static String text(ObjectNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw ApiProblemException.malformedField(field, "field '" + field + "': expected a string");
    }
    return node.asText();
  }

  private static void rejectUnknown(ObjectNode body, Set<String> known) {
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        throw ApiProblemException.malformedField(
            f,
            "field '"
                + f
                + "' is not known; accepted fields are "
                + String.join(", ", known.stream().sorted().toList()));
      }
    }
  }
}
