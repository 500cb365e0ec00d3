"""torch, transformers and the tokenizer, set up the same way for training and for the reference
outputs: imported only when a run starts (never by `finetune.py --check`).
"""
from __future__ import annotations

import json
import os
import platform
import random
from typing import Dict, List, Optional, Sequence, Tuple

# cuBLAS reads this when CUDA starts; deterministic GEMM reductions need it set before torch loads
os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import torch  # noqa: E402


def make_deterministic(seed: int) -> Dict[str, object]:
    """Seeds every generator and asks torch for deterministic kernels (warning where none exists)."""
    random.seed(seed)
    try:
        import numpy
        numpy.random.seed(seed % (2 ** 32))
    except ImportError:
        pass
    torch.manual_seed(seed)  # also seeds every CUDA device
    torch.use_deterministic_algorithms(True, warn_only=True)
    torch.backends.cudnn.benchmark = False
    torch.backends.cudnn.deterministic = True
    return {"seed": seed, "use_deterministic_algorithms": "True (warn_only)",
            "CUBLAS_WORKSPACE_CONFIG": os.environ.get("CUBLAS_WORKSPACE_CONFIG")}


def device_and_dtype(cpu: bool = False) -> Tuple[torch.device, torch.dtype]:
    """bf16 on a GPU (f32 on one too old for bf16); f32 on the CPU, where half-precision matmuls are
    slow and inexact."""
    if torch.cuda.is_available() and not cpu:
        device = torch.device("cuda", torch.cuda.current_device())
        return device, torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float32
    return torch.device("cpu"), torch.float32


def describe_device(device: torch.device) -> str:
    if device.type == "cuda":
        return f"{device} ({torch.cuda.get_device_name(device)})"
    return f"cpu ({platform.processor() or platform.machine()}, {os.cpu_count()} cores)"


def load_base(path: str, dtype: torch.dtype, device: torch.device, attn: str):
    """A causal LM from a local folder in the given dtype. transformers >= 4.56 names the argument
    `dtype` (`torch_dtype` is deprecated); the result is checked, and cast if a version ignored it."""
    from transformers import AutoModelForCausalLM
    kwargs = dict(attn_implementation=attn, local_files_only=True)
    try:
        model = AutoModelForCausalLM.from_pretrained(path, dtype=dtype, **kwargs)
    except TypeError:
        model = AutoModelForCausalLM.from_pretrained(path, torch_dtype=dtype, **kwargs)
    if any(p.dtype != dtype for p in model.parameters()):
        model = model.to(dtype)
    return model.to(device)


class TextTokenizer:
    """The base folder's tokenizer.json through the `tokenizers` library, which the Java engine also
    uses: text is encoded exactly as given, special tokens written as text included, and nothing
    added (no BOS: the exported prompt already starts with it)."""

    def __init__(self, model_dir: str):
        from tokenizers import Tokenizer
        path = os.path.join(model_dir, "tokenizer.json")
        if not os.path.isfile(path):
            raise ValueError(f"{model_dir}: no tokenizer.json (the base model folder needs its fast tokenizer)")
        self.tokenizer = Tokenizer.from_file(path)
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        config_path = os.path.join(model_dir, "tokenizer_config.json")
        self.config = {}
        if os.path.isfile(config_path):
            with open(config_path, encoding="utf-8") as f:
                self.config = json.load(f)

    def encode(self, texts: Sequence[str]) -> List[List[int]]:
        return [e.ids for e in self.tokenizer.encode_batch(list(texts), add_special_tokens=False)]

    def encode_plain_prompt(self, texts: Sequence[str]) -> List[List[int]]:
        """Plain-text prompts (no chat template) as the Java engine encodes them (TextTokenizer.encodePrompt):
        the tokenizer's post-processor adds its special tokens, and BOS goes first where
        tokenizer_config.json sets add_bos_token and the post-processor did not put it there."""
        bos = self.token_id("bos_token") if self.config.get("add_bos_token") is True else None
        out = []
        for e in self.tokenizer.encode_batch(list(texts), add_special_tokens=True):
            ids = list(e.ids)
            if bos is not None and (not ids or ids[0] != bos):
                ids.insert(0, bos)
            out.append(ids)
        return out

    def decode(self, ids: Sequence[int]) -> str:
        return self.tokenizer.decode(list(ids), skip_special_tokens=False)

    def token_id(self, name: str) -> Optional[int]:
        """The id of a special token named in tokenizer_config.json (e.g. eos_token), or None."""
        t = self.config.get(name)
        if isinstance(t, dict):
            t = t.get("content")
        return self.tokenizer.token_to_id(t) if isinstance(t, str) else None

    def pad_id(self) -> int:
        """Any real token will do: padding positions are masked out of attention and loss."""
        for name in ("pad_token", "eos_token", "bos_token"):
            i = self.token_id(name)
            if i is not None:
                return i
        return 0

    def chat_template_sha256(self) -> Optional[str]:
        from sft.hashing import sha256_text
        t = self.config.get("chat_template")
        return sha256_text(t) if isinstance(t, str) else None


def linear_module_names(model) -> List[str]:
    """Last name parts of the model's nn.Linear modules, the output head left out (as PEFT's
    "all-linear" does), sorted: what an "all-linear" config expands to, written out so that the
    saved adapter_config.json lists modules (the Java engine does not expand "all-linear")."""
    head = model.get_output_embeddings() if hasattr(model, "get_output_embeddings") else None
    names = set()
    for name, module in model.named_modules():
        if isinstance(module, torch.nn.Linear) and module is not head:
            names.add(name.rsplit(".", 1)[-1])
    return sorted(names)


def resolve_target_modules(targets, model) -> List[str]:
    available = linear_module_names(model)
    if targets == "all-linear":
        return available
    missing = [t for t in targets if t not in available]
    if missing:
        raise ValueError(f"target_modules {missing} name no linear module of the base model; "
                         f"its linear modules are {available} (or use \"all-linear\")")
    return sorted(targets)


def versions(extra: Sequence[str] = ()) -> Dict[str, Optional[str]]:
    out = {"python": platform.python_version(), "torch": torch.__version__,
           "cuda": torch.version.cuda, "cudnn": str(torch.backends.cudnn.version())}
    for name in ("transformers", "peft", "tokenizers", "safetensors", "accelerate", *extra):
        try:
            out[name] = __import__(name).__version__
        except Exception:  # noqa: BLE001 - absent or broken optional package
            out[name] = None
    return out
