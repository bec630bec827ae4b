/**
 * JMH benchmarks. Run: {@code ./mvnw -pl bench -am package -DskipTests && java --add-modules
 * jdk.incubator.vector -jar bench/target/benchmarks.jar}.
 */
package io.hyperblock.bench;
