#!/usr/bin/env python3
"""transformers' own generate on the workloads of `evalstream bench generate`, for side-by-side
ratios on the same GPU: random weights of a Llama shape, prompts of P random tokens with N new
tokens (greedy, end-of-sequence off so every engine generates exactly N) at batch 1 and 32, the
batch of 32 split over the base model and two LoRA adapters (PEFT's mixed-adapter batch), and a
prompt file shared with the Java benchmark (BenchPrompts: the Spider 3-shot workload).

Tokens/s count generated tokens over the whole generate call, prefill included.

    PYTHONUNBUFFERED=1 python3 scripts/bench_transformers.py --shape llama-3-8b --dtype bfloat16 \\
        [--prompts spider.json] [--out result.json]
"""
import argparse
import json
import sys
import time

import torch

import transformers  # noqa: E402
from peft import LoraConfig, get_peft_model  # noqa: E402

SHAPES = {
    "llama-3-8b": dict(vocab_size=128256, hidden_size=4096, intermediate_size=14336, num_hidden_layers=32,
                       num_attention_heads=32, num_key_value_heads=8, tie_word_embeddings=False),
    "llama-3.2-1b": dict(vocab_size=128256, hidden_size=2048, intermediate_size=8192, num_hidden_layers=16,
                         num_attention_heads=32, num_key_value_heads=8, tie_word_embeddings=True),
    "llama-100m": dict(vocab_size=16384, hidden_size=768, intermediate_size=2048, num_hidden_layers=12,
                       num_attention_heads=12, num_key_value_heads=4, tie_word_embeddings=False),
}
TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


def build(shape, dtype):
    cfg = transformers.LlamaConfig(max_position_embeddings=8192, rms_norm_eps=1e-5, bos_token_id=None,
                                   eos_token_id=None, pad_token_id=0, **SHAPES[shape])
    torch.set_default_dtype(dtype)
    with torch.device("cuda"):
        model = transformers.LlamaForCausalLM(cfg)
    torch.set_default_dtype(torch.float32)
    return model.eval()


def with_adapters(model, rank, seed):
    cfg = LoraConfig(r=rank, lora_alpha=2 * rank, lora_dropout=0.0, target_modules=TARGETS, task_type="CAUSAL_LM")
    peft_model = get_peft_model(model, cfg, adapter_name="lora-a")
    peft_model.add_adapter("lora-b", cfg)
    g = torch.Generator(device="cuda").manual_seed(seed)
    with torch.no_grad():
        for name, p in peft_model.named_parameters():
            if "lora_B" in name:
                p.copy_(torch.randn(p.shape, generator=g, device="cuda", dtype=torch.float32).to(p.dtype) / rank)
    return peft_model.eval()


@torch.no_grad()
def generate(model, prompts, new_tokens, adapter_names=None):
    """Left-padded batch; returns (generated tokens, seconds)."""
    width = max(len(p) for p in prompts)
    ids = torch.zeros((len(prompts), width), dtype=torch.long)
    mask = torch.zeros((len(prompts), width), dtype=torch.long)
    for i, p in enumerate(prompts):
        ids[i, width - len(p):] = torch.tensor(p)
        mask[i, width - len(p):] = 1
    kwargs = dict(input_ids=ids.cuda(), attention_mask=mask.cuda(), max_new_tokens=new_tokens, min_new_tokens=new_tokens,
                  do_sample=False, eos_token_id=None, pad_token_id=0)
    if adapter_names is not None:
        kwargs["adapter_names"] = adapter_names
    torch.cuda.synchronize()
    t0 = time.perf_counter()
    out = model.generate(**kwargs)
    torch.cuda.synchronize()
    seconds = time.perf_counter() - t0
    return (out.shape[1] - width) * len(prompts), seconds


def run(label, model, batches, new_tokens, names=None, results=None):
    total, seconds = 0, 0.0
    for i, batch in enumerate(batches):
        n, s = generate(model, batch, new_tokens, None if names is None else names[i])
        total += n
        seconds += s
    tps = total / seconds
    print(f"{label:60s} {tps:9.1f} tokens/s ({seconds:.2f} s, {total} tokens)")
    results[label] = {"tokens_per_second": tps, "seconds": seconds, "tokens": total}
    return tps


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shape", default="llama-3-8b")
    ap.add_argument("--dtype", default="bfloat16", choices=["bfloat16", "float16", "float32"])
    ap.add_argument("--prompt-tokens", type=int, default=512)
    ap.add_argument("--new-tokens", type=int, default=64)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--single-row-prompts", type=int, default=4)
    ap.add_argument("--rank", type=int, default=16)
    ap.add_argument("--prompts", default=None)
    ap.add_argument("--prompt-limit", type=int, default=64)
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    dtype = getattr(torch, args.dtype)
    results = {"shape": args.shape, "dtype": args.dtype, "torch": torch.__version__, "transformers": transformers.__version__,
               "gpu": torch.cuda.get_device_name(0)}
    t0 = time.perf_counter()
    model = build(args.shape, dtype)
    print(f"built {args.shape} in {args.dtype} in {time.perf_counter() - t0:.1f} s")
    g = torch.Generator().manual_seed(1234)
    vocab = SHAPES[args.shape]["vocab_size"]
    prompts = [torch.randint(1, vocab, (args.prompt_tokens,), generator=g).tolist() for _ in range(args.batch)]
    generate(model, prompts[:1], 4)  # warm-up
    p, n = args.prompt_tokens, args.new_tokens
    run(f"{p}/{n} batch 1 ({args.single_row_prompts} prompts)", model, [[x] for x in prompts[:args.single_row_prompts]], n,
        results=results)
    base = run(f"{p}/{n} batch {args.batch}", model, [prompts], n, results=results)
    results["peak_memory_gb_base"] = torch.cuda.max_memory_allocated() / 1e9
    peft_model = with_adapters(model, args.rank, 7)
    order = ["__base__", "lora-a", "lora-b"]
    names = [order[i % 3] for i in range(args.batch)]
    mixed = run(f"{p}/{n} batch {args.batch} mixed: base + 2 adapters (PEFT)", peft_model, [prompts], n, [names], results=results)
    print(f"  PEFT mixed batch: {100 * mixed / base:.0f}% of base-only tokens/s")
    if args.prompts:
        spec = json.load(open(args.prompts))
        items = spec["prompts"][:args.prompt_limit]
        batches, batch_names = [], []
        for i in range(0, len(items), args.batch):
            chunk = items[i:i + args.batch]
            batches.append([[t % vocab for t in it["ids"]] for it in chunk])
            batch_names.append([it["adapter"] if it["adapter"] in ("lora-a", "lora-b") else "__base__" for it in chunk])
        run(f"{spec.get('name', 'prompts')}: {len(items)} prompts, {n} new tokens, batch {args.batch} (PEFT)", peft_model, batches, n,
            batch_names, results=results)
    results["peak_memory_gb"] = torch.cuda.max_memory_allocated() / 1e9
    print(json.dumps(results, indent=1))
    if args.out:
        with open(args.out, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
