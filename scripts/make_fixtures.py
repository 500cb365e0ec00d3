#!/usr/bin/env python3
"""Builds the generator's reference fixtures: tiny random Hugging Face checkpoints of each
architecture the Java engine supports, PEFT LoRA adapters with non-zero B, a small byte-level
BPE tokenizer trained here, and what Hugging Face transformers/peft compute for them.

Runs offline on a machine with torch, transformers, peft, tokenizers and safetensors:

    PYTHONUNBUFFERED=1 python3 scripts/make_fixtures.py --out OUT/fixtures --templates DIR

DIR holds chat templates: llama3.jinja and qwen3.jinja (the "chat_template" of the real
tokenizer_config.json files in shared/models/tokenizers/{llama3,qwen3}) and mistral.jinja (kept in
generator/src/test/resources/fixtures/chat_templates/); their reference renderings go into
OUT/fixtures/chat_templates/expected.json. Unpack the result into generator/src/test/resources/
(the PEFT README.md model cards may be deleted). Everything is computed on the CPU in float32
with eager attention, so the Java engine can be held to 1e-4 on the logits.
"""
import argparse
import copy
import json
import math
import os
import platform
import sys
import traceback

import torch

torch.set_default_dtype(torch.float32)

import peft  # noqa: E402
import safetensors  # noqa: E402
import tokenizers  # noqa: E402
import transformers  # noqa: E402
from peft import LoraConfig, get_peft_model  # noqa: E402
from safetensors.torch import save_file  # noqa: E402
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers  # noqa: E402

from tiny_models import randomize, rope_kwargs, set_eager  # noqa: E402

SPECIALS = ["<|begin_of_text|>", "<|end_of_text|>", "<|eot_id|>", "<|start_header_id|>",
            "<|end_header_id|>", "<s>", "</s>", "<|im_start|>", "<|im_end|>", "<|endoftext|>"]

CORPUS = """
SELECT count(*) FROM singer WHERE age > 20;
SELECT name, country FROM singer ORDER BY age DESC LIMIT 1;
SELECT T1.name FROM stadium AS T1 JOIN concert AS T2 ON T1.stadium_id = T2.stadium_id GROUP BY T1.name;
SELECT avg(capacity), max(capacity) FROM stadium WHERE location = 'Glasgow';
SELECT DISTINCT country FROM singer WHERE is_male = 'F' AND song_release_year > 2000;
CREATE TABLE singer (singer_id int, name text, country text, age int, PRIMARY KEY (singer_id));
CREATE TABLE concert (concert_id int, concert_name text, stadium_id int, year text);
Database schema: table singer with columns name, country, age. Question: How many singers are there?
The following are multiple choice questions (with answers) about high school mathematics.
What is the value of 2 + 3?
A. 4
B. 5
C. 6
D. 7
Answer: B
Which planet is known as the red planet?
A. Venus
B. Earth
C. Mars
D. Jupiter
Answer: C
The quick brown fox jumps over the lazy dog. A model answers the question with a query.
You are a helpful assistant that writes SQL for a SQLite database.
user assistant system question answer table column select where from group order by
"""
LETTER_LINES = "\n".join(f"Answer: {c}\n{c}. option {c.lower()}" for c in "ABCD") + "\n"

PROMPTS = [
    "The quick brown fox jumps over the lazy dog.",
    "SELECT name FROM singer WHERE age > 20 ORDER BY",
    "Question: How many singers are there? SQL:",
]
MMLU_PROMPT = ("The following are multiple choice questions (with answers) about astronomy.\n\n"
               "Which planet is known as the red planet?\nA. Venus\nB. Earth\nC. Mars\nD. Jupiter\n"
               "Answer:")
GREEDY_STEPS = 20

CONVERSATIONS = [
    ([{"role": "user", "content": "How many singers are there?"}], True),
    ([{"role": "system", "content": "You write SQL."},
      {"role": "user", "content": "How many singers are there?"}], True),
    ([{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello! SELECT 1;"},
      {"role": "user", "content": "List all  singers.\nOrder by age."}], True),
    ([{"role": "user", "content": "What is 2+3?"}, {"role": "assistant", "content": "5"}], False),
]


def train_tokenizer(vocab_size):
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=SPECIALS,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                  show_progress=False)
    lines = CORPUS.strip().split("\n") * 3 + LETTER_LINES.strip().split("\n") * 40
    tok.train_from_iterator(lines, trainer)
    for c in "ABCD":
        ids = tok.encode(" " + c).ids
        assert len(ids) == 1, f"' {c}' is not one token: {ids}"
    return tok


