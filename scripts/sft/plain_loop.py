"""The training loop without TRL: AdamW, a transformers learning-rate schedule, gradient
accumulation and clipping, the loss on completion tokens only. Deterministic given the seed: the
example order comes from sft.batches, and every generator was seeded by sft.runtime.
"""
from __future__ import annotations

import math
import time
from typing import Callable, Dict, List, Sequence, Tuple

import torch
import torch.nn.functional as F

from sft import batches
from sft.batches import IGNORE, Example, Plan
from sft.summary import LossRow


def make_scheduler(name: str, optimizer, warmup_steps: int, total_steps: int):
    try:
        from transformers import get_scheduler
    except ImportError:  # older layouts kept it only in transformers.optimization
        from transformers.optimization import get_scheduler
    return get_scheduler(name, optimizer, num_warmup_steps=warmup_steps, num_training_steps=total_steps)


def micro_batch_loss_sum(model, batch: Sequence[Example], pad_id: int, device: torch.device) -> Tuple[torch.Tensor, int]:
    """Summed cross-entropy over the batch's completion tokens (position t predicts token t+1), and
    the number of non-padding tokens. The logits are widened to f32 before the softmax."""
    b = batches.pad(batch, pad_id)
    input_ids = torch.tensor(b["input_ids"], dtype=torch.long, device=device)
    attention_mask = torch.tensor(b["attention_mask"], dtype=torch.long, device=device)
    labels = torch.tensor(b["labels"], dtype=torch.long, device=device)
    logits = model(input_ids=input_ids, attention_mask=attention_mask, use_cache=False).logits
    shifted = logits[:, :-1, :].float()
    loss_sum = F.cross_entropy(shifted.reshape(-1, shifted.size(-1)), labels[:, 1:].reshape(-1),
                               ignore_index=IGNORE, reduction="sum")
    return loss_sum, sum(len(e.input_ids) for e in batch)


def fit(model, examples: List[Example], plan: Plan, cfg, pad_id: int, device: torch.device,
        log: Callable[[str], None]) -> Tuple[List[LossRow], Dict[str, object]]:
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=cfg.learning_rate, weight_decay=cfg.weight_decay)
    scheduler = make_scheduler(cfg.lr_scheduler, optimizer, plan.warmup_steps, plan.total_steps)
    model.train()
    rows: List[LossRow] = []
    grad_norms: List[float] = []
    tokens = 0
    step = 0
    epoch = 0
    every = max(1, plan.total_steps // 50)
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats(device)
        torch.cuda.synchronize(device)
    start = time.perf_counter()
    while step < plan.total_steps:
        steps = batches.epoch_steps(len(examples), cfg.per_device_batch_size, cfg.gradient_accumulation_steps,
                                    cfg.seed, epoch)
        for i, group in enumerate(steps):
            micro = [[examples[j] for j in mb] for mb in group]
            # the loss of a step is the mean over all its completion tokens, whatever micro-batch holds them
            targets = sum(e.targets for mb in micro for e in mb)
            step_loss = 0.0
            for mb in micro:
                loss_sum, n_tokens = micro_batch_loss_sum(model, mb, pad_id, device)
                (loss_sum / targets).backward()
                step_loss += loss_sum.item()
                tokens += n_tokens
            step_loss /= targets
            if not math.isfinite(step_loss):
                raise FloatingPointError(f"step {step + 1}: the loss is {step_loss}; lower learning_rate "
                                         f"(now {cfg.learning_rate}) or check the base model's weights")
            grad_norms.append(float(torch.nn.utils.clip_grad_norm_(params, cfg.max_grad_norm)))
            lr = scheduler.get_last_lr()[0]
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)
            step += 1
            rows.append(LossRow(step, epoch + (i + 1) / len(steps), step_loss, lr, tokens))
            if step % every == 0 or step == plan.total_steps or step == 1:
                elapsed = time.perf_counter() - start
                log(f"step {step}/{plan.total_steps} epoch {rows[-1].epoch:.2f} loss {step_loss:.4f} "
                    f"lr {lr:.3e} grad-norm {grad_norms[-1]:.3f} {tokens / elapsed:.0f} tokens/s")
            if step >= plan.total_steps:
                break
        epoch += 1
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    seconds = time.perf_counter() - start
    figures: Dict[str, object] = {
        "train_seconds": round(seconds, 3), "tokens": tokens,
        "tokens_per_second": round(tokens / seconds, 1) if seconds > 0 else None,
        "grad_norm_first": grad_norms[0], "grad_norm_last": grad_norms[-1], "grad_norm_max": max(grad_norms),
        "optimizer": f"torch.optim.AdamW(lr={cfg.learning_rate}, weight_decay={cfg.weight_decay}, "
                     "betas=(0.9, 0.999), eps=1e-08)",
    }
    if device.type == "cuda":
        figures["peak_gpu_memory_gib"] = round(torch.cuda.max_memory_allocated(device) / 2 ** 30, 2)
    return rows, figures
