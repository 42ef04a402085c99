package org.observer.launcher;

/**
 * The launcher's command line: {@code [--nodes N | --kafka-only] [--help]}. Settings live in the
 * environment (see {@link Launcher}); the command line only says how many nodes to start.
 *
 * @param nodes how many Payara Micro nodes to start: at least 1, or 0 with {@code --kafka-only}
 * @param help  whether to print the usage and do nothing else
 */
record LaunchOptions(int nodes, boolean help) {

    static final String USAGE = """
            Usage: ./observer.sh [--nodes N | --kafka-only]

            Starts The Observer: one embedded Kafka broker (unless OBSERVER_KAFKA_BOOTSTRAP names a
            cluster) and N Payara Micro nodes with the application (default 1). Ctrl-C stops them all.

              --nodes N   nodes on consecutive HTTP ports from OBSERVER_HTTP_PORT (8080, 8081, ...),
                          RPC ports at HTTP + 1000, named node-1 ... node-N (<OBSERVER_NODE_NAME>-1
                          ... when that is set), with data in <OBSERVER_DATA_DIR>/node-1 ...
                          (one node: OBSERVER_DATA_DIR and OBSERVER_NODE_NAME as they are)
              --kafka-only  only the embedded Kafka broker, for nodes run otherwise (the EAR on
                          Payara Server)
              --help      prints this and exits

            Settings (environment): OBSERVER_DATA_DIR (./data), OBSERVER_HTTP_PORT (8080),
            OBSERVER_KAFKA_BOOTSTRAP (unset: the embedded broker), OBSERVER_KAFKA_PORT (9092),
            OBSERVER_JAVA_OPTS (extra JVM options for every node), OBSERVER_HTTPS_PORT with
            OBSERVER_TLS_KEYSTORE, OBSERVER_TLS_KEYSTORE_PASSWORD and OBSERVER_TLS_CERT_ALIAS
            (observer) for HTTPS too, OBSERVER_AUTH (on; off: no credentials, for development),
            OBSERVER_ADMIN_PASSWORD (unset: generated at the first start and shown once);
            the README lists the others.
            """;

    /** A command line that cannot be run: exit code 2, with the message and the usage. */
    static final class InvalidArguments extends Exception {
        InvalidArguments(String message) {
            super(message);
        }
    }

    static LaunchOptions parse(String... args) throws InvalidArguments {
        int nodes = 1;
        boolean help = false;
        boolean kafkaOnly = false;
        boolean nodesGiven = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else if (arg.equals("--nodes")) {
                if (i + 1 == args.length) {
                    throw new InvalidArguments("--nodes needs a number of nodes, e.g. --nodes 3");
                }
                nodes = nodeCount(args[++i]);
                nodesGiven = true;
            } else if (arg.startsWith("--nodes=")) {
                nodes = nodeCount(arg.substring("--nodes=".length()));
                nodesGiven = true;
            } else if (arg.equals("--kafka-only")) {
                kafkaOnly = true;
            } else {
                throw new InvalidArguments("unknown argument '" + arg + "'");
            }
        }
        if (kafkaOnly && nodesGiven) {
            throw new InvalidArguments("--kafka-only starts no node: leave out --nodes");
        }
        return new LaunchOptions(kafkaOnly ? 0 : nodes, help);
    }

    private static int nodeCount(String value) throws InvalidArguments {
        int nodes;
        try {
            nodes = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            nodes = 0;
        }
        if (nodes < 1) {
            throw new InvalidArguments("--nodes takes a whole number of nodes from 1 up, not '" + value + "'");
        }
        return nodes;
    }
}
