#!/usr/bin/env python3
"""The peer for claimscope's reading speed (issue 23): onnxruntime runs the same vendored model
(models/minilm/model.onnx, its tokenizer.json) over the same texts, in batches of the same size
sorted by length, mean-pooled and L2-normalised as claimscope does, and prints sentences per
second. `cargo bench --bench semantic` runs it beside claimscope's own figure.

Usage: embed_speed.py MODEL_DIR TEXTS_FILE [--threads N] [--batch B] [--rounds R]
TEXTS_FILE holds one text per line. Needs: pip install onnxruntime tokenizers numpy
Not part of `cargo test`.
"""
import argparse
import sys
import time

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model_dir")
    ap.add_argument("texts")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    texts = [t for t in open(a.texts, encoding="utf-8").read().split("\n") if t]
    so = ort.SessionOptions()
    so.intra_op_num_threads = a.threads
    so.inter_op_num_threads = 1
    session = ort.InferenceSession(f"{a.model_dir}/model.onnx", so, providers=["CPUExecutionProvider"])
    tok = Tokenizer.from_file(f"{a.model_dir}/tokenizer.json")
    tok.no_padding()
    tok.enable_truncation(256)
    names = [i.name for i in session.get_inputs()]

    def run():
        enc = [tok.encode(t).ids for t in texts]
        order = sorted(range(len(texts)), key=lambda i: len(enc[i]))
        out = [None] * len(texts)
        for s in range(0, len(order), a.batch):
            batch = order[s : s + a.batch]
            width = max(len(enc[i]) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for r, i in enumerate(batch):
                ids[r, : len(enc[i])] = enc[i]
                mask[r, : len(enc[i])] = 1
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            states = session.run(None, {n: feed[n] for n in names})[0]
            summed = (states * mask[:, :, None]).sum(axis=1)
            vecs = summed / np.linalg.norm(summed, axis=1, keepdims=True)
            for r, i in enumerate(batch):
                out[i] = vecs[r]
        return out

    run()  # warm-up
    best = None
    for _ in range(a.rounds):
        t = time.perf_counter()
        run()
        dt = time.perf_counter() - t
        best = dt if best is None else min(best, dt)
    print(f"onnxruntime {ort.__version__}: {len(texts)} texts in {best:.3f} s = {len(texts) / best:.1f} sentences/s "
          f"(best of {a.rounds}, {a.threads} threads, batches of {a.batch})")


if __name__ == "__main__":
    sys.exit(main())
