"""Training through TRL's SFTTrainer (`finetune.py --trainer trl`, only where trl and datasets are
installed). The examples are handed over already tokenized, with a completion mask, so TRL trains
on exactly the tokens the plain loop would (no second BOS, no appended EOS: the exported completion
ends with the chat template's end-of-turn text already). The example order is the Trainer's own.

Not run on the project's GPU machine (it has no TRL); the plain loop is the reference path.
"""
from __future__ import annotations

import dataclasses
import os
import time
from typing import Callable, Dict, List, Tuple

from sft.batches import IGNORE, Example, Plan
from sft.summary import LossRow


def fit(model, examples: List[Example], plan: Plan, cfg, base_dir: str, device, out_dir: str,
        log: Callable[[str], None]) -> Tuple[List[LossRow], Dict[str, object]]:
    import trl
    from datasets import Dataset
    from transformers import AutoTokenizer
    from trl import SFTConfig, SFTTrainer

    fields = {f.name for f in dataclasses.fields(SFTConfig)}
    if "completion_only_loss" not in fields:
        raise RuntimeError(f"trl {trl.__version__} has no completion_only_loss; use --trainer plain")
    dataset = Dataset.from_dict({
        "input_ids": [e.input_ids for e in examples],
        "completion_mask": [[0 if t == IGNORE else 1 for t in e.labels] for e in examples],
    })
    processing = AutoTokenizer.from_pretrained(base_dir)
    if processing.pad_token is None:
        processing.pad_token = processing.eos_token
    wanted = dict(
        output_dir=os.path.join(out_dir, "trl-work"), per_device_train_batch_size=cfg.per_device_batch_size,
        gradient_accumulation_steps=cfg.gradient_accumulation_steps, learning_rate=cfg.learning_rate,
        lr_scheduler_type=cfg.lr_scheduler, warmup_steps=plan.warmup_steps, num_train_epochs=cfg.epochs,
        max_steps=cfg.max_steps or -1, weight_decay=cfg.weight_decay, max_grad_norm=cfg.max_grad_norm,
        logging_steps=1, save_strategy="no", report_to="none", seed=cfg.seed, data_seed=cfg.seed,
        bf16=device.type == "cuda", use_cpu=device.type == "cpu", completion_only_loss=True,
        max_length=cfg.max_seq_length, packing=False, include_num_input_tokens_seen=True)
    ignored = sorted(k for k in wanted if k not in fields)
    if ignored:
        log(f"trl {trl.__version__}: SFTConfig has no {ignored}; left at its defaults")
    args = SFTConfig(**{k: v for k, v in wanted.items() if k in fields})
    trainer = SFTTrainer(model=model, args=args, train_dataset=dataset, processing_class=processing)
    start = time.perf_counter()
    trainer.train()
    seconds = time.perf_counter() - start
    rows = [LossRow(int(h["step"]), float(h.get("epoch", 0.0)), float(h["loss"]), float(h.get("learning_rate", 0.0)),
                    int(h.get("num_input_tokens_seen", 0))) for h in trainer.state.log_history if "loss" in h]
    if not rows:
        raise RuntimeError("the TRL run logged no loss")
    tokens = rows[-1].tokens or sum(len(e.input_ids) for e in examples) * plan.epochs_run
    return rows, {"train_seconds": round(seconds, 3), "tokens": tokens,
                  "tokens_per_second": round(tokens / seconds, 1) if seconds > 0 else None,
                  "optimizer": f"transformers Trainer default ({args.optim})"}
