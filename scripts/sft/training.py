"""One training run, start to end: tokenize the exported set, load the base model, wrap it in a
LoRA adapter, train (plain loop or TRL), and write the adapter, loss_curve.csv and
training_summary.json."""
from __future__ import annotations

import dataclasses
import datetime
import json
import os
import time
from typing import Callable, Dict

from sft import batches, hashing, runtime  # runtime first: it sets CUBLAS_WORKSPACE_CONFIG before torch loads
from sft.summary import LOSS_CURVE_FILE, files_sha256, loss_figures, write_loss_curve, write_summary

import torch


def run(cfg, data, out_dir: str, trainer: str = "plain", cpu: bool = False,
        log: Callable[[str], None] = print) -> Dict[str, object]:
    wall_start = time.perf_counter()
    started_at = _now()
    determinism = runtime.make_deterministic(cfg.seed)
    device, dtype = runtime.device_and_dtype(cpu)
    log(f"device {runtime.describe_device(device)}, compute dtype {str(dtype).replace('torch.', '')}")

    tokenizer = runtime.TextTokenizer(cfg.base_model)
    examples = batches.tokenize(data.records, tokenizer.encode, tokenizer.encode_plain_prompt)
    kept, dropped = batches.fit(examples, cfg.max_seq_length)
    if not kept:
        raise ValueError(f"every one of the {len(examples)} examples is longer than max_seq_length "
                         f"{cfg.max_seq_length} tokens (the shortest has {min(len(e.input_ids) for e in examples)})")
    plan = batches.plan(len(kept), cfg.per_device_batch_size, cfg.gradient_accumulation_steps, cfg.epochs,
                        cfg.max_steps, cfg.warmup_ratio)
    log(f"{len(kept)} examples ({len(dropped)} dropped as longer than {cfg.max_seq_length} tokens), "
        f"{plan.steps_per_epoch} optimizer steps an epoch, {plan.total_steps} in all, {plan.warmup_steps} warm-up")

    template_sha = tokenizer.chat_template_sha256()
    exported_sha = (data.manifest or {}).get("chat_template_sha256")
    if isinstance(exported_sha, str) and template_sha and exported_sha != template_sha:
        log(f"WARNING: the export's chat_template_sha256 {exported_sha[:12]} is not that of {cfg.base_model}'s "
            f"chat template ({template_sha[:12]}): the prompts were rendered for another model")

    log("hashing the base model's weights")
    weight_files = hashing.base_model_weight_files(cfg.base_model)
    base_sha256 = hashing.base_model_sha256(cfg.base_model)
    model = runtime.load_base(cfg.base_model, dtype, device, attn="sdpa")
    model.config.use_cache = False
    vocab = model.get_input_embeddings().num_embeddings
    top = max(max(e.input_ids) for e in kept)
    if top >= vocab:
        raise ValueError(f"token id {top} is outside the base model's vocabulary of {vocab}: the data was "
                         f"exported with another model's tokenizer than {cfg.base_model}'s")
    targets = runtime.resolve_target_modules(cfg.target_modules, model)

    from peft import LoraConfig, get_peft_model
    torch.manual_seed(cfg.seed)  # the LoRA A init depends on the seed alone, not on what loading drew
    lora = LoraConfig(r=cfg.r, lora_alpha=cfg.lora_alpha, lora_dropout=cfg.lora_dropout, target_modules=targets,
                      use_rslora=cfg.use_rslora, bias="none", task_type="CAUSAL_LM")
    model = get_peft_model(model, lora)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    total = sum(p.numel() for p in model.parameters())
    adapter_dtype = next(p.dtype for p in model.parameters() if p.requires_grad)
    log(f"LoRA r={cfg.r} alpha={cfg.lora_alpha} on {targets}: {trainable:,} trainable of {total:,} parameters")

    if trainer == "trl":
        from sft import trl_loop
        rows, figures = trl_loop.fit(model, kept, plan, cfg, cfg.base_model, device, out_dir, log)
    else:
        from sft import plain_loop
        rows, figures = plain_loop.fit(model, kept, plan, cfg, tokenizer.pad_id(), device, log)

    os.makedirs(out_dir, exist_ok=True)
    model.save_pretrained(out_dir, safe_serialization=True)
    _check_saved_adapter(out_dir)
    write_loss_curve(os.path.join(out_dir, LOSS_CURVE_FILE), rows)
    manifest_sha = hashing.sha256_file(data.manifest_path) if data.manifest_path else None
    summary = {
        "adapter_id": os.path.basename(os.path.normpath(out_dir)),
        "trainer": trainer,
        "config_file": os.path.abspath(cfg.source),
        "config": cfg.as_dict(),
        "config_sha256": cfg.sha256(),
        "base_model": {"path": cfg.base_model, "sha256": base_sha256,
                       "weight_files": [os.path.basename(f) for f in sorted(weight_files, key=os.fsencode)],
                       "chat_template_sha256": template_sha},
        "data": {"path": os.path.abspath(data.path), "sha256": data.sha256, "records": len(data.records),
                 "template": data.template, "examples_used": len(kept), "dropped_too_long": len(dropped),
                 "dropped": [{"id": i, "tokens": n} for i, n in dropped[:100]],
                 "truncation": "none: examples longer than max_seq_length are dropped",
                 "lengths": batches.length_stats(kept)},
        "export_manifest": data.manifest, "export_manifest_sha256": manifest_sha,
        "plan": dataclasses.asdict(plan),
        "steps": len(rows),
        "epochs_run": plan.epochs_run,
        "loss": loss_figures(rows),
        "lora": {"target_modules_resolved": targets, "trainable_parameters": trainable,
                 "total_parameters": total, "adapter_dtype": str(adapter_dtype).replace("torch.", ""),
                 "scale": cfg.lora_alpha / (cfg.r ** 0.5 if cfg.use_rslora else cfg.r)},
        **figures,
        "device": runtime.describe_device(device),
        "dtype": str(dtype).replace("torch.", ""),
        "determinism": determinism,
        "versions": runtime.versions(extra=("trl", "datasets") if trainer == "trl" else ()),
        "adapter_files": files_sha256(out_dir, ["adapter_model.safetensors", "adapter_config.json"]),
        "started_at": started_at,
        "finished_at": _now(),
        "wall_seconds": round(time.perf_counter() - wall_start, 3),
    }
    path = write_summary(out_dir, summary)
    log(f"wrote {out_dir}: adapter, {LOSS_CURVE_FILE}, {os.path.basename(path)}; loss {rows[0].loss:.4f} -> "
        f"{rows[-1].loss:.4f} in {len(rows)} steps, {figures.get('tokens_per_second')} tokens/s")
    return summary


def _check_saved_adapter(out_dir: str) -> None:
    """The evaluation engine reads adapter_model.safetensors and a listed target_modules."""
    path = os.path.join(out_dir, "adapter_config.json")
    with open(path, encoding="utf-8") as f:
        saved = json.load(f)
    if not isinstance(saved.get("target_modules"), list):
        raise ValueError(f"{path}: target_modules was saved as {saved.get('target_modules')!r}, not a list")
    if not os.path.isfile(os.path.join(out_dir, "adapter_model.safetensors")):
        raise ValueError(f"{out_dir}: PEFT wrote no adapter_model.safetensors")


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
