"""Helpers shared by the scripts that build tiny random Hugging Face models (make_fixtures.py,
make_tiny_base.py): config arguments that differ across transformers versions, eager attention,
and weights of unit scale (so logits are spread out and greedy argmax has clear margins, which a
1e-4 comparison with the Java engine needs)."""
import inspect
import math

import torch


def randomize(model, seed, device=None):
    """Norm weights near 1, biases small, embeddings N(0, 1), other matrices N(0, 1/fan_in).
    device: where the generator draws (default the CPU, which make_fixtures' references used)."""
    g = torch.Generator(device=device) if device is not None else torch.Generator()
    g.manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("norm.weight") or "layernorm.weight" in name or "final_layernorm.weight" in name:
                p.copy_(1.0 + 0.1 * torch.randn(p.shape, generator=g, device=g.device))
            elif name.endswith(".bias"):
                p.copy_(0.1 * torch.randn(p.shape, generator=g, device=g.device))
            elif "embed_tokens" in name:
                p.copy_(torch.randn(p.shape, generator=g, device=g.device))
            else:
                fan_in = p.shape[-1]
                p.copy_(torch.randn(p.shape, generator=g, device=g.device) / math.sqrt(fan_in))


def set_eager(config):
    try:
        config._attn_implementation = "eager"
    except Exception:  # noqa: BLE001
        pass


def rope_kwargs(config_cls, theta, scaling):
    """transformers 5 takes rope_parameters (theta inside); 4.x takes rope_theta and rope_scaling."""
    params = inspect.signature(config_cls.__init__).parameters
    if "rope_parameters" in params:
        rp = {"rope_type": "default", "rope_theta": theta}
        if scaling:
            rp.update(scaling)
        return {"rope_parameters": rp}
    kw = {"rope_theta": theta}
    if scaling:
        kw["rope_scaling"] = scaling
    return kw
