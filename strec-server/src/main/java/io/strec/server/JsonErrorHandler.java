package io.strec.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before a request reaches a route (a malformed URI, an invalid
 * percent-encoding, headers too large), as the API's JSON instead of an HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus() <= 0 ? 500 : response.getStatus();
    String message = (String) request.getAttribute(ERROR_MESSAGE);
    String code = ApiError.codeOf(status);
    String text =
        status >= 500
            ? "internal error; the request was not completed"
            : message == null || message.isBlank() ? "the request was refused" : message;
    String body = Json.error(code, text, "").toString();
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }
}
