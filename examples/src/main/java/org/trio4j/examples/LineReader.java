package org.trio4j.examples;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.trio4j.stream.ReceiveStream;

/**
 * Splits what a {@link ReceiveStream} receives into newline-terminated UTF-8 lines. A line may
 * arrive in several chunks (even in the middle of a character), and a chunk may hold several lines:
 * bytes are kept until their newline arrives, and only whole lines are decoded.
 *
 * {@snippet :
 * LineReader lines = new LineReader(stream, 4096);
 * String line;
 * while ((line = lines.readLine()) != null) {
 *   System.out.println(line);
 * }
 * }
 *
 * <p>Not thread-safe: one task reads. {@link #readLine()} is a checkpoint when it has to receive.
 */
final class LineReader {
  private final ReceiveStream stream;
  private final int maxLineBytes;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private int scanned; // bytes of pending known to hold no newline

  LineReader(ReceiveStream stream, int maxLineBytes) {
    this.stream = stream;
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * Returns the next line without its newline (and without a carriage return before it, for
   * telnet), or null at the end of the stream; an unterminated last line is dropped.
   *
   * @return the line, or null at the end of the stream
   * @throws IllegalStateException if a line is longer than the limit
   */
  String readLine() {
    while (true) {
      byte[] bytes = pending.toByteArray();
      for (int i = scanned; i < bytes.length; i++) {
        if (bytes[i] == '\n') {
          int end = i > 0 && bytes[i - 1] == '\r' ? i - 1 : i;
          String line = new String(bytes, 0, end, StandardCharsets.UTF_8);
          pending.reset();
          pending.write(bytes, i + 1, bytes.length - i - 1);
          scanned = 0;
          return line;
        }
      }
      scanned = bytes.length;
      if (scanned > maxLineBytes) {
        throw new IllegalStateException("a line is longer than " + maxLineBytes + " bytes");
      }
      byte[] chunk = stream.receiveSome();
      if (chunk.length == 0) {
        return null;
      }
      pending.write(chunk, 0, chunk.length);
    }
  }
}
