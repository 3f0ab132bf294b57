/**
 * Encoders that call a remote embedding service over HTTP. {@link
 * io.strec.encoder.http.OpenAiEmbeddingEncoder} speaks the OpenAI-compatible {@code POST
 * {base}/embeddings} protocol served by OpenAI, Ollama ({@code /v1}), vLLM and Hugging Face TEI; it
 * batches texts, retries transient failures with seeded, jittered backoff and checks every response
 * (count, order, dimension, finiteness) before a vector leaves this package. {@link
 * io.strec.encoder.http.HttpEncoderProvider} opens it from a spec such as {@code
 * http:http://localhost:11434/v1;model=nomic-embed-text}.
 */
package io.strec.encoder.http;
