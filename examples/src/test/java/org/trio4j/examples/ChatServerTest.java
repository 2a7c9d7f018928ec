package org.trio4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChatServerTest {
  /**
   * The chat server speaks the tutorial's protocol byte for byte: prompts, a taken name, welcome
   * and joined, a broadcast to everyone but the sender (also when a line arrives in pieces split
   * inside a UTF-8 character), and left.
   */
  @Test
  void twoUsersChat() throws Exception {
    try (ExampleProcess server = ExampleProcess.start(ChatServer.class, "--port", "0")) {
      int port = server.awaitPort();
      try (Wire alice = new Wire(port)) {
        alice.expect("<meta>: Please enter username: ");
        alice.send("alice\n");
        alice.expect("<meta>: Welcome alice.\n");
        try (Wire bob = new Wire(port)) {
          bob.expect("<meta>: Please enter username: ");
          bob.send("alice\n");
          bob.expect("<meta>: Username taken. Please enter another: ");
          bob.send("bo");
          bob.send("b\r\n");
          bob.expect("<meta>: Welcome bob.\n");
          alice.expect("<meta>: bob joined.\n");

          alice.send("hi bob\nhow are you?\n");
          bob.expect("<alice> : hi bob\n<alice> : how are you?\n");

          byte[] line = "fine, café\n".getBytes(StandardCharsets.UTF_8);
          int split = line.length - 2; // between the two bytes of the é
          bob.sendBytes(Arrays.copyOf(line, split));
          bob.sendBytes(Arrays.copyOfRange(line, split, line.length));
          alice.expect("<bob> : fine, café\n");
        }
        // Had alice received her own lines back, they would come before this.
        alice.expect("<meta>: bob left\n");
        alice.send("bye\n");
      }
      server.awaitLine("chat server: alice left");
    }
  }

  /**
   * Two users broadcasting many lines at once: each of the others receives every line whole, in the
   * order its sender sent them.
   */
  @Test
  void concurrentBroadcastsDoNotInterleave() throws Exception {
    int count = 50;
    try (ExampleProcess server = ExampleProcess.start(ChatServer.class, "--port", "0")) {
      int port = server.awaitPort();
      try (Wire a = new Wire(port);
          Wire b = new Wire(port);
          Wire c = new Wire(port)) {
        a.expect("<meta>: Please enter username: ");
        a.send("a\n");
        a.expect("<meta>: Welcome a.\n");
        b.expect("<meta>: Please enter username: ");
        b.send("b\n");
        b.expect("<meta>: Welcome b.\n");
        a.expect("<meta>: b joined.\n");
        c.expect("<meta>: Please enter username: ");
        c.send("c\n");
        c.expect("<meta>: Welcome c.\n");
        a.expect("<meta>: c joined.\n");
        b.expect("<meta>: c joined.\n");
        StringBuilder fromA = new StringBuilder();
        StringBuilder fromB = new StringBuilder();
        for (int i = 0; i < count; i++) {
          fromA
              .append("message ")
              .append(i)
              .append(" from a, ")
              .append("x".repeat(200))
              .append('\n');
          fromB
              .append("message ")
              .append(i)
              .append(" from b, ")
              .append("y".repeat(200))
              .append('\n');
        }
        a.send(fromA.toString());
        b.send(fromB.toString());
        int ia = 0;
        int ib = 0;
        while (ia < count || ib < count) {
          String line = c.readLine();
          if (line.startsWith("<a> : ")) {
            assertEquals("<a> : message " + ia++ + " from a, " + "x".repeat(200), line);
          } else {
            assertEquals("<b> : message " + ib++ + " from b, " + "y".repeat(200), line);
          }
        }
      }
    }
  }
}
