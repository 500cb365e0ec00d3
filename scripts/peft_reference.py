#!/usr/bin/env python3
"""What Hugging Face transformers + PEFT compute for a base model and one LoRA adapter, as the
reference the Java engine is held to (|logit difference| <= 1e-4 in f32):

    python3 scripts/peft_reference.py BASE ADAPTER PROMPTS.jsonl OUT.json [--limit 3] [--steps 16]

PROMPTS.jsonl: one JSON object a line with "prompt" (text, encoded as is with the base folder's
tokenizer.json, no special tokens added) and optionally "id"; the train.jsonl that export-sft writes
serves as is. The first --limit lines are used. Everything runs on the CPU in float32 with eager
attention, without a KV cache (each greedy step is a full forward pass).

OUT.json:
{
  "format": "evalstream-peft-reference/1",
  "base":    {"path": str, "sha256": str (as Checkpoint.sha256() computes it)},
  "adapter": {"path": str, "adapter_model_sha256": str, "r": int, "lora_alpha": num, "use_rslora": bool,
              "target_modules": [str]},
  "dtype": "float32", "device": "cpu", "attention": "eager",
  "greedy_steps": int, "stops_at_eos": false,   (greedy always runs greedy_steps tokens, EOS included)
  "versions": {"python", "torch", "transformers", "peft", "tokenizers", "safetensors": str},
  "prompts": [{
      "id": str, "prompt_sha256": str, "input_ids": [int],
      "base" and "adapter", each: {
          "last_logits": [float] (the whole vocabulary at the prompt's last position, float32 values
                                  written with 9 significant digits, which round-trip exactly),
          "greedy": [int] (greedy_steps token ids), "greedy_text": str (decoded, special tokens kept),
          "greedy_margins": [float] (top-1 minus top-2 logit at each step: a step whose margin is
                                     under ~1e-3 may legitimately flip between engines)},
      "adapter_vs_base_max_abs_logit_diff": float, "greedy_differs": bool}]
}
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from sft import runtime  # noqa: E402 - imports torch
from sft.hashing import base_model_sha256, sha256_file, sha256_text  # noqa: E402

import torch  # noqa: E402

FORMAT = "evalstream-peft-reference/1"


def read_prompts(path, limit):
    prompts = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            obj = json.loads(line)
            if not isinstance(obj, dict) or not isinstance(obj.get("prompt"), str):
                sys.exit(f"error: {path}:{n}: expected an object with a \"prompt\" string")
            prompts.append((str(obj.get("id", f"line-{n}")), obj["prompt"]))
            if len(prompts) == limit:
                break
    if not prompts:
        sys.exit(f"error: {path}: no prompts")
    return prompts


@torch.no_grad()
def last_logits(model, ids):
    out = model(input_ids=torch.tensor([ids], dtype=torch.long), use_cache=False)
    return out.logits[0, -1].float()


@torch.no_grad()
def outputs(model, ids, steps, tokenizer):
    first = last_logits(model, ids)
    seq, greedy, margins = list(ids), [], []
    logits = first
    for k in range(steps):
        top2 = torch.topk(logits, 2)
        tok = int(top2.indices[0])
        greedy.append(tok)
        margins.append(float(top2.values[0] - top2.values[1]))
        seq.append(tok)
        if k + 1 < steps:
            logits = last_logits(model, seq)
    return first, {"last_logits": [float(f"{x:.9g}") for x in first.tolist()], "greedy": greedy,
                   "greedy_text": tokenizer.decode(greedy), "greedy_margins": margins}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("base")
    ap.add_argument("adapter")
    ap.add_argument("prompts")
    ap.add_argument("out")
    ap.add_argument("--limit", type=int, default=3)
    ap.add_argument("--steps", type=int, default=16)
    args = ap.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    tokenizer = runtime.TextTokenizer(args.base)
    prompts = read_prompts(args.prompts, args.limit)
    encoded = tokenizer.encode([p for _, p in prompts])

    model = runtime.load_base(args.base, torch.float32, torch.device("cpu"), attn="eager")
    model.eval()
    base_out = [outputs(model, ids, args.steps, tokenizer) for ids in encoded]

    from peft import PeftModel
    model = PeftModel.from_pretrained(model, args.adapter)
    model.eval()
    adapter_out = [outputs(model, ids, args.steps, tokenizer) for ids in encoded]

    with open(os.path.join(args.adapter, "adapter_config.json"), encoding="utf-8") as f:
        acfg = json.load(f)
    records = []
    for (pid, text), ids, (b_logits, b), (a_logits, a) in zip(prompts, encoded, base_out, adapter_out):
        records.append({"id": pid, "prompt_sha256": sha256_text(text), "input_ids": ids, "base": b, "adapter": a,
                        "adapter_vs_base_max_abs_logit_diff": float((a_logits - b_logits).abs().max()),
                        "greedy_differs": a["greedy"] != b["greedy"]})
        print(f"{pid}: {len(ids)} tokens; adapter vs base max |dlogit| "
              f"{records[-1]['adapter_vs_base_max_abs_logit_diff']:.4f}; greedy differs: {records[-1]['greedy_differs']}"
              f"\n  base:    {b['greedy_text']!r}\n  adapter: {a['greedy_text']!r}")
    result = {
        "format": FORMAT,
        "base": {"path": os.path.abspath(args.base), "sha256": base_model_sha256(args.base)},
        "adapter": {"path": os.path.abspath(args.adapter),
                    "adapter_model_sha256": sha256_file(os.path.join(args.adapter, "adapter_model.safetensors")),
                    "r": acfg.get("r"), "lora_alpha": acfg.get("lora_alpha"), "use_rslora": acfg.get("use_rslora"),
                    "target_modules": acfg.get("target_modules")},
        "dtype": "float32", "device": "cpu", "attention": "eager",
        "greedy_steps": args.steps, "stops_at_eos": False,
        "versions": runtime.versions(),
        "prompts": records,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False)
    print(f"wrote {args.out} ({os.path.getsize(args.out) / 2 ** 20:.1f} MiB)")


if __name__ == "__main__":
    main()
