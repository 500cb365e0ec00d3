"""Token-level training examples, the order they are seen in and their padded batches, as plain
Python lists: the training loop turns a batch into tensors, and CI tests all of this without torch.

Loss on the completion only: prompt positions carry the label -100, which cross-entropy ignores.
An example longer than max_seq_length is dropped, never truncated: cutting the prompt would train
the adapter on a prompt it is never evaluated with (the schema or the instruction cut off), and
cutting the completion would teach it to stop early. Dropped examples are counted and named.
"""
from __future__ import annotations

import dataclasses
import math
import random
from typing import Dict, List, Sequence, Tuple

IGNORE = -100


@dataclasses.dataclass(frozen=True)
class Example:
    id: str
    input_ids: List[int]
    labels: List[int]  # IGNORE on the prompt, the token itself on the completion

    @property
    def targets(self) -> int:
        return sum(1 for t in self.labels if t != IGNORE)


def make_example(example_id: str, prompt_ids: Sequence[int], completion_ids: Sequence[int]) -> Example:
    if not prompt_ids:
        raise ValueError(f"record {example_id}: the prompt encodes to no tokens")
    if not completion_ids:
        raise ValueError(f"record {example_id}: the completion encodes to no tokens")
    ids = list(prompt_ids) + list(completion_ids)
    return Example(example_id, ids, [IGNORE] * len(prompt_ids) + list(completion_ids))


def tokenize(records, encode, encode_plain_prompt=None) -> List[Example]:
    """Examples from dataset records; `encode` maps texts to token ids with nothing added. Prompt and
    completion are encoded apart: the model sees the prompt's tokens exactly as the evaluation
    engine encodes the prompt alone, and learns the completion's tokens after them. A plain-text
    prompt (chat_rendered false) is encoded as the engine encodes one, with the tokenizer's special
    tokens (BOS) added: `encode_plain_prompt`."""
    plain = [r.prompt for r in records if not r.chat_rendered]
    if plain and encode_plain_prompt is None:
        first = next(r for r in records if not r.chat_rendered)
        raise ValueError(f"record {first.id} has a plain-text prompt (chat_rendered false), which needs encode_plain_prompt")
    chat = [r.prompt for r in records if r.chat_rendered]
    chat_ids = iter(encode(chat) if chat else [])
    plain_ids = iter(encode_plain_prompt(plain) if plain else [])
    prompts = [next(chat_ids) if r.chat_rendered else next(plain_ids) for r in records]
    completions = encode([r.completion for r in records])
    return [make_example(r.id, p, c) for r, p, c in zip(records, prompts, completions)]


def fit(examples: Sequence[Example], max_seq_length: int) -> Tuple[List[Example], List[Tuple[str, int]]]:
    """Examples that fit, and (id, length) of those dropped for being longer than max_seq_length."""
    kept, dropped = [], []
    for e in examples:
        if len(e.input_ids) <= max_seq_length:
            kept.append(e)
        else:
            dropped.append((e.id, len(e.input_ids)))
    return kept, dropped


@dataclasses.dataclass(frozen=True)
class Plan:
    examples: int
    micro_batches_per_epoch: int
    steps_per_epoch: int   # optimizer steps; an epoch's last step may accumulate fewer micro-batches
    total_steps: int
    warmup_steps: int
    epochs_run: int        # epochs begun (max_steps may stop early, or run past `epochs`)


def plan(examples: int, batch_size: int, accumulation: int, epochs: int, max_steps, warmup_ratio: float) -> Plan:
    """Step counts as Hugging Face's Trainer counts them: max_steps, when set, overrides epochs."""
    if examples <= 0:
        raise ValueError("no training examples")
    micro = math.ceil(examples / batch_size)
    per_epoch = math.ceil(micro / accumulation)
    total = max_steps if max_steps else epochs * per_epoch
    return Plan(examples, micro, per_epoch, total, math.ceil(warmup_ratio * total), math.ceil(total / per_epoch))


def epoch_steps(examples: int, batch_size: int, accumulation: int, seed: int, epoch: int) -> List[List[List[int]]]:
    """An epoch as optimizer steps, each a list of micro-batches of example indices, in a shuffled
    order that depends only on the seed and the epoch (Python's Mersenne Twister is the same everywhere)."""
    order = list(range(examples))
    random.Random(seed * 1_000_003 + epoch).shuffle(order)
    micro = [order[i:i + batch_size] for i in range(0, examples, batch_size)]
    return [micro[i:i + accumulation] for i in range(0, len(micro), accumulation)]


def pad(batch: Sequence[Example], pad_id: int) -> Dict[str, List[List[int]]]:
    """Right-padded input_ids, attention_mask and labels (IGNORE on the padding)."""
    width = max(len(e.input_ids) for e in batch)
    out: Dict[str, List[List[int]]] = {"input_ids": [], "attention_mask": [], "labels": []}
    for e in batch:
        fill = width - len(e.input_ids)
        out["input_ids"].append(e.input_ids + [pad_id] * fill)
        out["attention_mask"].append([1] * len(e.input_ids) + [0] * fill)
        out["labels"].append(e.labels + [IGNORE] * fill)
    return out


def length_stats(examples: Sequence[Example]) -> Dict[str, float]:
    lengths = sorted(len(e.input_ids) for e in examples)
    if not lengths:
        return {}
    return {"min": lengths[0], "median": lengths[len(lengths) // 2], "p95": lengths[int(0.95 * (len(lengths) - 1))],
            "max": lengths[-1], "mean": round(sum(lengths) / len(lengths), 1),
            "completion_tokens": sum(e.targets for e in examples), "tokens": sum(lengths)}
