#!/usr/bin/env python3
"""LoRA supervised fine-tuning of a base model on the set `evalstream export-sft` writes.

    scripts/finetune.py experiments/finetune/lora-r16-lr2e-4-ep1.json \\
        --data out/sft/train.jsonl --base-model /models/base [--out out/adapters/lora-r16-lr2e-4-ep1]
    scripts/finetune.py CONFIG.json --check [--data train.jsonl] [--base-model DIR]

--check validates the config (and the data, when given) without importing torch; exit status 0
when usable, 2 with every problem named otherwise. Training writes a PEFT adapter
(adapter_config.json, adapter_model.safetensors), training_summary.json and loss_curve.csv into
--out (default out/adapters/<config name>, the config name being the adapter id).

The base model folder is the config's base_model, resolved against the config's folder when
relative; --base-model DIR (or EVALSTREAM_BASE_MODEL) overrides it. bf16 on a GPU, f32 on the CPU
(--cpu forces the CPU). --trainer trl uses TRL's SFTTrainer where trl and datasets are installed;
the default, plain, is the project's own loop, the same wherever it runs. See
experiments/finetune/README.md.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from sft import config as sft_config  # noqa: E402 - torch-free
from sft import dataset  # noqa: E402 - torch-free
from sft.summary import SUMMARY_FILE  # noqa: E402 - torch-free

USAGE_ERROR = 2


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("config", help="a JSON config under experiments/finetune/")
    ap.add_argument("--data", help="train.jsonl written by `evalstream export-sft` (manifest.json beside it)")
    ap.add_argument("--out", help="output folder (default out/adapters/<config name>)")
    ap.add_argument("--base-model", help="base model folder, overriding the config's base_model "
                                         "(default: $EVALSTREAM_BASE_MODEL if set)")
    ap.add_argument("--check", action="store_true", help="validate config (and --data) and exit; needs no torch")
    ap.add_argument("--trainer", choices=("plain", "trl"), default="plain",
                    help="plain: the project's own loop (default); trl: TRL's SFTTrainer, if installed")
    ap.add_argument("--cpu", action="store_true", help="train on the CPU in f32 even where a GPU exists")
    ap.add_argument("--overwrite", action="store_true", help="replace an adapter already in --out")
    args = ap.parse_args(argv)

    override = args.base_model or os.environ.get("EVALSTREAM_BASE_MODEL") or None
    try:
        cfg = sft_config.load(args.config, override)
    except sft_config.ConfigError as e:
        print(f"error: {e}", file=sys.stderr)
        return USAGE_ERROR
    data = None
    if args.data:
        try:
            data = dataset.read(args.data)
        except dataset.DataError as e:
            print(f"error: {e}", file=sys.stderr)
            return USAGE_ERROR
    if args.trainer == "trl":
        missing = [m for m in ("trl", "datasets") if importlib.util.find_spec(m) is None]
        if missing:
            print(f"error: --trainer trl needs {' and '.join(missing)}, which is not installed; "
                  "use --trainer plain (the default)", file=sys.stderr)
            return USAGE_ERROR
    name = os.path.splitext(os.path.basename(args.config))[0]
    out = args.out or os.path.join("out", "adapters", name)

    if args.check:
        targets = cfg.target_modules if isinstance(cfg.target_modules, str) else ",".join(cfg.target_modules)
        print(f"OK {args.config}: r={cfg.r} lora_alpha={cfg.lora_alpha} lora_dropout={cfg.lora_dropout} "
              f"target_modules={targets} lr={cfg.learning_rate} ({cfg.lr_scheduler}) epochs={cfg.epochs} "
              f"batch={cfg.per_device_batch_size}x{cfg.gradient_accumulation_steps} "
              f"max_seq_length={cfg.max_seq_length} seed={cfg.seed}; base_model {cfg.base_model}; "
              f"config sha256 {cfg.sha256()}")
        if data:
            print(f"OK {args.data}: {len(data.records)} records, template {data.template}, sha256 {data.sha256}"
                  + (f", manifest {data.manifest_path}" if data.manifest_path else ", no manifest.json beside it"))
        return 0

    if data is None:
        print("error: training needs --data train.jsonl (write it with `scripts/evalstream export-sft`)",
              file=sys.stderr)
        return USAGE_ERROR
    if os.path.exists(os.path.join(out, SUMMARY_FILE)) and not args.overwrite:
        print(f"error: {out} already holds a trained adapter ({SUMMARY_FILE}); pass --overwrite or another --out",
              file=sys.stderr)
        return USAGE_ERROR

    from sft import training  # imports torch, transformers and peft
    try:
        training.run(cfg, data, out, trainer=args.trainer, cpu=args.cpu,
                     log=lambda m: print(m, flush=True))
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return USAGE_ERROR
    return 0


if __name__ == "__main__":
    sys.exit(main())
