"""PyTorch CPU peer for `npm run bench`: the same workloads as bench/, printed as one JSON line.

Usage: python3 bench/torch-peer.py '{"threads": 2, "repeats": 7, "workloads": ["sgemm", "mlp", "cnn"]}'
Throughputs are medians over repeats after warm-up; peakRssMiB is this process's peak resident set.
"""
import json
import resource
import sys
import time

import torch
import torch.nn as nn

cfg = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
threads = int(cfg.get("threads", 2))
repeats = int(cfg.get("repeats", 7))
only = set(cfg.get("workloads", ["sgemm", "mlp", "cnn"]))
sizes = cfg.get("sizes", [256, 512, 1024, 2048])
torch.set_num_threads(threads)
torch.manual_seed(0)


def median_time(fn, inner, warm=2):
    for _ in range(warm):
        fn()
    ts = []
    for _ in range(repeats):
        t = time.perf_counter()
        for _ in range(inner):
            fn()
        ts.append((time.perf_counter() - t) / inner)
    ts.sort()
    return ts[len(ts) // 2]


out = {"version": torch.__version__, "threads": torch.get_num_threads(), "results": {}}
res = out["results"]

if "sgemm" in only:
    for n in sizes:
        a = torch.randn(n, n)
        b = torch.randn(n, n)
        c = torch.empty(n, n)
        inner = max(1, int(2e9 / (2 * n**3)))
        t = median_time(lambda: torch.mm(a, b, out=c), inner)
        res[f"sgemm{n}"] = 2 * n**3 / t / 1e9


def train_rate(model, x, y, steps):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    return x.shape[0] / median_time(step, steps, warm=5)


if "mlp" in only:
    for batch in (32, 128):
        model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
        x = torch.rand(batch, 784)
        y = torch.randint(0, 10, (batch,))
        res[f"mlp{batch}"] = train_rate(model, x, y, 50 if batch == 32 else 20)


def cnn():
    # The notes' CNN: Conv32-Pool-Conv64-Pool-Dense128-Dense10 on 28×28×1 ('same' 3×3 convolutions).
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10),
    )


if "cnn" in only:
    model = cnn()
    x = torch.rand(64, 1, 28, 28)
    y = torch.randint(0, 10, (64,))
    res["cnnTrain64"] = train_rate(model, x, y, 3)
    model.eval()
    xi = torch.rand(256, 1, 28, 28)
    with torch.no_grad():
        res["cnnInfer256"] = 256 / median_time(lambda: model(xi), 2)

out["peakRssMiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
