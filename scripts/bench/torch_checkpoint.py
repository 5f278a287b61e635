#!/usr/bin/python3
"""The checkpoint row of `npm run bench` (src/bench/checkpoint.ts): makes the file and times torch.load on it.

`torch_checkpoint.py write <path>` saves the state_dict of a language model's recurrent part as torch.save does by
default (the zip serialization): an embedding of 20 000 × 256 (listed first, as nn.Module orders it) and a 2-layer
LSTM of hidden size 2048 on it, float32, about 230 MB; prints {"bytes": size, "torch": version}.
`torch_checkpoint.py load <path> <repeat>` times torch.load of it <repeat> times in this process and prints
{"firstMs": the first load, "medianMs": the median of the others}.
"""
import json
import os
import sys
import time

import torch


def write(path):
    torch.manual_seed(7)
    embedding = torch.nn.Embedding(20_000, 256)
    lstm = torch.nn.LSTM(256, 2048, num_layers=2)
    state = {'embedding.weight': embedding.weight.detach()}
    state.update((f'lstm.{k}', v.detach()) for k, v in lstm.state_dict().items())
    torch.save(state, path)
    print(json.dumps({'bytes': os.path.getsize(path), 'torch': torch.__version__}))


def load(path, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        state = torch.load(path)
        times.append((time.perf_counter() - t0) * 1000)
        assert state['lstm.weight_hh_l0'].shape == (8192, 2048)
        del state
    rest = sorted(times[1:])
    print(json.dumps({'firstMs': times[0], 'medianMs': rest[len(rest) // 2]}))


if __name__ == '__main__':
    torch.set_num_threads(1)
    if sys.argv[1] == 'write':
        write(sys.argv[2])
    else:
        load(sys.argv[2], int(sys.argv[3]))
