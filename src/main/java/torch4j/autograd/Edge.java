package torch4j.autograd;

/** The gradient flows to input {@code inputNr} of {@code node}. */
public record Edge(Node node, int inputNr) {}
