"""numpy on the same matrices as `npm run bench`, in the same run, for the ratios in BENCHMARKS.md.

`numpy_reference.py timeline <dir> <T>` times reading each safetensors checkpoint of <dir> and its rho, sigma_max,
forward run and Jacobian curve, and prints {"ms": total}.

`numpy_reference.py cold <file> <T>` does, once, what a whole `analyze` process does of an RNN safetensors file
(read, rho, sigma_max, forward run, Jacobian curve with both norms); the bench times the whole python3 process.

`numpy_reference.py gemm <dir> <sizes> <repeat>` times W @ W for each <dir>/W_<n>.f64 and prints
{n: {cold, warm}} in milliseconds (the first product, then the median of <repeat>).

`numpy_reference.py eigen <dir> <sizes> <repeat>` times np.linalg.eigvals(W) for each <dir>/W_<n>.f64 and prints
{n: {cold, warm}} in milliseconds (the first call on that size, then the median of <repeat>).

`numpy_reference.py gated <model.json>…` times the gated Jacobian chain (forward run and one product per lag,
Frobenius norms) for each LSTM/GRU the bench wrote, and prints {file: median ms}.

Reads <dir>/W_<n>.f64 (n×n, row-major float64) and <dir>/d_<n>.f64 (T×n: σ'(a_t)) and prints one JSON object of
median milliseconds. Single-threaded BLAS (the bench sets OPENBLAS_NUM_THREADS=1) so the comparison is per core.
"""
import json
import os
import sys
import time

import numpy as np