def build(arch, vocab, ids):
    common = dict(vocab_size=vocab, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                  num_attention_heads=4, max_position_embeddings=256,
                  bos_token_id=ids["bos"], eos_token_id=ids["eos"])
    T = transformers
    if arch == "llama3":
        scaling = {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                   "high_freq_factor": 4.0, "original_max_position_embeddings": 64}
        cfg = T.LlamaConfig(num_key_value_heads=2, rms_norm_eps=1e-5, tie_word_embeddings=False,
                            **rope_kwargs(T.LlamaConfig, 500000.0, scaling), **common)
        cls = T.LlamaForCausalLM
    elif arch == "mistral":
        cfg = T.MistralConfig(num_key_value_heads=1, rms_norm_eps=1e-6, sliding_window=None,
                              tie_word_embeddings=False, **rope_kwargs(T.MistralConfig, 10000.0, None),
                              **common)
        cls = T.MistralForCausalLM
    elif arch == "qwen2":
        cfg = T.Qwen2Config(num_key_value_heads=2, rms_norm_eps=1e-6, tie_word_embeddings=True,
                            use_sliding_window=False, **rope_kwargs(T.Qwen2Config, 1000000.0, None),
                            **common)
        cls = T.Qwen2ForCausalLM
    elif arch == "phi":
        cfg = T.PhiConfig(num_key_value_heads=2, partial_rotary_factor=0.5, hidden_act="gelu_new",
                          layer_norm_eps=1e-5, qk_layernorm=False, tie_word_embeddings=False,
                          resid_pdrop=0.0, embd_pdrop=0.0, attention_dropout=0.0,
                          **rope_kwargs(T.PhiConfig, 10000.0, None), **common)
        cls = T.PhiForCausalLM
    else:
        raise ValueError(arch)
    set_eager(cfg)
    model = cls(cfg)
    if hasattr(model, "set_attn_implementation"):
        try:
            model.set_attn_implementation("eager")
        except Exception:  # noqa: BLE001
            pass
    model.eval()
    return model


