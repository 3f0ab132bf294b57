/**
 * Local transformer encoders run with ONNX Runtime: {@link io.strec.encoder.onnx.OnnxTextEncoder}
 * tokenises with the model's Hugging Face {@code tokenizer.json}, runs the ONNX graph on each text
 * alone (in parallel over the cores, so that a text's vector depends on the text only) or on padded
 * batches, and pools its last hidden state into one vector per text; {@link
 * io.strec.encoder.onnx.OnnxEncoderProvider} opens the models that ship in Maven jars ({@code
 * minilm-q}, the default, {@code minilm}, {@code bge-small-en}, {@code bge-small-zh}) and any
 * exported model in a directory ({@code onnx:DIR}). Nothing is downloaded at run time.
 */
package io.strec.encoder.onnx;