def median_ms(f, repeat):
    """The median of `repeat` timed calls; with more than one, after the same untimed warm-up as ours
    (src/bench/median.ts: up to 200 calls or 300 ms), so both sides are timed in the same state."""
    if repeat > 1:
        start = time.perf_counter()
        for _ in range(200):
            if time.perf_counter() - start >= 0.3:
                break
            f()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return times[len(times) // 2]


def cold_and_median(f, repeat):
    """The first call's time (numpy's cold figure: that size's first call in this process), then the median of `repeat`."""
    t0 = time.perf_counter()
    f()
    cold = (time.perf_counter() - t0) * 1000
    return {'cold': cold, 'warm': median_ms(f, repeat)}


def jacobian_curve(W, d, both):
    J = d[-1][:, None] * W
    out = []
    for l in range(1, d.shape[0] + 1):
        if l > 1:
            J = (J * d[-l][None, :]) @ W
        f = np.linalg.norm(J)
        J /= f
        out.append((f, np.linalg.norm(J, 2) if both else None))
    return out


def read_safetensors(path):
    """What a reader must do: header length, JSON header, then the tensor's bytes as float32 → float64."""
    with open(path, 'rb') as f:
        data = f.read()
    n = int.from_bytes(data[:8], 'little')
    header = json.loads(data[8:8 + n])
    out = {}
    for name, t in header.items():
        if name == '__metadata__':
            continue
        a, b = t['data_offsets']
        out[name] = np.frombuffer(data, dtype='<f4', count=(b - a) // 4, offset=8 + n + a).reshape(t['shape']).astype(np.float64)
    return out


def read_json(path):
    with open(path) as f:
        return {k: np.array(v, dtype=np.float64) for k, v in json.load(f).items()}


def bench_formats(files):
    safetensors, json_file = files.split(',')
    npy = safetensors.replace('.safetensors', '.npy')
    np.save(npy, read_safetensors(safetensors)['W_hh'].astype(np.float32))
    return {
        'safetensors': median_ms(lambda: read_safetensors(safetensors), 5),
        'json': median_ms(lambda: read_json(json_file), 3),
        'npyLoad': median_ms(lambda: np.load(npy).astype(np.float64), 5),
    }


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def gated_chain(model):
    """The gated curve's chain as the bench times ours: forward run, then J(l+1) = (J(l)/‖J(l)‖_F)·A_{T−l} with
    the step Jacobian A_t of the LSTM (state (h, c); its c columns diagonal) or GRU, Frobenius norms only."""
    W_ih, W_hh, xs = (np.array(model[k]) for k in ('W_ih', 'W_hh', 'inputs'))
    n = W_hh.shape[1]
    T = xs.shape[0]
    steps = []
    if model['cell'] == 'lstm':
        b = np.array(model['b'])
        h, c = np.zeros(n), np.zeros(n)
        for x in xs:
            pre = W_ih @ x + W_hh @ h + b
            i, f, g, o = sigmoid(pre[:n]), sigmoid(pre[n:2 * n]), np.tanh(pre[2 * n:3 * n]), sigmoid(pre[3 * n:])
            c_next = f * c + i * g
            t = np.tanh(c_next)
            cfh = (g * i * (1 - i))[:, None] * W_hh[:n] + (c * f * (1 - f))[:, None] * W_hh[n:2 * n] + (i * (1 - g * g))[:, None] * W_hh[2 * n:3 * n]
            beta = o * (1 - t * t)
            ufh = (t * o * (1 - o))[:, None] * W_hh[3 * n:] + beta[:, None] * cfh
            steps.append((np.vstack([ufh, cfh]), beta * f, f))
            h, c = o * t, c_next
        J = None
        norms = []
        for l in range(1, T + 1):
            R, dh, dc = steps[T - l]
            if J is None:
                J = np.zeros((2 * n, 2 * n))
                J[:n, :n], J[n:, :n] = R[:n], R[n:]
                J[:n, n:], J[n:, n:] = np.diag(dh), np.diag(dc)
            else:
                J = np.hstack([J @ R, J[:, :n] * dh[None, :] + J[:, n:] * dc[None, :]])
            fnorm = np.linalg.norm(J)
            J /= fnorm
            norms.append(fnorm)
        return norms
    b_ih, b_hh = np.array(model['b_ih']), np.array(model['b_hh'])
    h = np.zeros(n)
    for x in xs:
        a = W_ih @ x + b_ih
        q = W_hh @ h + b_hh
        r, z = sigmoid(a[:n] + q[:n]), sigmoid(a[n:2 * n] + q[n:2 * n])
        cand = np.tanh(a[2 * n:] + r * q[2 * n:])
        en = (1 - z) * (1 - cand * cand)
        A = np.diag(z) + ((h - cand) * z * (1 - z))[:, None] * W_hh[n:2 * n] + (en * r)[:, None] * W_hh[2 * n:] + (en * q[2 * n:] * r * (1 - r))[:, None] * W_hh[:n]
        steps.append(A)
        h = (1 - z) * cand + z * h
    J = None
    norms = []
    for l in range(1, T + 1):
        J = steps[T - l] if J is None else J @ steps[T - l]
        fnorm = np.linalg.norm(J)
        J = J / fnorm
        norms.append(fnorm)
    return norms


def main_gated(files):
    out = {}
    for path in files:
        with open(path) as f:
            model = json.load(f)
        out[path] = median_ms(lambda: gated_chain(model), 5)
    print(json.dumps(out))


def lyapunov_rnn(W, Wx, x, k, warmup):
    """Benettin's method as src/core/rnn/lyapunov does it: Q ← D(σ') (W Q), QR every step, λ from ln|R_ii|."""
    n = W.shape[0]
    h = np.zeros(n)
    Q = np.eye(n)[:, :k]
    sums = np.zeros(k)
    for t in range(x.shape[0]):
        h = np.tanh(W @ h + Wx @ x[t])
        Q, R = np.linalg.qr((1 - h * h)[:, None] * (W @ Q))
        if t >= warmup:
            sums += np.log(np.abs(np.diag(R)))
    return np.sort(sums / (x.shape[0] - warmup))[::-1]


def lyapunov_lstm(Wh, Wi, x, k, warmup):
    """The same for an LSTM without projection, state (h, c): the c columns of ∂s'/∂s are diagonal."""
    n = Wh.shape[1]
    sig = lambda a: 1 / (1 + np.exp(-a))
    h, c = np.zeros(n), np.zeros(n)
    Q = np.eye(2 * n)[:, :k]
    sums = np.zeros(k)
    for t in range(x.shape[0]):
        a = Wh @ h + Wi @ x[t]
        i, f, g, o = sig(a[:n]), sig(a[n:2 * n]), np.tanh(a[2 * n:3 * n]), sig(a[3 * n:])
        c_next = f * c + i * g
        tc = np.tanh(c_next)
        ei, ef, eg, eo = g * i * (1 - i), c * f * (1 - f), i * (1 - g * g), tc * o * (1 - o)
        beta = o * (1 - tc * tc)
        dc_dh = ei[:, None] * Wh[:n] + ef[:, None] * Wh[n:2 * n] + eg[:, None] * Wh[2 * n:3 * n]
        du_dh = eo[:, None] * Wh[3 * n:] + beta[:, None] * dc_dh
        Qh, Qc = Q[:n], Q[n:]
        Z = np.vstack([du_dh @ Qh + (beta * f)[:, None] * Qc, dc_dh @ Qh + f[:, None] * Qc])
        Q, R = np.linalg.qr(Z)
        h, c = o * tc, c_next
        if t >= warmup:
            sums += np.log(np.abs(np.diag(R)))
    return np.sort(sums / (x.shape[0] - warmup))[::-1]


def lyapunov_bench(folder, n, m, k, steps, warmup, repeat):
    """Each cell's first run (cold) and the median of `repeat` more."""
    read = lambda name, shape: np.fromfile(os.path.join(folder, name)).reshape(shape)
    x = read('ly_x.f64', (steps + warmup, m))
    out = {}
    for cell, run in (
        ('rnn', lambda: lyapunov_rnn(read('ly_rnn_W_hh.f64', (n, n)), read('ly_rnn_W_xh.f64', (n, m)), x, k, warmup)),
        ('lstm', lambda: lyapunov_lstm(read('ly_lstm_W_hh.f64', (4 * n, n)), read('ly_lstm_W_ih.f64', (4 * n, m)), x, k, warmup)),
    ):
        t0 = time.perf_counter()
        exponents = run()
        cold = (time.perf_counter() - t0) * 1000
        out[cell] = {'coldMs': cold, 'ms': median_ms(run, repeat), 'lambda1': float(exponents[0])}
    return out


def timeline_bench(folder, steps):
    """What the timeline computes of each checkpoint that numpy can: read, rho, sigma_max, forward run, J(l) norms."""
    t0 = time.perf_counter()
    rng = np.random.default_rng(0)
    for name in sorted(os.listdir(folder)):
        t = read_safetensors(os.path.join(folder, name))
        W, Wx, b = t['weight_hh_l0'], t['weight_ih_l0'], t['bias_ih_l0'] + t['bias_hh_l0']
        np.max(np.abs(np.linalg.eigvals(W)))
        np.linalg.norm(W, 2)
        x = rng.standard_normal((steps, Wx.shape[1]))
        h = np.zeros(W.shape[0])
        d = np.empty((steps, W.shape[0]))
        for s in range(steps):
            h = np.tanh(W @ h + Wx @ x[s] + b)
            d[s] = 1 - h * h
        jacobian_curve(W, d, True)
    return {'ms': (time.perf_counter() - t0) * 1000}


def cold(path, steps):
    """A whole process's worth of work on one RNN file: read, rho, sigma_max, forward run, J(l) with both norms."""
    t = read_safetensors(path)
    W, Wx, b = t['weight_hh_l0'], t['weight_ih_l0'], t['bias_ih_l0'] + t['bias_hh_l0']
    np.max(np.abs(np.linalg.eigvals(W)))
    np.linalg.norm(W, 2)
    x = np.random.default_rng(0).standard_normal((steps, Wx.shape[1]))
    h = np.zeros(W.shape[0])
    d = np.empty((steps, W.shape[0]))
    for s in range(steps):
        h = np.tanh(W @ h + Wx @ x[s] + b)
        d[s] = 1 - h * h
    curve = jacobian_curve(W, d, True)
    print(json.dumps({'norms': len(curve)}))


def gemm_rates(folder, sizes, repeat):
    out = {}
    for n in sizes:
        W = np.fromfile(os.path.join(folder, f'W_{n}.f64')).reshape(n, n)
        t0 = time.perf_counter()
        W @ W
        out[n] = {'cold': (time.perf_counter() - t0) * 1000, 'warm': median_ms(lambda: W @ W, repeat)}
    return out


def eigen_times(folder, sizes, repeat):
    out = {}
    for n in sizes:
        W = np.fromfile(os.path.join(folder, f'W_{n}.f64')).reshape(n, n)
        t0 = time.perf_counter()
        np.linalg.eigvals(W)
        out[n] = {'cold': (time.perf_counter() - t0) * 1000, 'warm': median_ms(lambda: np.linalg.eigvals(W), repeat)}
    return out


def main():
    if sys.argv[1] == 'eigen':
        folder, sizes, repeat = sys.argv[2], [int(s) for s in sys.argv[3].split(',')], int(sys.argv[4])
        print(json.dumps(eigen_times(folder, sizes, repeat)))
        return
    if sys.argv[1] == 'cold':
        cold(sys.argv[2], int(sys.argv[3]))
        return
    if sys.argv[1] == 'timeline':
        print(json.dumps(timeline_bench(sys.argv[2], int(sys.argv[3]))))
        return
    if sys.argv[1] == 'gemm':
        folder, sizes, repeat = sys.argv[2], [int(s) for s in sys.argv[3].split(',')], int(sys.argv[4])
        print(json.dumps(gemm_rates(folder, sizes, repeat)))
        return
    if sys.argv[1] == 'gated':
        main_gated(sys.argv[2:])
        return
    if sys.argv[1] == 'lyapunov':
        folder, n, m, k, steps, warmup, repeat = sys.argv[2], *map(int, sys.argv[3:9])
        print(json.dumps(lyapunov_bench(folder, n, m, k, steps, warmup, repeat)))
        return
    folder, sizes, steps = sys.argv[1], [int(s) for s in sys.argv[2].split(',')], int(sys.argv[3])
    result = {'numpy': np.__version__, 'sizes': {}}
    if len(sys.argv) > 4:
        result['formats'] = bench_formats(sys.argv[4])
    try:
        from threadpoolctl import threadpool_info
        result['blas'] = [{k: i.get(k) for k in ('internal_api', 'version', 'num_threads', 'architecture')} for i in threadpool_info()]
    except Exception:
        pass
    for n in sizes:
        W = np.fromfile(os.path.join(folder, f'W_{n}.f64')).reshape(n, n)
        d = np.fromfile(os.path.join(folder, f'd_{n}.f64')).reshape(steps, n)
        repeat = 5
        result['sizes'][n] = {
            'eigenvalues': cold_and_median(lambda: np.linalg.eigvals(W), repeat),
            'sigmaMax': cold_and_median(lambda: np.linalg.norm(W, 2), repeat),
            'gemm': cold_and_median(lambda: W @ W, repeat),
            'jacobianFrobenius': cold_and_median(lambda: jacobian_curve(W, d, False), repeat),
            'jacobianBoth': cold_and_median(lambda: jacobian_curve(W, d, True), repeat),
        }
    print(json.dumps(result))


if __name__ == '__main__':
    main()
