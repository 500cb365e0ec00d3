#!/usr/bin/env python3
"""Float16 references for the generator's fixtures: what transformers (and peft) compute when the
fixture models run in float16, the reference for the Java engine's half-precision path.

It reads the fixtures make_fixtures.py wrote (the same random weights, prompts and adapters) and
writes, beside each architecture's reference.json:

  reference_f16.safetensors  "<variant>.logits.<i>": float32 copies of the float16 logits of prompt i
  reference_f16.json         {"device", "dtype", "attn", "versions",
                              "variants": {v: {"prompts": [{"ids", "greedy", "margins"}],
                                               "mmlu": {"ids", "letter_ids", "logprobs", "choice"}}}}

"margins" holds, for each greedy step, the gap between the reference's top two logits: where it
is below the comparison's tolerance, float16 rounding may legitimately pick the other token, so the
Java test compares greedy tokens only up to the first such step.

Run on the GPU machine (float16 kernels on a CPU differ from the GPU's and are slow):

    PYTHONUNBUFFERED=1 python3 scripts/make_f16_references.py generator/src/test/resources/fixtures OUT
"""
import argparse
import json
import os
import platform
import sys

import torch

import peft  # noqa: E402
import transformers  # noqa: E402
from peft import PeftModel  # noqa: E402
from safetensors.torch import save_file  # noqa: E402

GREEDY_STEPS = 20


def load(base_dir, adapter_dir, device):
    kwargs = {"attn_implementation": "eager"}
    try:
        model = transformers.AutoModelForCausalLM.from_pretrained(base_dir, dtype=torch.float16, **kwargs)
    except TypeError:
        model = transformers.AutoModelForCausalLM.from_pretrained(base_dir, torch_dtype=torch.float16, **kwargs)
    if adapter_dir is not None:
        model = PeftModel.from_pretrained(model, adapter_dir)
    return model.to(device).eval()


@torch.no_grad()
def logits_of(model, ids, device):
    out = model(input_ids=torch.tensor([ids], dtype=torch.long, device=device), use_cache=False)
    return out.logits[0]


@torch.no_grad()
def greedy(model, ids, steps, device):
    ids = list(ids)
    new, margins = [], []
    for _ in range(steps):
        last = logits_of(model, ids, device)[-1].float()
        top2 = torch.topk(last, 2)
        new.append(int(top2.indices[0]))
        margins.append(float(top2.values[0] - top2.values[1]))
        ids.append(new[-1])
    return new, margins


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("fixtures")
    ap.add_argument("out")
    ap.add_argument("--archs", default="llama3,mistral,qwen2,phi")
    args = ap.parse_args()
    device = "cuda" if torch.cuda.is_available() else "cpu"
    versions = {"python": platform.python_version(), "torch": torch.__version__, "transformers": transformers.__version__,
                "peft": peft.__version__, "device": torch.cuda.get_device_name(0) if device == "cuda" else "cpu"}
    print("versions", versions)
    for arch in args.archs.split(","):
        src = os.path.join(args.fixtures, arch)
        ref = json.load(open(os.path.join(src, "reference.json")))
        tensors, meta = {}, {"device": device, "dtype": "float16", "attn": "eager", "versions": versions, "variants": {}}
        for variant, vref in ref["variants"].items():
            adapter = None if variant == "base" else os.path.join(src, "adapter_" + variant)
            model = load(os.path.join(src, "base"), adapter, device)
            entry = {"prompts": []}
            for i, p in enumerate(vref["prompts"]):
                tensors[f"{variant}.logits.{i}"] = logits_of(model, p["ids"], device).float().cpu().contiguous()
                new, margins = greedy(model, p["ids"], GREEDY_STEPS, device)
                entry["prompts"].append({"ids": p["ids"], "greedy": new, "margins": margins})
            m = vref["mmlu"]
            lp = torch.log_softmax(logits_of(model, m["ids"], device)[-1].float(), dim=-1)
            letter_lp = [float(lp[t]) for t in m["letter_ids"]]
            entry["mmlu"] = {"ids": m["ids"], "letter_ids": m["letter_ids"], "logprobs": letter_lp,
                             "choice": "ABCD"[max(range(4), key=lambda k: letter_lp[k])]}
            meta["variants"][variant] = entry
            f32 = ref["variants"][variant]["prompts"][0]["greedy"]
            print(arch, variant, "greedy f16", entry["prompts"][0]["greedy"][:8], "f32", f32[:8], "mmlu", entry["mmlu"]["choice"])
            del model
        dst = os.path.join(args.out, arch)
        os.makedirs(dst, exist_ok=True)
        save_file(tensors, os.path.join(dst, "reference_f16.safetensors"))
        with open(os.path.join(dst, "reference_f16.json"), "w") as f:
            json.dump(meta, f, indent=1)
    print("done")


if __name__ == "__main__":
    sys.exit(main())
