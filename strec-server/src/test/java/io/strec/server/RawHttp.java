package io.strec.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Sends bytes the JDK's HTTP client refuses to send (malformed percent-escapes, raw invalid UTF-8
 * in the request line) over a plain socket, and reads the status and body of the answer.
 */
final class RawHttp {
  record Answer(int status, String body) {}

  private RawHttp() {}

  static Answer send(int port, String method, byte[] target, String headers, byte[] body)
      throws IOException {
    try (Socket s = new Socket(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      ByteArrayOutputStream req = new ByteArrayOutputStream();
      req.write((method + " ").getBytes(StandardCharsets.US_ASCII));
      req.write(target);
      req.write(
          (" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                  + headers
                  + "Content-Length: "
                  + (body == null ? 0 : body.length)
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        req.write(body);
      }
      out.write(req.toByteArray());
      out.flush();
      byte[] all = s.getInputStream().readAllBytes();
      return parse(all);
    }
  }

  private static Answer parse(byte[] all) throws IOException {
    String text = new String(all, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IOException("no header end in answer: " + text);
    }
    String head = text.substring(0, end);
    int status = Integer.parseInt(head.substring(9, 12));
    byte[] rest = java.util.Arrays.copyOfRange(all, end + 4, all.length);
    if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
      rest = dechunk(new java.io.ByteArrayInputStream(rest));
    }
    return new Answer(status, new String(rest, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      StringBuilder line = new StringBuilder();
      int ch;
      while ((ch = in.read()) >= 0 && ch != '\n') {
        if (ch != '\r') {
          line.append((char) ch);
        }
      }
      int size = Integer.parseInt(line.toString().trim(), 16);
      if (size == 0) {
        return out.toByteArray();
      }
      out.write(in.readNBytes(size));
      in.read();
      in.read();
    }
  }
}
