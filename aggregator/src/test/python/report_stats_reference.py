"""Reference values for the report's statistics (issue 13), computed independently of the Java code.

numpy + scipy (no statsmodels on this machine: its formulas are written out in numpy below and
say which statsmodels call they reproduce). Run:
    python3 aggregator/src/test/python/report_stats_reference.py
The Java tests that use these numbers: ClusteredStandardErrorTest, MinimumDetectableEffectTest,
HolmTest, ConfidenceSequenceTest (package io.evalstream.aggregator.stats).
"""
from fractions import Fraction

import numpy as np
from scipy.special import gammaln
from scipy.stats import betabinom, dirichlet_multinomial, norm

np.set_printoptions(precision=17)


def section(title):
    print(f"\n== {title}")


# ---------------------------------------------------------------- normal quantiles
section("normal quantiles: scipy.stats.norm.ppf")
for p in (0.5, 0.8, 0.9, 0.95, 0.975, 0.995, 0.999, 0.025, 0.2, 1e-6):
    print(f"ppf({p!r}) = {float(norm.ppf(p))!r}")

# ---------------------------------------------------------------- clustered standard errors
def crse(clusters, y):
    """statsmodels OLS(y, ones).fit(cov_type='cluster', cov_kwds={'groups': clusters}) written out:
    bread (X'X)^-1, meat sum_g X_g' u_g u_g' X_g, small-sample factor G/(G-1) * (N-1)/(N-K)
    (statsmodels' default use_correction=True); CR0 is the same without the factor. Naive is
    sum u^2 / N^2 (no ddof: independent items), which equals p(1-p)/N for 0/1 scores."""
    y = np.asarray(y, dtype=float)
    X = np.ones((len(y), 1))
    beta = np.linalg.lstsq(X, y, rcond=None)[0]
    u = y - X @ beta
    bread = np.linalg.inv(X.T @ X)
    groups = sorted(set(clusters))
    meat = np.zeros((1, 1))
    for g in groups:
        idx = [i for i, c in enumerate(clusters) if c == g]
        s = X[idx].T @ u[idx]
        meat += np.outer(s, s)
    v0 = bread @ meat @ bread
    n, k, G = len(y), X.shape[1], len(groups)
    v1 = v0 * G / (G - 1) * (n - 1) / (n - k)
    naive = np.sqrt(np.sum(u ** 2)) / n
    return dict(n=n, G=G, mean=beta[0], naive=naive, cr0=np.sqrt(v0[0, 0]), cr1=np.sqrt(v1[0, 0]),
                deff=v0[0, 0] / naive ** 2)


def rule_items():
    """The deterministic data set ClusteredStandardErrorTest rebuilds: 12 clusters of 3..9 items."""
    clusters, base, model = [], [], []
    for g in range(12):
        for j in range(3 + (5 * g) % 7):
            clusters.append(f"db{g}")
            base.append(1 if (g * 7 + j * 3) % 10 < (g % 4) * 2 + 1 else 0)
            model.append(1 if (g * 5 + j * 7) % 10 < (g % 3) * 3 + 1 else 0)
    return clusters, base, model


section("clustered SE (statsmodels cov_type='cluster' formula in numpy)")
clusters, base, model = rule_items()
for name, y in (("base", base), ("model", model), ("model-base", np.subtract(model, base))):
    r = crse(clusters, y)
    print(name, {k: (v if isinstance(v, int) else float(v)) for k, v in r.items()})

# Worked by hand with exact fractions: clusters A = [1, 1], B = [0, 0], C = [1, 0]; mean 1/2.
# Cluster residual sums 1, -1, 0: CR0 var = 2/36 = 1/18; naive var = 6 * (1/4) / 36 = 1/24;
# design effect 4/3 = 1 + (m - 1) * rho with the pairwise ICC rho = 1/3 (Kish 1965), m = 2;
# CR1 var = 3/2 * 1/18 = 1/12.
hand = crse(["A", "A", "B", "B", "C", "C"], [1, 1, 0, 0, 1, 0])
print("hand example", {k: (v if isinstance(v, int) else float(v)) for k, v in hand.items()},
      "expected var cr0", Fraction(1, 18), "naive", Fraction(1, 24), "cr1", Fraction(1, 12))

# ---------------------------------------------------------------- MDE
section("minimum detectable effect: (z_{1-a/2} + z_power) * SE")


def mult(alpha=0.05, power=0.8):
    return norm.ppf(1 - alpha / 2) + norm.ppf(power)


for alpha, power in ((0.05, 0.8), (0.05, 0.9), (0.10, 0.8), (0.10, 0.9)):
    print(f"multiplier({alpha}, {power}) = {float(mult(alpha, power))!r}")


