"""The PyTorch peer of ArbDesk's LSTM benchmark (bench/models.bench.ts).

Trains the identical model (stacked LSTM layers with dropout after each, then one dense
unit) with Adam on MSE, on the sequences the benchmark wrote, with the same batch size,
learning rate and epochs, on CPU with a fixed thread count. Prints one JSON line.

Usage: /usr/bin/python3 bench/torch_lstm.py --data DIR --units 50,30 --dropout 0.2,0.2 \
        --batch 32 --lr 0.001 --epochs 2 --threads 2
DIR holds inputs.f32 ([count, window, features], little-endian float32), targets.f32
([count]) and shape.json ({"count", "window", "features"}).
"""
import argparse
import json
import os
import time

import numpy as np
import torch
from torch import nn


class StackedLstm(nn.Module):
    def __init__(self, features, units, dropouts):
        super().__init__()
        self.lstms = nn.ModuleList()
        self.drops = nn.ModuleList()
        size = features
        for width, rate in zip(units, dropouts):
            self.lstms.append(nn.LSTM(size, width, batch_first=True))
            self.drops.append(nn.Dropout(rate))
            size = width
        self.dense = nn.Linear(size, 1)

    def forward(self, x):
        for lstm, drop in zip(self.lstms, self.drops):
            x, _ = lstm(x)
            x = drop(x)
        return self.dense(x[:, -1, :])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--units", default="50,30")
    parser.add_argument("--dropout", default="0.2,0.2")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=0.001)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--predict-batch", type=int, default=512)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    with open(os.path.join(args.data, "shape.json")) as handle:
        shape = json.load(handle)
    count, window, features = shape["count"], shape["window"], shape["features"]
    inputs = torch.from_numpy(np.fromfile(os.path.join(args.data, "inputs.f32"), dtype="<f4").reshape(count, window, features).copy())
    targets = torch.from_numpy(np.fromfile(os.path.join(args.data, "targets.f32"), dtype="<f4").reshape(count, 1).copy())

    units = [int(u) for u in args.units.split(",")]
    dropouts = [float(d) for d in args.dropout.split(",")]
    model = StackedLstm(features, units, dropouts)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = nn.MSELoss()
    generator = torch.Generator().manual_seed(args.seed)

    epoch_seconds = []
    for _ in range(args.epochs):
        model.train()
        started = time.perf_counter()
        order = torch.randperm(count, generator=generator)
        for start in range(0, count, args.batch):
            index = order[start:start + args.batch]
            optimizer.zero_grad()
            loss = loss_fn(model(inputs[index]), targets[index])
            loss.backward()
            optimizer.step()
        epoch_seconds.append(time.perf_counter() - started)

    model.eval()
    with torch.no_grad():
        model(inputs[:args.predict_batch])
        started = time.perf_counter()
        for start in range(0, count, args.predict_batch):
            model(inputs[start:start + args.predict_batch])
        predict_seconds = time.perf_counter() - started

    print(json.dumps({
        "epochSeconds": epoch_seconds,
        "predictionsPerSecond": count / predict_seconds,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
    }))


if __name__ == "__main__":
    main()
