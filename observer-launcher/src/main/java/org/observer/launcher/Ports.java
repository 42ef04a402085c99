package org.observer.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Whether something already listens on a local port (a node or broker left running, another checkout's). */
final class Ports {

    private Ports() {
    }

    static boolean inUse(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
