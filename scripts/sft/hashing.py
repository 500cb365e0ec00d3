"""Hashes recorded in training_summary.json, defined as the Java side defines them so that the
run manifest can match an adapter's summary to the base model and data it evaluates."""
from __future__ import annotations

import hashlib
import json
import os
from typing import Any, List

_CHUNK = 1 << 20


def sha256_file(path: str) -> str:
    """SHA-256 of a file's bytes, streamed."""
    return sha256_files([path])


def sha256_files(paths: List[str]) -> str:
    """One SHA-256 over the bytes of several files, concatenated in the order given."""
    md = hashlib.sha256()
    for p in paths:
        with open(p, "rb") as f:
            for chunk in iter(lambda: f.read(_CHUNK), b""):
                md.update(chunk)
    return md.hexdigest()


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_json(obj: Any) -> str:
    """Sorted keys, no insignificant whitespace, UTF-8 kept as is."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def canonical_json_sha256(obj: Any) -> str:
    return sha256_text(canonical_json(obj))


def base_model_weight_files(model_dir: str) -> List[str]:
    """The weight files of a Hugging Face folder as the Java engine reads them (Checkpoint.openModelDir):
    the shards that model.safetensors.index.json names, else model.safetensors."""
    index = os.path.join(model_dir, "model.safetensors.index.json")
    single = os.path.join(model_dir, "model.safetensors")
    if os.path.exists(index):
        with open(index, encoding="utf-8") as f:
            weight_map = json.load(f).get("weight_map")
        if not isinstance(weight_map, dict) or not weight_map:
            raise ValueError(f"{index}: no weight_map")
        shards = []
        for tensor, shard in weight_map.items():
            p = os.path.join(model_dir, shard)
            if not os.path.exists(p):
                raise ValueError(f"{index} names shard {shard} (for tensor {tensor}) but {p} does not exist: "
                                 "the download is incomplete")
            if p not in shards:
                shards.append(p)
        return shards
    if os.path.exists(single):
        return [single]
    bin_hint = (" (pytorch_model.bin is not supported by the evaluation engine: save the model with "
                "safe_serialization=True)" if os.path.exists(os.path.join(model_dir, "pytorch_model.bin")) else "")
    raise ValueError(f"{model_dir}: no model.safetensors or model.safetensors.index.json{bin_hint}")


def base_model_sha256(model_dir: str) -> str:
    """SHA-256 over the weight files in name order, as Checkpoint.sha256() computes it in Java
    (java.nio Path order: the byte order of the path strings)."""
    files = sorted(base_model_weight_files(model_dir), key=os.fsencode)
    return sha256_files(files)
