"""A fine-tuning run's configuration: one JSON file under experiments/finetune/, validated here
without torch so that `finetune.py --check` and CI can run anywhere.

Every problem is reported at once, each naming the file and the key, with what is allowed.
"""
from __future__ import annotations

import dataclasses
import difflib
import json
import os
from typing import Any, Dict, List, Optional, Tuple, Union

from sft.hashing import canonical_json_sha256

SCHEDULERS = ("linear", "cosine", "constant", "constant_with_warmup")
ALL_LINEAR = "all-linear"

# required keys, in the order the error listing names them; optional keys with their defaults
_REQUIRED = (
    "base_model", "r", "lora_alpha", "lora_dropout", "target_modules", "use_rslora",
    "learning_rate", "lr_scheduler", "warmup_ratio", "epochs", "per_device_batch_size",
    "gradient_accumulation_steps", "max_seq_length", "seed",
)
_OPTIONAL = {"weight_decay": 0.0, "max_grad_norm": 1.0, "max_steps": None, "description": ""}
ALLOWED_KEYS = tuple(sorted(_REQUIRED + tuple(_OPTIONAL)))
# keys left out of the config hash: a path is no identity (base_model_sha256 identifies the base
# model by content), and a description is prose
UNHASHED_KEYS = ("base_model", "description")


class ConfigError(Exception):
    """A configuration that cannot be used; `problems` lists every reason."""

    def __init__(self, source: str, problems: List[str]):
        self.source = source
        self.problems = problems
        super().__init__("\n".join(f"{source}: {p}" for p in problems))


@dataclasses.dataclass(frozen=True)
class FinetuneConfig:
    source: str                      # the config file, as given
    base_model: str                  # absolute path of the base model folder
    base_model_as_written: str       # what the file (or the override) said
    r: int
    lora_alpha: float
    lora_dropout: float
    target_modules: Union[str, Tuple[str, ...]]  # a tuple of module names, or "all-linear"
    use_rslora: bool
    learning_rate: float
    lr_scheduler: str
    warmup_ratio: float
    epochs: int
    per_device_batch_size: int
    gradient_accumulation_steps: int
    max_seq_length: int
    seed: int
    weight_decay: float
    max_grad_norm: float
    max_steps: Optional[int]
    description: str

    def as_dict(self) -> Dict[str, Any]:
        """The effective configuration (defaults filled in), as it would be written in a file."""
        d = {k: getattr(self, k) for k in ALLOWED_KEYS}
        d["base_model"] = self.base_model_as_written
        if isinstance(self.target_modules, tuple):
            d["target_modules"] = list(self.target_modules)
        return d

    def sha256(self) -> str:
        """SHA-256 of the canonical JSON of the effective config without base_model and description."""
        return canonical_json_sha256({k: v for k, v in self.as_dict().items() if k not in UNHASHED_KEYS})


def load(path: str, base_model_override: Optional[str] = None) -> FinetuneConfig:
    """Reads and validates a config file; relative base_model paths are resolved against its folder.

    base_model_override (relative to the working directory) replaces the file's base_model, so a
    shipped config with a placeholder path can be used as is.
    """
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise ConfigError(path, [f"cannot read the config file: {e.strerror}"]) from None
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        raise ConfigError(path, [f"line {e.lineno} column {e.colno}: not valid JSON: {e.msg}"]) from None
    return parse(obj, path, os.path.dirname(os.path.abspath(path)), base_model_override)


