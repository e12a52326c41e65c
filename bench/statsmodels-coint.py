"""statsmodels `coint` on the benchmark's random pairs, for bench/scan.bench.ts.

Reads {"pairs": [[y, x], ...]} (log closes) from the file named by argv[1], runs
coint(y, x, trend='c', method='aeg', autolag='aic') on every pair `repeats` times (argv[2])
single-threaded, and prints {"pairsPerCpuSecond": [...], "statistics": [...]} with one rate per
repetition (CPU time of this process, so other load on the machine does not count).
"""
import json
import os
import sys

# One BLAS thread: the ratio is per core.
for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[name] = "1"

import time  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402
from statsmodels.tsa.stattools import coint  # noqa: E402

with open(sys.argv[1], encoding="utf-8") as handle:
    pairs = [(np.asarray(y, dtype=float), np.asarray(x, dtype=float)) for y, x in json.load(handle)["pairs"]]
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
rates = []
statistics = []
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    for _ in range(repeats):
        started = time.process_time()
        statistics = [float(coint(y, x, trend="c", method="aeg", autolag="aic")[0]) for y, x in pairs]
        rates.append(len(pairs) / (time.process_time() - started))
print(json.dumps({"pairsPerCpuSecond": rates, "statistics": statistics}))
