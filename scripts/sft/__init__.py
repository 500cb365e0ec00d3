"""The LoRA fine-tuning recipe behind scripts/finetune.py.

Modules that need no torch (config, hashing, dataset, batches, summary) are imported by
`finetune.py --check` and by the CI tests; torch, transformers and peft are imported only inside
plain_loop, trl_loop and runtime, when training actually starts.
"""
