package io.hyperblock.core.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DataSizeTest {

  @Test
  void parsesBinaryAndDecimalUnits() {
    assertThat(DataSize.parse("100GiB").bytes()).isEqualTo(100L << 30);
    assertThat(DataSize.parse("50 GiB").bytes()).isEqualTo(50L << 30);
    assertThat(DataSize.parse("4096").bytes()).isEqualTo(4096);
    assertThat(DataSize.parse("1.5TiB").bytes()).isEqualTo(3L << 39);
    assertThat(DataSize.parse("2GB").bytes()).isEqualTo(2_000_000_000L);
    assertThat(DataSize.parse("128mib").bytes()).isEqualTo(128L << 20);
  }

  @Test
  void printsLargestExactBinaryUnit() {
    assertThat(DataSize.ofBytes(100L << 30)).hasToString("100GiB");
    assertThat(DataSize.ofBytes(1536L << 20)).hasToString("1536MiB");
    assertThat(DataSize.ofBytes(4097)).hasToString("4097B");
    assertThat(DataSize.ofBytes(0)).hasToString("0B");
  }

  @Test
  void rejectsNegativeUnparseableFractionalAndOverflowingSizes() {
    assertThatThrownBy(() -> DataSize.parse("-5GiB")).hasMessageContaining("negative");
    assertThatThrownBy(() -> DataSize.parse("ten gigs")).hasMessageContaining("is not a size");
    assertThatThrownBy(() -> DataSize.parse("5XB")).hasMessageContaining("is not a size");
    assertThatThrownBy(() -> DataSize.parse("0.5B")).hasMessageContaining("whole number");
    assertThatThrownBy(() -> DataSize.parse("9000PiB")).hasMessageContaining("too large");
    assertThatThrownBy(() -> DataSize.parse(null)).hasMessageContaining("missing");
  }

  @Test
  void parsesDurations() {
    assertThat(DurationParser.parse("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(DurationParser.parse("200ms")).isEqualTo(Duration.ofMillis(200));
    assertThat(DurationParser.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThatThrownBy(() -> DurationParser.parse("soon")).hasMessageContaining("e.g. 10s");
  }
}
