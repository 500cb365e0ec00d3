"""The supervised training set that `evalstream export-sft` writes: train.jsonl (one record a line)
and manifest.json beside it.

A record is {"id", "db_id", "question", "prompt", "completion", "prompt_sha256", "template",
"chat_rendered"}: `prompt` is the fully rendered prompt (chat template applied, special tokens as text,
ending with the generation prompt), `completion` the gold SQL followed by the template's end-of-turn
text, and `prompt_sha256` the SHA-256 of the prompt's UTF-8 bytes, as the generator records it with each
prediction. `chat_rendered` (default true) is false for the plain-text prompt of a base model without
a chat template: the engine encodes such a prompt with the tokenizer's special tokens (BOS) added, and
so must training (batches.tokenize). A prompt whose hash does not match was changed after the export, so the adapter would
be trained on a prompt it is never evaluated with: that is refused.
"""
from __future__ import annotations

import dataclasses
import json
import os
from typing import Any, Dict, List, Optional

from sft.hashing import sha256_file, sha256_text

REQUIRED_FIELDS = ("id", "prompt", "completion", "prompt_sha256", "template")


class DataError(Exception):
    """Training data that cannot be used; the message names the file and line."""


@dataclasses.dataclass(frozen=True)
class Record:
    id: str
    prompt: str
    completion: str
    template: str
    line: int
    chat_rendered: bool = True  # false: a plain-text prompt, encoded with the tokenizer's special tokens added


@dataclasses.dataclass(frozen=True)
class TrainingSet:
    path: str
    sha256: str                        # of train.jsonl's bytes
    records: List[Record]
    template: str                      # the one prompt template every record uses
    manifest: Optional[Dict[str, Any]]  # manifest.json beside the file, as written, or None
    manifest_path: Optional[str]


def read(path: str) -> TrainingSet:
    if not os.path.isfile(path):
        raise DataError(f"{path} does not exist (write it with: scripts/evalstream export-sft ... --out DIR)")
    records: List[Record] = []
    seen: Dict[str, int] = {}
    templates = set()
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            r = _record(path, n, line)
            if r.id in seen:
                raise DataError(f"{path}:{n}: id {r.id!r} already appears on line {seen[r.id]}")
            seen[r.id] = n
            templates.add(r.template)
            records.append(r)
    if not records:
        raise DataError(f"{path}: no records")
    if len(templates) > 1:
        raise DataError(f"{path}: records use several prompt templates ({', '.join(sorted(templates))}); "
                        "an adapter is trained and evaluated with one: export again with one --style")
    manifest_path = os.path.join(os.path.dirname(os.path.abspath(path)), "manifest.json")
    manifest = None
    if os.path.isfile(manifest_path):
        try:
            with open(manifest_path, encoding="utf-8") as f:
                manifest = json.load(f)
        except json.JSONDecodeError as e:
            raise DataError(f"{manifest_path}:{e.lineno}: not valid JSON: {e.msg}") from None
        if not isinstance(manifest, dict):
            raise DataError(f"{manifest_path}: expected a JSON object")
        _check_manifest(manifest_path, manifest, len(records), templates)
    else:
        manifest_path = None
    return TrainingSet(path=path, sha256=sha256_file(path), records=records, template=templates.pop(),
                       manifest=manifest, manifest_path=manifest_path)


def _record(path: str, n: int, line: str) -> Record:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        raise DataError(f"{path}:{n}: not valid JSON ({e.msg} at column {e.colno})") from None
    if not isinstance(obj, dict):
        raise DataError(f"{path}:{n}: expected a JSON object")
    for field in REQUIRED_FIELDS:
        if not isinstance(obj.get(field), str) or not obj.get(field):
            raise DataError(f"{path}:{n}: field '{field}' is missing or not a non-empty string "
                            f"(each record needs {', '.join(REQUIRED_FIELDS)})")
    if sha256_text(obj["prompt"]) != obj["prompt_sha256"].lower():
        raise DataError(f"{path}:{n}: record {obj['id']}: the prompt does not match its prompt_sha256; "
                        "the file was edited after the export: export it again")
    chat_rendered = obj.get("chat_rendered", True)
    if not isinstance(chat_rendered, bool):
        raise DataError(f"{path}:{n}: field 'chat_rendered' is {chat_rendered!r}; expected true or false")
    return Record(id=obj["id"], prompt=obj["prompt"], completion=obj["completion"], template=obj["template"], line=n,
                  chat_rendered=chat_rendered)


def _check_manifest(path: str, manifest: Dict[str, Any], count: int, templates: set) -> None:
    if isinstance(manifest.get("count"), int) and manifest["count"] != count:
        raise DataError(f"{path}: count {manifest['count']} but train.jsonl holds {count} records: "
                        "the two files are not from one export")
    template = manifest.get("template")
    if isinstance(template, str) and templates and template not in templates:
        raise DataError(f"{path}: template {template} but the records use {', '.join(sorted(templates))}")