ADAPTERS = {
    "llama3": [
        dict(name="attn", r=4, lora_alpha=8, target_modules=["q_proj", "k_proj", "v_proj", "o_proj"]),
        dict(name="mlp", r=8, lora_alpha=16, use_rslora=True,
             target_modules=r".*\.(gate_proj|up_proj|down_proj)"),
    ],
    "mistral": [
        dict(name="attn", r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"]),
        dict(name="mlp", r=2, lora_alpha=4, target_modules=["gate_proj", "up_proj", "down_proj", "o_proj"]),
    ],
    "qwen2": [
        dict(name="attn", r=4, lora_alpha=16, target_modules=["q_proj", "k_proj", "v_proj", "o_proj"]),
        dict(name="mlp", r=8, lora_alpha=8, use_rslora=True,
             target_modules=r".*layers\.1\..*\.(gate_proj|up_proj|down_proj|q_proj)"),
    ],
    "phi": [
        dict(name="attn", r=4, lora_alpha=8, target_modules=["q_proj", "k_proj", "v_proj", "dense"]),
        dict(name="mlp", r=4, lora_alpha=8, target_modules=r".*\.(fc1|fc2)"),
    ],
}


def make_adapter(base, spec, seed):
    spec = dict(spec)
    name = spec.pop("name")
    cfg = LoraConfig(lora_dropout=0.05, bias="none", task_type="CAUSAL_LM", **spec)
    model = get_peft_model(copy.deepcopy(base), cfg)
    g = torch.Generator().manual_seed(seed)
    n = 0
    with torch.no_grad():
        for pname, p in model.named_parameters():
            if "lora_A" in pname:
                p.copy_(torch.randn(p.shape, generator=g) / math.sqrt(p.shape[-1]))
                n += 1
            elif "lora_B" in pname:
                p.copy_(0.5 * torch.randn(p.shape, generator=g) / math.sqrt(p.shape[-1]))
                n += 1
    assert n > 0, f"adapter {name} targets nothing"
    model.eval()
    return name, model


@torch.no_grad()
def logits_of(model, ids):
    out = model(input_ids=torch.tensor([ids], dtype=torch.long), use_cache=False)
    return out.logits[0].float()


@torch.no_grad()
def greedy(model, ids, steps):
    ids = list(ids)
    new, margins = [], []
    for _ in range(steps):
        last = logits_of(model, ids)[-1]
        top2 = torch.topk(last, 2)
        tok = int(top2.indices[0])
        margins.append(float(top2.values[0] - top2.values[1]))
        new.append(tok)
        ids.append(tok)
    return new, margins


@torch.no_grad()
def greedy_hf(model, ids, steps):
    """transformers' own generate with its KV cache, as a second opinion on the manual loop."""
    try:
        out = model.generate(input_ids=torch.tensor([ids]), attention_mask=torch.ones(1, len(ids), dtype=torch.long),
                             max_new_tokens=steps, min_new_tokens=steps, do_sample=False,
                             eos_token_id=None, pad_token_id=0)
        return [int(t) for t in out[0][len(ids):]]
    except Exception as e:  # noqa: BLE001
        return "error: " + repr(e)[:300]


def references(model, tok, ids, letters, bos):
    tensors, meta = {}, {"prompts": []}
    for i, text in enumerate(PROMPTS):
        pids = ([bos] if bos is not None else []) + tok.encode(text).ids
        lg = logits_of(model, pids)
        tensors[f"logits.{i}"] = lg.contiguous()
        new, margins = greedy(model, pids, GREEDY_STEPS)
        meta["prompts"].append({"text": text, "ids": pids, "greedy": new,
                                "greedy_min_margin": min(margins), "greedy_hf": greedy_hf(model, pids, GREEDY_STEPS)})
    mids = ([bos] if bos is not None else []) + tok.encode(MMLU_PROMPT).ids
    lp = torch.log_softmax(logits_of(model, mids)[-1], dim=-1)
    letter_lp = [float(lp[t]) for t in letters]
    meta["mmlu"] = {"text": MMLU_PROMPT, "ids": mids, "letter_ids": letters,
                    "logprobs": letter_lp, "choice": "ABCD"[max(range(4), key=lambda k: letter_lp[k])]}
    return tensors, meta


TOKCFG = {
    "llama3": dict(bos="<|begin_of_text|>", eos="<|eot_id|>", template="llama3.jinja", add_bos=False),
    "mistral": dict(bos="<s>", eos="</s>", template="mistral.jinja", add_bos=True),
    "qwen2": dict(bos=None, eos="<|im_end|>", template="qwen3.jinja", add_bos=False),
    "phi": dict(bos=None, eos="<|endoftext|>", template=None, add_bos=False),
}


def write_tokenizer(model_dir, tok, arch, templates):
    tok.save(os.path.join(model_dir, "tokenizer.json"))
    tc = TOKCFG[arch]
    cfg = {"tokenizer_class": "PreTrainedTokenizerFast", "bos_token": tc["bos"], "eos_token": tc["eos"],
           "add_bos_token": tc["add_bos"], "model_max_length": 256, "clean_up_tokenization_spaces": False}
    if tc["template"] and templates:
        p = os.path.join(templates, tc["template"])
        if os.path.exists(p):
            cfg["chat_template"] = open(p, encoding="utf-8").read()
    with open(os.path.join(model_dir, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump(cfg, f, indent=2, ensure_ascii=False)


def save_base(model, model_dir, arch):
    kwargs = {"safe_serialization": True}
    if arch == "mistral":
        kwargs["max_shard_size"] = "150KB"  # a sharded checkpoint with an index
        model = copy.deepcopy(model).to(torch.bfloat16)
    model.save_pretrained(model_dir, **kwargs)


def render_templates(templates, out_dir):
    """Reference renderings with transformers' own chat-template code; jinja2 as HF sets it up as fallback."""
    results = {"renderer": None, "cases": []}
    if not templates or not os.path.isdir(templates):
        return results
    render = None
    try:
        from transformers.utils.chat_template_utils import render_jinja_template  # transformers >= 4.5x

        def render(tmpl, conv, gen, bos, eos):
            out, _ = render_jinja_template(conversations=[conv], chat_template=tmpl,
                                           add_generation_prompt=gen, bos_token=bos, eos_token=eos)
            return out[0]
        results["renderer"] = "transformers.utils.chat_template_utils.render_jinja_template"
    except Exception as e:  # noqa: BLE001
        print("render_jinja_template unavailable:", repr(e))
        from transformers.utils.chat_template_utils import _compile_jinja_template

        def render(tmpl, conv, gen, bos, eos):
            return _compile_jinja_template(tmpl).render(messages=conv, add_generation_prompt=gen,
                                                        bos_token=bos, eos_token=eos)
        results["renderer"] = "transformers.utils.chat_template_utils._compile_jinja_template"
    specials = {"llama3.jinja": ("<|begin_of_text|>", "<|eot_id|>"), "qwen3.jinja": ("", "<|im_end|>"),
                "mistral.jinja": ("<s>", "</s>")}
    for name in sorted(os.listdir(templates)):
        if not name.endswith(".jinja"):
            continue
        tmpl = open(os.path.join(templates, name), encoding="utf-8").read()
        bos, eos = specials.get(name, ("", ""))
        for conv, gen in CONVERSATIONS:
            if name == "mistral.jinja" and conv[0]["role"] == "system":
                continue
            try:
                text = render(tmpl, conv, gen, bos, eos)
                results["cases"].append({"template": name, "messages": conv, "add_generation_prompt": gen,
                                         "bos_token": bos, "eos_token": eos, "rendered": text})
            except Exception as e:  # noqa: BLE001
                results["cases"].append({"template": name, "messages": conv, "add_generation_prompt": gen,
                                         "bos_token": bos, "eos_token": eos, "error": repr(e)[:300]})
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1, ensure_ascii=False)
    return results


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--templates", default=None)
    ap.add_argument("--vocab", type=int, default=384)
    ap.add_argument("--archs", default="llama3,mistral,qwen2,phi")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    versions = {"python": platform.python_version(), "torch": torch.__version__,
                "transformers": transformers.__version__, "peft": peft.__version__,
                "tokenizers": tokenizers.__version__, "safetensors": safetensors.__version__}
    print("versions", versions)
    with open(os.path.join(args.out, "versions.json"), "w") as f:
        json.dump(versions, f, indent=1)

    tok = None
    for size in (args.vocab, args.vocab + 128, args.vocab + 384):
        try:
            tok = train_tokenizer(size)
            break
        except AssertionError as e:
            print("vocab", size, "too small:", e)
    vocab = tok.get_vocab_size()
    tdir = os.path.join(args.out, "tokenizer")
    os.makedirs(tdir, exist_ok=True)
    tok.save(os.path.join(tdir, "tokenizer.json"))
    samples = PROMPTS + [MMLU_PROMPT, " A", " B", " C", " D", "<|im_start|>user\nhi<|im_end|>",
                         "SELECT T1.name FROM stadium AS T1 WHERE x = 'é ü'"]
    with open(os.path.join(tdir, "expected.json"), "w", encoding="utf-8") as f:
        json.dump({"vocab_size": vocab, "cases": [{"text": s, "ids": tok.encode(s).ids,
                                                   "decoded": tok.decode(tok.encode(s).ids)} for s in samples]},
                  f, indent=1, ensure_ascii=False)
    letters = [tok.encode(" " + c).ids[-1] for c in "ABCD"]

    try:
        render_templates(args.templates, os.path.join(args.out, "chat_templates"))
    except Exception:  # noqa: BLE001
        traceback.print_exc()

    summary = {}
    for seed, arch in enumerate(args.archs.split(",")):
        try:
            tc = TOKCFG[arch]
            ids = {"bos": tok.token_to_id(tc["bos"]) if tc["bos"] else None, "eos": tok.token_to_id(tc["eos"])}
            torch.manual_seed(seed)
            base = build(arch, vocab, ids)
            randomize(base, 1000 + seed)
            rot = getattr(getattr(base, "model", None), "rotary_emb", None)
            print(arch, "rope_type", getattr(rot, "rope_type", None), "attn", getattr(base.config, "_attn_implementation", None))
            if arch == "mistral":  # stored as bf16: the reference is the bf16-rounded model computed in f32
                with torch.no_grad():
                    for p in base.parameters():
                        p.copy_(p.to(torch.bfloat16).to(torch.float32))
            mdir = os.path.join(args.out, arch)
            save_base(base, os.path.join(mdir, "base"), arch)
            write_tokenizer(os.path.join(mdir, "base"), tok, arch, args.templates)
            tensors, meta = {}, {"arch": arch, "variants": {}}
            t, m = references(base, tok, ids, letters, ids["bos"])
            tensors.update({"base." + k: v for k, v in t.items()})
            meta["variants"]["base"] = m
            for j, spec in enumerate(ADAPTERS[arch]):
                name, pm = make_adapter(base, spec, 2000 + 10 * seed + j)
                pm.save_pretrained(os.path.join(mdir, "adapter_" + name))
                t, m = references(pm, tok, ids, letters, ids["bos"])
                tensors.update({name + "." + k: v for k, v in t.items()})
                meta["variants"][name] = m
            save_file(tensors, os.path.join(mdir, "reference.safetensors"))
            meta["versions"] = versions
            with open(os.path.join(mdir, "reference.json"), "w") as f:
                json.dump(meta, f, indent=1)
            summary[arch] = {v: {"mmlu": mm["mmlu"]["choice"],
                                 "min_margin": min(p["greedy_min_margin"] for p in mm["prompts"]),
                                 "hf_generate_agrees": all(p["greedy"] == p["greedy_hf"] for p in mm["prompts"])}
                             for v, mm in meta["variants"].items()}
            print(arch, "ok", json.dumps(summary[arch]))
        except Exception:  # noqa: BLE001
            traceback.print_exc()
            summary[arch] = "failed"
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
    print("summary", json.dumps(summary))


if __name__ == "__main__":
    sys.exit(main())
