#!/usr/bin/env python3
"""Writes a random Llama-architecture base model folder that uses a real tokenizer, for fine-tuning
smoke runs and throughput measurements on a GPU machine (no pretrained weights can be had here):

    python3 scripts/make_tiny_base.py OUTDIR --tokenizer /work/shared/models/tokenizers/llama3 \\
        [--shape tiny|llama-3.2-1b|llama-3.1-8b] [--dtype bfloat16|float32] [--device cpu|cuda] [--seed 0]

OUTDIR gets config.json, the weights (model.safetensors, or shards with an index),
generation_config.json, and the tokenizer's tokenizer.json and tokenizer_config.json (chat template
included) copied as they are, so `evalstream export-sft --model` renders the same prompts for the
tokenizer folder and for OUTDIR. The vocabulary is the tokenizer's, so every exported token id is
valid. Weights follow scripts/tiny_models.py (unit scale); with tied embeddings the shared matrix is
scaled by 1/sqrt(hidden) so the logits stay of unit scale too.

Shapes: tiny (hidden 64, 2 layers; tied and stored in bf16 in shards of at most 10 MB by default, so
that every file stays under 16 MiB and can be copied off the GPU machine), llama-3.2-1b and
llama-3.1-8b (the published shapes; for throughput, not for copying). Needs torch and transformers.
"""
import argparse
import json
import math
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402
import transformers  # noqa: E402

from sft.hashing import base_model_sha256  # noqa: E402
from tiny_models import randomize, rope_kwargs, set_eager  # noqa: E402

LLAMA3_ROPE = {"rope_type": "llama3", "low_freq_factor": 1.0, "high_freq_factor": 4.0,
               "original_max_position_embeddings": 8192}
SHAPES = {
    "tiny": dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
                 num_key_value_heads=2, max_position_embeddings=8192, tie_word_embeddings=True,
                 rope=dict(LLAMA3_ROPE, factor=32.0), default_dtype="bfloat16", default_shard="10MB"),
    "llama-3.2-1b": dict(hidden_size=2048, intermediate_size=8192, num_hidden_layers=16, num_attention_heads=32,
                         num_key_value_heads=8, max_position_embeddings=131072, tie_word_embeddings=True,
                         rope=dict(LLAMA3_ROPE, factor=32.0), default_dtype="bfloat16", default_shard="5GB"),
    "llama-3.1-8b": dict(hidden_size=4096, intermediate_size=14336, num_hidden_layers=32, num_attention_heads=32,
                         num_key_value_heads=8, max_position_embeddings=131072, tie_word_embeddings=False,
                         rope=dict(LLAMA3_ROPE, factor=8.0), default_dtype="bfloat16", default_shard="5GB"),
}
# end-of-turn tokens of common chat templates: generation stops at any of them that the tokenizer has
END_OF_TURN = ("<|eot_id|>", "<|im_end|>", "<|end_of_text|>", "<|endoftext|>", "</s>")


def special_ids(tokenizer_dir):
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(os.path.join(tokenizer_dir, "tokenizer.json"))
    cfg_path = os.path.join(tokenizer_dir, "tokenizer_config.json")
    cfg = {}
    if os.path.exists(cfg_path):
        with open(cfg_path, encoding="utf-8") as f:
            cfg = json.load(f)

    def named(key):
        t = cfg.get(key)
        t = t.get("content") if isinstance(t, dict) else t
        return tok.token_to_id(t) if isinstance(t, str) else None

    eos = [i for i in [named("eos_token")] + [tok.token_to_id(t) for t in END_OF_TURN] if i is not None]
    return tok.get_vocab_size(with_added_tokens=True), named("bos_token"), list(dict.fromkeys(eos))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--tokenizer", required=True, help="folder with tokenizer.json and tokenizer_config.json")
    ap.add_argument("--shape", choices=sorted(SHAPES), default="tiny")
    ap.add_argument("--dtype", choices=("bfloat16", "float32"), help="storage dtype (default per shape)")
    ap.add_argument("--max-shard-size", help="largest weight file (default per shape)")
    ap.add_argument("--device", default="cpu", help="where the weights are drawn (cuda is faster for 8B)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    if not os.path.isfile(os.path.join(args.tokenizer, "tokenizer.json")):
        sys.exit(f"error: {args.tokenizer} has no tokenizer.json")
    shape = dict(SHAPES[args.shape])
    rope, default_dtype, default_shard = shape.pop("rope"), shape.pop("default_dtype"), shape.pop("default_shard")
    dtype = getattr(torch, args.dtype or default_dtype)
    shard = args.max_shard_size or default_shard
    vocab, bos, eos = special_ids(args.tokenizer)

    config = transformers.LlamaConfig(vocab_size=vocab, rms_norm_eps=1e-5, bos_token_id=bos,
                                      eos_token_id=eos if len(eos) > 1 else (eos[0] if eos else None),
                                      **rope_kwargs(transformers.LlamaConfig, 500000.0, rope), **shape)
    set_eager(config)
    torch.manual_seed(args.seed)
    with torch.device(args.device):
        model = transformers.LlamaForCausalLM(config)
    randomize(model, 1000 + args.seed, device=args.device)
    if config.tie_word_embeddings:
        with torch.no_grad():
            model.get_input_embeddings().weight.mul_(1.0 / math.sqrt(config.hidden_size))
    model = model.to(dtype)
    os.makedirs(args.out, exist_ok=True)
    model.save_pretrained(args.out, safe_serialization=True, max_shard_size=shard)
    for name in ("tokenizer.json", "tokenizer_config.json"):
        src = os.path.join(args.tokenizer, name)
        if os.path.exists(src):
            shutil.copyfile(src, os.path.join(args.out, name))
    with open(os.path.join(args.out, "generation_config.json"), "w", encoding="utf-8") as f:
        json.dump({"bos_token_id": bos, "eos_token_id": eos, "do_sample": False}, f, indent=2)
        f.write("\n")
    params = sum(p.numel() for p in model.parameters())
    files = sorted(os.listdir(args.out))
    print(f"wrote {args.out}: {args.shape} Llama, {params:,} parameters in {str(dtype).replace('torch.', '')}, "
          f"vocab {vocab}, bos {bos}, eos {eos}; files {files}; weights sha256 {base_model_sha256(args.out)}")


if __name__ == "__main__":
    main()