def paired_mde(both, base_only, model_only, neither, alpha=0.05, power=0.8):
    """SE from the per-item differences themselves: numpy std(d, ddof=1) / sqrt(n)."""
    d = np.array([0] * both + [-1] * base_only + [1] * model_only + [0] * neither, dtype=float)
    se = d.std(ddof=1) / np.sqrt(len(d))
    return float(se), float(mult(alpha, power) * se)


for counts in ((30, 6, 45, 953), (60, 12, 9, 69), (100, 0, 0, 50), (5, 1, 0, 4)):
    se, mde = paired_mde(*counts)
    print(f"paired {counts}: se={se!r} mde={mde!r}")
for k, n in ((72, 150), (36, 1034)):
    se = float(np.sqrt(k / n * (1 - k / n) / n))
    print(f"single {k}/{n}: se={se!r} mde={float(mult() * se)!r}")
se = float(np.sqrt(72 / 150 * (78 / 150) / 150 + 69 / 150 * (81 / 150) / 150))
print(f"unpaired 72/150 vs 69/150: se={se!r} mde={float(mult() * se)!r}")

# ---------------------------------------------------------------- Holm
section("Holm (statsmodels multipletests(method='holm') formula in numpy)")


def holm(p):
    p = np.asarray(p, dtype=float)
    order = np.argsort(p, kind="stable")
    m = len(p)
    stepped = np.maximum.accumulate(p[order] * np.arange(m, 0, -1))
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(stepped, 1.0)
    return adjusted


for family in ([0.01, 0.04, 0.03, 0.005],
               [0.0008, 0.03, 0.0118, 0.2, 0.5, 0.004, 0.04, 0.0118, 0.9, 0.0021],
               [0.3, 0.6, 0.45]):
    adj = holm(family)
    print(f"p={family}\n  adjusted={adj.tolist()!r}\n  survive at 0.05={(adj <= 0.05).tolist()}")

# ---------------------------------------------------------------- confidence sequences
section("confidence sequences: Waudby-Smith & Ramdas PPR, posterior in closed form")


def cs_accuracy(N, t, k, alpha=0.05):
    """C_t = {M : prior(M) / posterior_t(M) < 1/alpha}, prior BetaBinomial(N, 1, 1); the posterior of
    the correct items among the N - t unseen is BetaBinomial(N - t, 1 + k, 1 + t - k), shifted by k."""
    M = np.arange(N + 1)
    prior = betabinom.logpmf(M, N, 1, 1)
    posterior = betabinom.logpmf(M - k, N - t, 1 + k, 1 + t - k)
    inside = M[prior - posterior < np.log(1 / alpha)]
    return int(inside.min()), int(inside.max())


for N, t, k in ((150, 0, 0), (150, 1, 1), (150, 10, 4), (150, 75, 36), (150, 149, 72), (150, 150, 72),
                (1034, 100, 3), (1034, 517, 18), (1034, 1034, 36), (14042, 7000, 4100), (20, 20, 0)):
    lo, hi = cs_accuracy(N, t, k)
    print(f"accuracy N={N} t={t} k={k}: M in [{lo}, {hi}]")


def cs_difference(N, both, base_only, model_only, neither, alpha=0.05):
    """Three categories (base only, model only, concordant); prior DirichletMultinomial(N; 1, 1, 1),
    posterior of the unseen N - t: DirichletMultinomial(N - t; 1 + b, 1 + c, 1 + z). The interval is
    the range of (C - B) / N over the set, by brute force over every (B, C)."""
    b, c, z = base_only, model_only, both + neither
    t = b + c + z
    B, C = np.meshgrid(np.arange(N + 1), np.arange(N + 1), indexing="ij")
    Z = N - B - C
    ok = (B >= b) & (C >= c) & (Z >= z)
    B, C, Z = B[ok], C[ok], Z[ok]
    prior = dirichlet_multinomial.logpmf(np.stack([B, C, Z], -1), [1, 1, 1], N)
    if t == N:
        posterior = np.zeros(len(B))  # one point left: the observed counts
    else:
        posterior = dirichlet_multinomial.logpmf(np.stack([B - b, C - c, Z - z], -1), [1 + b, 1 + c, 1 + z], N - t)
    inside = prior - posterior < np.log(1 / alpha)
    diff = (C - B)[inside]
    return int(diff.min()), int(diff.max())


for N, counts in ((60, (0, 0, 0, 0)), (60, (10, 2, 5, 13)), (150, (30, 6, 4, 35)), (150, (60, 12, 9, 69)),
                  (150, (20, 1, 9, 20)), (300, (40, 9, 21, 80))):
    lo, hi = cs_difference(N, *counts)
    print(f"difference N={N} pairs={counts}: C-B in [{lo}, {hi}]")
