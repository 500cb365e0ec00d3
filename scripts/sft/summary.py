"""What a training run leaves beside its adapter: loss_curve.csv (one row per optimizer step) and
training_summary.json, which the run manifest and the study report pick up."""
from __future__ import annotations

import csv
import dataclasses
import json
import os
from typing import Any, Dict, List, Optional, Sequence

from sft.hashing import sha256_file

FORMAT = "evalstream-training-summary/1"
SUMMARY_FILE = "training_summary.json"
LOSS_CURVE_FILE = "loss_curve.csv"


@dataclasses.dataclass(frozen=True)
class LossRow:
    step: int        # optimizer steps done, from 1
    epoch: float     # fractional epoch at the end of the step
    loss: float      # mean cross-entropy per completion token over the step's micro-batches
    lr: float        # learning rate the step was taken with
    tokens: int      # non-padding tokens seen so far


def write_loss_curve(path: str, rows: Sequence[LossRow]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["step", "epoch", "loss", "lr", "tokens"])
        for r in rows:
            w.writerow([r.step, f"{r.epoch:.4f}", f"{r.loss:.6f}", f"{r.lr:.6e}", r.tokens])


def loss_figures(rows: Sequence[LossRow]) -> Dict[str, Optional[float]]:
    """First and last step's loss, and the means of the first and last tenth (at least one step),
    which say more than two single noisy steps."""
    if not rows:
        return {"first": None, "last": None, "first_tenth_mean": None, "last_tenth_mean": None}
    k = max(1, len(rows) // 10)
    return {"first": rows[0].loss, "last": rows[-1].loss,
            "first_tenth_mean": sum(r.loss for r in rows[:k]) / k,
            "last_tenth_mean": sum(r.loss for r in rows[-k:]) / k,
            "steps_averaged": k}


def write_summary(out_dir: str, summary: Dict[str, Any]) -> str:
    path = os.path.join(out_dir, SUMMARY_FILE)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(dict(summary, format=FORMAT), f, indent=1, ensure_ascii=False, sort_keys=False)
        f.write("\n")
    return path


def files_sha256(out_dir: str, names: List[str]) -> Dict[str, str]:
    return {n: sha256_file(os.path.join(out_dir, n)) for n in names if os.path.isfile(os.path.join(out_dir, n))}
