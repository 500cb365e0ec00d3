"""Tests of the fine-tuning recipe's torch-free parts: config validation, data reading, hashes,
examples and batches, the loss curve. Run from the repository root:

    python3 -m unittest discover -s scripts/tests -v

(cli's FinetuneRecipeTest runs them in the Maven build.)
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import unittest

SCRIPTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(SCRIPTS)
sys.path.insert(0, SCRIPTS)

from sft import batches, config, dataset, hashing, summary  # noqa: E402

SHIPPED = os.path.join(ROOT, "experiments", "finetune", "lora-r16-lr2e-4-ep1.json")


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def record(i, prompt="<|begin_of_text|>schema and question<|eot_id|>", completion="SELECT 1<|eot_id|>", **over):
    r = {"id": f"train-{i}", "db_id": "db", "question": "q?", "prompt": prompt, "completion": completion,
         "prompt_sha256": hashlib.sha256(prompt.encode("utf-8")).hexdigest(), "template": "spider-zeroshot-v1"}
    r.update(over)
    return json.dumps(r)


class ConfigTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.base = os.path.join(self.tmp.name, "base")
        write(os.path.join(self.base, "config.json"), "{}")
        with open(SHIPPED, encoding="utf-8") as f:
            self.shipped = json.load(f)

    def tearDown(self):
        self.tmp.cleanup()

    def load(self, obj, override=None):
        path = write(os.path.join(self.tmp.name, "cfg", "c.json"), json.dumps(obj))
        return config.load(path, override)

    def problems(self, obj, override=None):
        with self.assertRaises(config.ConfigError) as e:
            self.load(obj, override)
        return str(e.exception)

    def test_relative_base_model_resolves_against_the_config_folder(self):
        c = self.load(dict(self.shipped, base_model="../base"))
        self.assertEqual(os.path.realpath(self.base), os.path.realpath(c.base_model))
        self.assertEqual("../base", c.as_dict()["base_model"])

    def test_override_replaces_a_placeholder_and_defaults_fill_optional_keys(self):
        obj = {k: v for k, v in self.shipped.items() if k not in ("weight_decay", "max_grad_norm", "description")}
        c = self.load(obj, override=self.base)
        self.assertEqual(os.path.abspath(self.base), c.base_model)
        self.assertEqual((0.0, 1.0, None), (c.weight_decay, c.max_grad_norm, c.max_steps))

    def test_hash_ignores_key_order_path_and_description_but_not_hyperparameters(self):
        a = self.load(dict(self.shipped, base_model="../base"))
        reordered = dict(reversed(list(self.shipped.items())))
        b = self.load(dict(reordered, base_model=os.path.abspath(self.base), description="other words"))
        c = self.load(dict(self.shipped, base_model="../base", learning_rate=1e-4))
        self.assertEqual(a.sha256(), b.sha256())
        self.assertNotEqual(a.sha256(), c.sha256())
        self.assertEqual(64, len(a.sha256()))

    def test_every_problem_is_named_at_once(self):
        m = self.problems(dict(self.shipped, base_model="../base", r=0, lora_alpha=-1, lora_dropout=1.0,
                               lr_scheduler="exp", epochs=0, per_device_batch_size=0,
                               gradient_accumulation_steps=-2, max_seq_length=0, lora_rank=8))
        for key in ("'r'", "'lora_alpha'", "'lora_dropout'", "'lr_scheduler'", "'epochs'",
                    "'per_device_batch_size'", "'gradient_accumulation_steps'", "'max_seq_length'",
                    "unknown key 'lora_rank'"):
            self.assertIn(key, m)
        self.assertIn("linear, cosine, constant, constant_with_warmup", m)
        self.assertIn("allowed keys: base_model", m)

    def test_target_modules_must_be_a_non_empty_list_or_all_linear(self):
        self.assertIn("missing key 'target_modules'",
                      self.problems({k: v for k, v in self.shipped.items() if k != "target_modules"}, self.base))
        self.assertIn("'target_modules'", self.problems(dict(self.shipped, target_modules=[]), self.base))
        self.assertIn("'target_modules'", self.problems(dict(self.shipped, target_modules="q_proj"), self.base))
        self.assertEqual("all-linear", self.load(dict(self.shipped, target_modules="all-linear"), self.base).target_modules)

    def test_booleans_are_not_integers(self):
        self.assertIn("'r'", self.problems(dict(self.shipped, r=True), self.base))
        self.assertIn("'use_rslora'", self.problems(dict(self.shipped, use_rslora=1), self.base))

    def test_base_model_folder_must_exist_and_hold_config_json(self):
        self.assertIn("does not exist", self.problems(dict(self.shipped, base_model="../nowhere")))
        empty = os.path.join(self.tmp.name, "empty")
        os.makedirs(empty)
        self.assertIn("has no config.json", self.problems(self.shipped, override=empty))

    def test_invalid_json_names_the_line(self):
        path = write(os.path.join(self.tmp.name, "bad.json"), '{\n  "r": 16,\n  "seed": ,\n}')
        with self.assertRaises(config.ConfigError) as e:
            config.load(path)
        self.assertIn("line 3", str(e.exception))


class HashingTest(unittest.TestCase):
    def test_single_file_model_hashes_its_bytes(self):
        with tempfile.TemporaryDirectory() as d:
            write(os.path.join(d, "model.safetensors"), "weights")
            self.assertEqual(hashlib.sha256(b"weights").hexdigest(), hashing.base_model_sha256(d))

    def test_sharded_model_hashes_the_indexed_shards_in_name_order(self):
        with tempfile.TemporaryDirectory() as d:
            write(os.path.join(d, "model-00002-of-00002.safetensors"), "second")
            write(os.path.join(d, "model-00001-of-00002.safetensors"), "first")
            write(os.path.join(d, "model.safetensors"), "ignored when an index exists")
            write(os.path.join(d, "model.safetensors.index.json"), json.dumps({"weight_map": {
                "b": "model-00002-of-00002.safetensors", "a": "model-00001-of-00002.safetensors",
                "c": "model-00002-of-00002.safetensors"}}))
            self.assertEqual(hashlib.sha256(b"firstsecond").hexdigest(), hashing.base_model_sha256(d))

    def test_missing_weights_and_shards_are_named(self):
        with tempfile.TemporaryDirectory() as d:
            with self.assertRaisesRegex(ValueError, "no model.safetensors"):
                hashing.base_model_sha256(d)
            write(os.path.join(d, "model.safetensors.index.json"), json.dumps({"weight_map": {"a": "gone.safetensors"}}))
            with self.assertRaisesRegex(ValueError, "gone.safetensors"):
                hashing.base_model_sha256(d)

    def test_canonical_json_sorts_keys_without_spaces(self):
        self.assertEqual('{"a":[1,2],"b":"é"}', hashing.canonical_json({"b": "é", "a": [1, 2]}))


class DatasetTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.tmp.name, "train.jsonl")

    def tearDown(self):
        self.tmp.cleanup()

    def error(self, lines):
        write(self.path, "\n".join(lines) + "\n")
        with self.assertRaises(dataset.DataError) as e:
            dataset.read(self.path)
        return str(e.exception)

    def test_reads_records_and_manifest(self):
        write(self.path, record(1) + "\n\n" + record(2) + "\n")
        write(os.path.join(self.tmp.name, "manifest.json"), json.dumps({"count": 2, "template": "spider-zeroshot-v1"}))
        t = dataset.read(self.path)
        self.assertEqual(["train-1", "train-2"], [r.id for r in t.records])
        self.assertEqual("spider-zeroshot-v1", t.template)
        self.assertEqual(2, t.manifest["count"])
        self.assertEqual(hashing.sha256_file(self.path), t.sha256)

    def test_an_edited_prompt_is_refused_with_its_line(self):
        m = self.error([record(1), record(2, prompt_sha256="0" * 64)])
        self.assertIn("train.jsonl:2", m)
        self.assertIn("prompt_sha256", m)

    def test_missing_fields_bad_json_duplicates_and_mixed_templates_are_named(self):
        self.assertIn(":1: field 'completion'", self.error([record(1, completion="")]))
        self.assertIn(":2: not valid JSON", self.error([record(1), "{oops"]))
        self.assertIn("already appears on line 1", self.error([record(1), record(1)]))
        self.assertIn("several prompt templates", self.error([record(1), record(2, template="spider-3shot-v1")]))

    def test_chat_rendered_defaults_to_true_and_must_be_a_boolean(self):
        write(self.path, record(1) + "\n" + record(2, chat_rendered=False) + "\n")
        self.assertEqual([True, False], [r.chat_rendered for r in dataset.read(self.path).records])
        self.assertIn(":1: field 'chat_rendered' is 'no'", self.error([record(1, chat_rendered="no")]))

    def test_manifest_count_must_match(self):
        write(self.path, record(1) + "\n")
        write(os.path.join(self.tmp.name, "manifest.json"), json.dumps({"count": 5}))
        with self.assertRaisesRegex(dataset.DataError, "count 5"):
            dataset.read(self.path)


class BatchesTest(unittest.TestCase):
    def test_loss_falls_on_completion_tokens_only(self):
        e = batches.make_example("x", [1, 2, 3], [7, 8])
        self.assertEqual([1, 2, 3, 7, 8], e.input_ids)
        self.assertEqual([-100, -100, -100, 7, 8], e.labels)
        self.assertEqual(2, e.targets)

    def test_tokenize_encodes_prompt_and_completion_apart(self):
        recs = [dataset.Record("a", "ab", "c", "t", 1)]
        seen = []

        def encode(texts):
            seen.append(list(texts))
            return [[ord(ch) for ch in t] for t in texts]
        [e] = batches.tokenize(recs, encode)
        self.assertEqual([["ab"], ["c"]], seen)
        self.assertEqual([-100, -100, ord("c")], e.labels)

    def test_plain_text_prompts_are_encoded_with_special_tokens_as_the_engine_does(self):
        recs = [dataset.Record("a", "ab", "c", "t", 1), dataset.Record("b", "de", "f", "t", 2, chat_rendered=False)]

        def encode(texts):
            return [[ord(ch) for ch in t] for t in texts]

        def encode_plain_prompt(texts):
            return [[1] + [ord(ch) for ch in t] for t in texts]
        a, b = batches.tokenize(recs, encode, encode_plain_prompt)
        self.assertEqual([ord("a"), ord("b"), ord("c")], a.input_ids)
        self.assertEqual([1, ord("d"), ord("e"), ord("f")], b.input_ids, "BOS from the plain-prompt encoder")
        self.assertEqual([-100, -100, -100, ord("f")], b.labels)
        with self.assertRaisesRegex(ValueError, "record b has a plain-text prompt"):
            batches.tokenize(recs, encode)

    def test_too_long_examples_are_dropped_and_counted_never_cut(self):
        es = [batches.make_example("short", [1], [2]), batches.make_example("long", [1] * 5, [2] * 2)]
        kept, dropped = batches.fit(es, 6)
        self.assertEqual(["short"], [e.id for e in kept])
        self.assertEqual([("long", 7)], dropped)
        self.assertEqual(es[0].input_ids, kept[0].input_ids)

    def test_padding_is_right_sided_masked_and_ignored(self):
        b = batches.pad([batches.make_example("a", [5], [6, 7]), batches.make_example("b", [5], [6])], pad_id=0)
        self.assertEqual([[5, 6, 7], [5, 6, 0]], b["input_ids"])
        self.assertEqual([[1, 1, 1], [1, 1, 0]], b["attention_mask"])
        self.assertEqual([[-100, 6, 7], [-100, 6, -100]], b["labels"])

    def test_plan_counts_steps_like_the_trainer(self):
        p = batches.plan(10, batch_size=4, accumulation=2, epochs=3, max_steps=None, warmup_ratio=0.1)
        self.assertEqual((3, 2, 6, 1, 3), (p.micro_batches_per_epoch, p.steps_per_epoch, p.total_steps,
                                           p.warmup_steps, p.epochs_run))
        smoke = batches.plan(10, 4, 2, epochs=1, max_steps=5, warmup_ratio=0.0)
        self.assertEqual((5, 0, 3), (smoke.total_steps, smoke.warmup_steps, smoke.epochs_run))

    def test_epoch_order_is_a_seeded_permutation_grouped_into_steps(self):
        steps = batches.epoch_steps(10, 4, 2, seed=1234, epoch=0)
        self.assertEqual([[4, 4], [2]], [[len(mb) for mb in g] for g in steps])
        flat = [i for g in steps for mb in g for i in mb]
        self.assertEqual(list(range(10)), sorted(flat))
        self.assertEqual(steps, batches.epoch_steps(10, 4, 2, seed=1234, epoch=0))
        self.assertNotEqual(steps, batches.epoch_steps(10, 4, 2, seed=1234, epoch=1))


class SummaryTest(unittest.TestCase):
    def test_loss_curve_csv_and_figures(self):
        rows = [summary.LossRow(i, i / 20, 3.0 - 0.1 * i, 1e-4, 100 * i) for i in range(1, 21)]
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "loss_curve.csv")
            summary.write_loss_curve(path, rows)
            with open(path, encoding="utf-8") as f:
                lines = f.read().splitlines()
        self.assertEqual("step,epoch,loss,lr,tokens", lines[0])
        self.assertEqual("1,0.0500,2.900000,1.000000e-04,100", lines[1])
        self.assertEqual(21, len(lines))
        f = summary.loss_figures(rows)
        self.assertAlmostEqual(2.85, f["first_tenth_mean"])
        self.assertAlmostEqual(1.05, f["last_tenth_mean"])


class CheckWithoutTorchTest(unittest.TestCase):
    def test_check_never_imports_torch(self):
        with tempfile.TemporaryDirectory() as d:
            poison = os.path.join(d, "poison")
            for mod in ("torch", "transformers", "peft"):
                write(os.path.join(poison, mod + ".py"), f"raise ImportError('--check imported {mod}')\n")
            base = os.path.join(d, "base")
            write(os.path.join(base, "config.json"), "{}")
            data = write(os.path.join(d, "train.jsonl"), record(1) + "\n")
            env = dict(os.environ, PYTHONPATH=poison)
            p = subprocess.run([sys.executable, os.path.join(SCRIPTS, "finetune.py"), SHIPPED, "--check",
                                "--base-model", base, "--data", data], env=env, capture_output=True, text=True)
        self.assertEqual(0, p.returncode, p.stderr)
        self.assertIn("OK", p.stdout)
        self.assertIn("1 records", p.stdout)


if __name__ == "__main__":
    unittest.main()