def parse(obj: Any, source: str, config_dir: str, base_model_override: Optional[str] = None) -> FinetuneConfig:
    if not isinstance(obj, dict):
        raise ConfigError(source, ["the config must be a JSON object {\"key\": value, ...}"])
    problems: List[str] = []
    for key in obj:
        if key not in ALLOWED_KEYS:
            close = difflib.get_close_matches(key, ALLOWED_KEYS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(f"unknown key '{key}'{hint}; allowed keys: {', '.join(ALLOWED_KEYS)}")
    for key in _REQUIRED:
        if key not in obj and not (key == "base_model" and base_model_override):
            problems.append(f"missing key '{key}' (required keys: {', '.join(_REQUIRED)})")
    values = dict(_OPTIONAL)
    values.update(obj)

    def check(key: str, ok: bool, wanted: str) -> None:
        if key in obj and not ok:
            problems.append(f"key '{key}' must be {wanted}, got {json.dumps(obj[key])}")

    v = values
    check("r", _is_int(v.get("r")) and v.get("r") > 0, "a positive integer (the LoRA rank, e.g. 16)")
    check("lora_alpha", _is_number(v.get("lora_alpha")) and v.get("lora_alpha") > 0,
          "a positive number (commonly 2 x r)")
    check("lora_dropout", _is_number(v.get("lora_dropout")) and 0 <= v.get("lora_dropout") < 1,
          "a number in [0, 1) (commonly 0.05)")
    check("target_modules", _valid_targets(v.get("target_modules")),
          f"a non-empty list of distinct module names (e.g. [\"q_proj\", \"v_proj\"]) or \"{ALL_LINEAR}\"")
    check("use_rslora", isinstance(v.get("use_rslora"), bool), "true or false")
    check("learning_rate", _is_number(v.get("learning_rate")) and v.get("learning_rate") > 0,
          "a positive number (commonly 1e-4 to 2e-4 for LoRA)")
    check("lr_scheduler", v.get("lr_scheduler") in SCHEDULERS, "one of " + ", ".join(SCHEDULERS))
    check("warmup_ratio", _is_number(v.get("warmup_ratio")) and 0 <= v.get("warmup_ratio") < 1,
          "a number in [0, 1) (the fraction of steps that warm the learning rate up)")
    check("epochs", _is_int(v.get("epochs")) and v.get("epochs") > 0, "a positive integer")
    check("per_device_batch_size", _is_int(v.get("per_device_batch_size")) and v.get("per_device_batch_size") > 0,
          "a positive integer")
    check("gradient_accumulation_steps",
          _is_int(v.get("gradient_accumulation_steps")) and v.get("gradient_accumulation_steps") > 0,
          "a positive integer")
    check("max_seq_length", _is_int(v.get("max_seq_length")) and v.get("max_seq_length") > 0,
          "a positive integer (prompt + completion tokens; longer examples are dropped and counted)")
    check("seed", _is_int(v.get("seed")), "an integer")
    check("weight_decay", _is_number(v.get("weight_decay")) and v.get("weight_decay") >= 0, "a number >= 0")
    check("max_grad_norm", _is_number(v.get("max_grad_norm")) and v.get("max_grad_norm") > 0, "a positive number")
    check("max_steps", v.get("max_steps") is None or (_is_int(v.get("max_steps")) and v.get("max_steps") > 0),
          "a positive integer (optimizer steps, for smoke runs) or null")
    check("description", isinstance(v.get("description"), str), "a string")
    check("base_model", isinstance(v.get("base_model"), str) and v.get("base_model").strip() != "",
          "the path of a Hugging Face model folder")

    written = base_model_override or v.get("base_model")
    base_abs = None
    if isinstance(written, str) and written.strip():
        base_abs = os.path.abspath(written if base_model_override or os.path.isabs(written)
                                   else os.path.join(config_dir, written))
        problem = base_model_problem(base_abs)
        if problem:
            how = "--base-model DIR" if base_model_override else "set base_model in the config or pass --base-model DIR"
            problems.append(f"base_model {problem} ({how})")
    if problems:
        raise ConfigError(source, problems)
    targets = v["target_modules"]
    return FinetuneConfig(
        source=source, base_model=base_abs, base_model_as_written=written, r=v["r"],
        lora_alpha=v["lora_alpha"], lora_dropout=v["lora_dropout"],
        target_modules=targets if isinstance(targets, str) else tuple(targets), use_rslora=v["use_rslora"],
        learning_rate=v["learning_rate"], lr_scheduler=v["lr_scheduler"], warmup_ratio=v["warmup_ratio"],
        epochs=v["epochs"], per_device_batch_size=v["per_device_batch_size"],
        gradient_accumulation_steps=v["gradient_accumulation_steps"], max_seq_length=v["max_seq_length"],
        seed=v["seed"], weight_decay=v["weight_decay"], max_grad_norm=v["max_grad_norm"],
        max_steps=v["max_steps"], description=v["description"])


def base_model_problem(path: str) -> Optional[str]:
    """Why a folder cannot be a base model, or None."""
    if not os.path.exists(path):
        return f"{path} does not exist"
    if not os.path.isdir(path):
        return f"{path} is not a folder"
    if not os.path.isfile(os.path.join(path, "config.json")):
        return f"{path} has no config.json (is it a Hugging Face model folder?)"
    return None


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and x == x


def _valid_targets(t: Any) -> bool:
    if t == ALL_LINEAR:
        return True
    return (isinstance(t, list) and len(t) > 0 and all(isinstance(m, str) and m.strip() for m in t)
            and len(set(t)) == len(t))
