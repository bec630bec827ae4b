package io.hyperblock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TableTest {

  @Test
  void alignsColumnsToTheWidestCellAndShowsNullAsDash() {
    StringWriter w = new StringWriter();
    new Table("NAME", "SIZE")
        .row("a-long-name", "1GiB")
        .row("b", null)
        .print(new PrintWriter(w, true));

    assertThat(w.toString().lines().toList())
        .containsExactly("NAME         SIZE", "a-long-name  1GiB", "b            -");
  }

  @Test
  void shortIdsGrowUntilUnique() {
    assertThat(ShortIds.uniquePrefixLength(List.of("aaaaaaaa1111", "bbbbbbbb2222"))).isEqualTo(8);
    assertThat(ShortIds.uniquePrefixLength(List.of("aaaaaaaaa1", "aaaaaaaaa2"))).isEqualTo(10);
    assertThat(ShortIds.uniquePrefixLength(List.of("abc", "abc"))).isEqualTo(3);
  }
}
