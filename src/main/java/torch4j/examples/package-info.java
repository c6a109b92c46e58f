/**
 * Runnable examples: {@link torch4j.examples.Demo} trains the seeds' LeNet-style {@link torch4j.examples.Net}
 * (or {@link torch4j.examples.OurNet}, {@link torch4j.examples.LogisticRegression}) on Fashion-MNIST
 * ({@code mvn -q compile exec:exec}).
 */
package torch4j.examples;
