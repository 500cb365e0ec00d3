"""Reference values for the aggregator's statistics tests, computed independently of the Java code.

Plain Python 3 (math, fractions): no scipy/statsmodels here. Each block names the formula and
the library call it reproduces. Run: python3 aggregator/src/test/python/reference_values.py
"""
from fractions import Fraction
from math import comb, sqrt

Z = 1.959963984540054  # scipy.stats.norm.ppf(0.975)


def wilson(k, n, z=Z):
    """Wilson (1927) score interval = statsmodels proportion_confint(k, n, alpha=0.05, method='wilson')."""
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def mcnemar_exact(b, c):
    """Exact two-sided McNemar = statsmodels mcnemar([[.,b],[c,.]], exact=True).pvalue
    = scipy.stats.binomtest(min(b,c), b+c, 0.5).pvalue: min(1, 2 * P(X <= min(b,c))), X ~ Bin(b+c, 1/2),
    computed with exact integers."""
    n, k = b + c, min(b, c)
    if 2 * k >= n:
        return 1.0
    tail = Fraction(sum(comb(n, j) for j in range(k + 1)), 2 ** n)
    return float(min(Fraction(1), 2 * tail))


def std_devs(k, n):
    """numpy.std(x, ddof=0) and numpy.std(x, ddof=1) of k ones and n-k zeros."""
    p = Fraction(k, n)
    pop = sqrt(p * (1 - p))
    sample = sqrt(Fraction(n, n - 1) * p * (1 - p))
    return pop, sample


for k, n in [(72, 150), (16, 50), (36, 1034), (75, 1034), (81, 263), (15, 148), (0, 20), (1, 29)]:
    lo, hi = wilson(k, n)
    pop, sample = std_devs(k, n)
    print(f"{k}/{n}: p={k/n!r} sd_pop={pop!r} sd_sample={sample!r} se={sqrt(k/n*(1-k/n)/n)!r} wilson=({lo!r}, {hi!r})")

for b, c in [(10, 2), (2, 10), (5, 5), (0, 7), (12, 51), (400, 520), (3000, 3200)]:
    print(f"mcnemar b={b} c={c}: {mcnemar_exact(b, c)!r}")

# The published example: 36/1034 -> 75/1034
base, model = Fraction(36, 1034), Fraction(75, 1034)
print("points", float(100 * (model - base)), "relative %", float(100 * (model - base) / base))
