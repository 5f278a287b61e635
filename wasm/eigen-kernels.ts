// AssemblyScript: the hot loops of src/core/linalg/eigen.ts in WebAssembly (compiled by scripts/build-wasm.mjs
// into src/core/linalg/generated/eigen-kernels.ts). Raw loads and stores on memory that the JavaScript side lays
// out (no AssemblyScript objects, --runtime stub). Each function does the same floating-point operations in the
// same order as its JavaScript twin (hessenberg.ts reduceUnblocked, francis.ts francisSweep/negligible/shiftPair,
// eigen2x2.ts, the loop of eigen.ts hessenbergEigenvalues), so both paths give the same bits; the SIMD loops
// only run independent columns side by side (f64x2 lanes) or keep the JavaScript's partial sums in lanes.

const ULP: f64 = 2.220446049250313e-16;
const SAFE_MIN: f64 = 2.2250738585072014e-308;
/** francis.ts EXCEPTIONAL_SHIFT_EVERY */
const EXCEPTIONAL: i32 = 10;
/** francis.ts BATCH: reflectors per batch of deferred column updates. */
const BATCH: i32 = 32;

const batchTau: usize = memory.data(BATCH * 8, 16);
const batchV1: usize = memory.data(BATCH * 8, 16);
const batchV2: usize = memory.data(BATCH * 8, 16);
const batchTV1: usize = memory.data(BATCH * 8, 16);
const batchTV2: usize = memory.data(BATCH * 8, 16);

/** Where the JavaScript side may start laying out its buffers (past our static data), 16-byte aligned. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}

function ld(p: usize, i: i32): f64 {
  return load<f64>(p + ((<usize>i) << 3));
}

function st(p: usize, i: i32, x: f64): void {
  store<f64>(p + ((<usize>i) << 3), x);
}

function addr(p: usize, i: i32): usize {
  return p + ((<usize>i) << 3);
}

/**
 * Householder reduction of columns from..to−1 of the n×n row-major matrix at h (hessenberg.ts reduceUnblocked
 * for those columns). v and w are n-double scratch buffers.
 */
export function hessenbergColumns(h: usize, n: i32, from: i32, to: i32, v: usize, w: usize): void {
  for (let k = from; k < to; k++) {
    const len = n - k - 1;
    const alpha = ld(h, (k + 1) * n + k);
    let sigma: f64 = 0;
    for (let i = k + 2; i < n; i++) {
      const x = ld(h, i * n + k);
      sigma += x * x;
    }
    if (sigma == 0) continue;
    const norm = Math.sqrt(alpha * alpha + sigma);
    const beta = alpha >= 0 ? -norm : norm;
    const tau = (beta - alpha) / beta;
    const inv = 1 / (alpha - beta);
    st(v, 0, 1);
    for (let i = 1; i < len; i++) {
      st(v, i, ld(h, (k + 1 + i) * n + k) * inv);
      st(h, (k + 1 + i) * n + k, 0);
    }
    st(h, (k + 1) * n + k, beta);

    const c0 = k + 1;
    // w = vᵀ H (rows and columns c0..n−1), columns in f64x2 pairs; H −= τ v w is applied row by row below.
    for (let j = c0; j < n; j++) st(w, j, 0);
    for (let i = 0; i < len; i++) {
      const vi = ld(v, i);
      if (vi == 0) continue;
      const row = (c0 + i) * n;
      const vv = f64x2.splat(vi);
      let j = c0;
      for (; j + 1 < n; j += 2) {
        const pw = addr(w, j);
        v128.store(pw, f64x2.add(v128.load(pw), f64x2.mul(vv, v128.load(addr(h, row + j)))));
      }
      for (; j < n; j++) st(w, j, ld(w, j) + vi * ld(h, row + j));
    }
    for (let r = 0; r < n; r++) {
      const row = r * n + c0;
      if (r >= c0) {
        // The left update of this row, H −= τ v w, fused with its right update below: the right update of a row
        // reads only that row, so the operations and their order are those of two separate passes.
        const s = tau * ld(v, r - c0);
        if (s != 0) {
          const sv = f64x2.splat(s);
          let j = 0;
          for (; j + 1 < len; j += 2) {
            const ph = addr(h, row + j);
            v128.store(ph, f64x2.sub(v128.load(ph), f64x2.mul(sv, v128.load(addr(w, c0 + j)))));
          }
          for (; j < len; j++) st(h, row + j, ld(h, row + j) - s * ld(w, c0 + j));
        }
      }
      let a01 = f64x2.splat(0);
      let a23 = f64x2.splat(0);
      let i = 0;
      for (; i + 3 < len; i += 4) {
        a01 = f64x2.add(a01, f64x2.mul(v128.load(addr(h, row + i)), v128.load(addr(v, i))));
        a23 = f64x2.add(a23, f64x2.mul(v128.load(addr(h, row + i + 2)), v128.load(addr(v, i + 2))));
      }
      let s0 = f64x2.extract_lane(a01, 0);
      for (; i < len; i++) s0 += ld(h, row + i) * ld(v, i);
      const s = tau * (s0 + f64x2.extract_lane(a01, 1) + (f64x2.extract_lane(a23, 0) + f64x2.extract_lane(a23, 1)));
      if (s == 0) continue;
      const sv = f64x2.splat(s);
      let j = 0;
      for (; j + 1 < len; j += 2) {
        const ph = addr(h, row + j);
        v128.store(ph, f64x2.sub(v128.load(ph), f64x2.mul(sv, v128.load(addr(v, j)))));
      }
      for (; j < len; j++) st(h, row + j, ld(h, row + j) - s * ld(v, j));
    }
  }
}

/** francis.ts negligible */
function negligible(h: usize, n: i32, k: i32): bool {
  const smallNum = SAFE_MIN * (<f64>n / ULP);
  const sub = Math.abs(ld(h, k * n + k - 1));
  if (sub <= smallNum) return true;
  const akk = ld(h, k * n + k);
  const aPrev = ld(h, (k - 1) * n + k - 1);
  let tst = Math.abs(aPrev) + Math.abs(akk);
  if (tst == 0) {
    if (k >= 2) tst += Math.abs(ld(h, (k - 1) * n + k - 2));
    if (k + 1 < n) tst += Math.abs(ld(h, (k + 1) * n + k));
  }
  if (sub > ULP * tst) return false;
  const sup = Math.abs(ld(h, (k - 1) * n + k));
  const ab = Math.max(sub, sup);
  const ba = Math.min(sub, sup);
  const diff = Math.abs(aPrev - akk);
  const aa = Math.max(Math.abs(akk), diff);
  const bb = Math.min(Math.abs(akk), diff);
  const s = aa + ab;
  return ba * (ab / s) <= Math.max(smallNum, ULP * (bb * (aa / s)));
}

/** eigen2x2.ts: eigenvalues of [[a, b], [c, d]] into re/im at i and i+1. */
function eigen2x2(a: f64, b: f64, c: f64, d: f64, re: usize, im: usize, i: i32): void {
  st(im, i, 0);
  st(im, i + 1, 0);
  if (b == 0 || c == 0) {
    st(re, i, a);
    st(re, i + 1, d);
    return;
  }
  const p = 0.5 * (a - d);
  const scale = Math.max(Math.max(Math.abs(p), Math.abs(b)), Math.abs(c));
  const ps = p / scale;
  const disc = ps * ps + (b / scale) * (c / scale);
  if (disc >= 0) {
    const z = p + (p >= 0 ? 1 : -1) * scale * Math.sqrt(disc);
    st(re, i, d + z);
    st(re, i + 1, d - (b / z) * c);
  } else {
    const mid = d + p;
    const imag = scale * Math.sqrt(-disc);
    st(re, i, mid);
    st(re, i + 1, mid);
    st(im, i, imag);
    st(im, i + 1, -imag);
  }
}

/**
 * francis.ts francisSweep without z (eigenvalues only: updates confined to the active block lo..hi), shifts the
 * eigenvalues of [[sa, sb], [sc, sd]].
 */
export function francisSweep(h: usize, n: i32, lo: i32, hi: i32, sa: f64, sb: f64, sc: f64, sd: f64): void {
  sweep(h, n, lo, hi, sa, sb, sc, sd, 0);
}

/**
 * francis.ts francisSweep: with z = 0 only the active block is updated; with z (an n×n matrix) the whole of h,
 * and z ← z·P accumulates the transformations.
 */
function sweep(h: usize, n: i32, lo: i32, hi: i32, sa: f64, sb: f64, sc: f64, sd: f64, z: usize): void {
  const rowStart = z ? 0 : lo;
  const colEnd = z ? n - 1 : hi;
  const h00 = ld(h, lo * n + lo);
  const h10 = ld(h, (lo + 1) * n + lo);
  let p = (h00 - sa) * (h00 - sd) - sb * sc + ld(h, lo * n + lo + 1) * h10;
  let q = h10 * (h00 + ld(h, (lo + 1) * n + lo + 1) - sa - sd);
  let r = h10 * ld(h, (lo + 2) * n + lo + 1);
  let k0 = lo;
  let count = 0;
  for (let k = lo; k < hi; k++) {
    if (count == BATCH) {
      applyDeferred(h, n, rowStart, k0, k0, count, hi);
      if (z) applyDeferred(z, n, 0, n, k0, count, hi);
      k0 = k;
      count = 0;
    }
    const last = k == hi - 1;
    if (k > lo) {
      p = ld(h, k * n + k - 1);
      q = ld(h, (k + 1) * n + k - 1);
      r = last ? 0 : ld(h, (k + 2) * n + k - 1);
    }
    const scale = Math.abs(p) + Math.abs(q) + Math.abs(r);
    if (scale == 0) {
      st(batchTau, count++, 0);
      continue;
    }
    p /= scale;
    q /= scale;
    r /= scale;
    const norm = Math.sqrt(p * p + q * q + r * r);
    const beta = p >= 0 ? -norm : norm;
    const tau = (beta - p) / beta;
    const v1 = q / (p - beta);
    const v2: f64 = last ? 0 : r / (p - beta);
    st(batchTau, count, tau);
    st(batchV1, count, v1);
    st(batchV2, count, v2);
    const tv1 = tau * v1;
    const tv2 = tau * v2;
    st(batchTV1, count, tv1);
    st(batchTV2, count, tv2);
    count++;
    const r0 = k * n;
    const r1 = r0 + n;
    const r2 = r1 + n;
    if (k > lo) {
      st(h, r0 + k - 1, beta * scale);
      st(h, r1 + k - 1, 0);
      if (!last) st(h, r2 + k - 1, 0);
    }
    const tauV = f64x2.splat(tau);
    const v1V = f64x2.splat(v1);
    const tv1V = f64x2.splat(tv1);
    if (last) {
      let j = k;
      for (; j + 1 <= colEnd; j += 2) {
        const p0 = addr(h, r0 + j);
        const p1 = addr(h, r1 + j);
        const x0 = v128.load(p0);
        const x1 = v128.load(p1);
        const s = f64x2.add(x0, f64x2.mul(v1V, x1));
        v128.store(p0, f64x2.sub(x0, f64x2.mul(tauV, s)));
        v128.store(p1, f64x2.sub(x1, f64x2.mul(tv1V, s)));
      }
      for (; j <= colEnd; j++) {
        const s = ld(h, r0 + j) + v1 * ld(h, r1 + j);
        st(h, r0 + j, ld(h, r0 + j) - tau * s);
        st(h, r1 + j, ld(h, r1 + j) - tv1 * s);
      }
      for (let i = k0; i <= hi; i++) {
        const row = i * n + k;
        const s = ld(h, row) + v1 * ld(h, row + 1);
        st(h, row, ld(h, row) - tau * s);
        st(h, row + 1, ld(h, row + 1) - tv1 * s);
      }
    } else {
      const v2V = f64x2.splat(v2);
      const tv2V = f64x2.splat(tv2);
      let j = k;
      for (; j + 1 <= colEnd; j += 2) {
        const p0 = addr(h, r0 + j);
        const p1 = addr(h, r1 + j);
        const p2 = addr(h, r2 + j);
        const x0 = v128.load(p0);
        const x1 = v128.load(p1);
        const x2 = v128.load(p2);
        const s = f64x2.add(f64x2.add(x0, f64x2.mul(v1V, x1)), f64x2.mul(v2V, x2));
        v128.store(p0, f64x2.sub(x0, f64x2.mul(tauV, s)));
        v128.store(p1, f64x2.sub(x1, f64x2.mul(tv1V, s)));
        v128.store(p2, f64x2.sub(x2, f64x2.mul(tv2V, s)));
      }
      for (; j <= colEnd; j++) {
        const s = ld(h, r0 + j) + v1 * ld(h, r1 + j) + v2 * ld(h, r2 + j);
        st(h, r0 + j, ld(h, r0 + j) - tau * s);
        st(h, r1 + j, ld(h, r1 + j) - tv1 * s);
        st(h, r2 + j, ld(h, r2 + j) - tv2 * s);
      }
      const iEnd = min(k + 3, hi);
      for (let i = k0; i <= iEnd; i++) {
        const row = i * n + k;
        const s = ld(h, row) + v1 * ld(h, row + 1) + v2 * ld(h, row + 2);
        st(h, row, ld(h, row) - tau * s);
        st(h, row + 1, ld(h, row + 1) - tv1 * s);
        st(h, row + 2, ld(h, row + 2) - tv2 * s);
      }
    }
  }
  applyDeferred(h, n, rowStart, k0, k0, count, hi);
  if (z) applyDeferred(z, n, 0, n, k0, count, hi);
}

/** francis.ts applyDeferred: rows from..to−1 get the batched reflectors k0, k0+1, … in order. */
function applyDeferred(h: usize, n: i32, from: i32, to: i32, k0: i32, count: i32, hi: i32): void {
  if (count == 0) return;
  const lastIsPair = k0 + count + 1 > hi;
  const full = lastIsPair ? count - 1 : count;
  let i = from;
  for (; i + 1 < to; i += 2) {
    let at = addr(h, i * n + k0);
    let bt = at + ((<usize>n) << 3);
    let x0 = load<f64>(at);
    let x1 = load<f64>(at, 8);
    let y0 = load<f64>(bt);
    let y1 = load<f64>(bt, 8);
    for (let j = 0; j < full; j++) {
      const x2 = load<f64>(at, 16);
      const y2 = load<f64>(bt, 16);
      const tau = ld(batchTau, j);
      if (tau == 0) {
        store<f64>(at, x0);
        store<f64>(bt, y0);
        x0 = x1;
        x1 = x2;
        y0 = y1;
        y1 = y2;
      } else {
        const v1 = ld(batchV1, j);
        const v2 = ld(batchV2, j);
        const tv1 = ld(batchTV1, j);
        const tv2 = ld(batchTV2, j);
        const s = x0 + v1 * x1 + v2 * x2;
        const t = y0 + v1 * y1 + v2 * y2;
        store<f64>(at, x0 - tau * s);
        store<f64>(bt, y0 - tau * t);
        x0 = x1 - tv1 * s;
        x1 = x2 - tv2 * s;
        y0 = y1 - tv1 * t;
        y1 = y2 - tv2 * t;
      }
      at += 8;
      bt += 8;
    }
    if (lastIsPair && ld(batchTau, full) != 0) {
      const tau = ld(batchTau, full);
      const v1 = ld(batchV1, full);
      const tv1 = ld(batchTV1, full);
      const s = x0 + v1 * x1;
      const t = y0 + v1 * y1;
      x0 -= tau * s;
      x1 -= tv1 * s;
      y0 -= tau * t;
      y1 -= tv1 * t;
    }
    store<f64>(at, x0);
    store<f64>(at, x1, 8);
    store<f64>(bt, y0);
    store<f64>(bt, y1, 8);
  }
  for (; i < to; i++) {
    let at = addr(h, i * n + k0);
    let x0 = load<f64>(at);
    let x1 = load<f64>(at, 8);
    for (let j = 0; j < full; j++) {
      const x2 = load<f64>(at, 16);
      const tau = ld(batchTau, j);
      if (tau == 0) {
        store<f64>(at, x0);
        x0 = x1;
        x1 = x2;
      } else {
        const s = x0 + ld(batchV1, j) * x1 + ld(batchV2, j) * x2;
        store<f64>(at, x0 - tau * s);
        x0 = x1 - ld(batchTV1, j) * s;
        x1 = x2 - ld(batchTV2, j) * s;
      }
      at += 8;
    }
    if (lastIsPair && ld(batchTau, full) != 0) {
      const s = x0 + ld(batchV1, full) * x1;
      x0 -= ld(batchTau, full) * s;
      x1 -= ld(batchTV1, full) * s;
    }
    store<f64>(at, x0);
    store<f64>(at, x1, 8);
  }
}

// The QR iteration's state between calls, as i32 slots of the block at `state` (eigen-wasm.ts names them).
const HI = 0;
const SWEEPS = 1;
const SINCE = 2;
const QUEUED = 3;
const MAX_SWEEPS = 4;

/** iterate's answers. */
const DONE = 0;
const PAUSED = 2;
const TOO_MANY_SWEEPS = 3;

/** eigen.ts AED_SHIFTS: shifts taken from each deflation window. */
const AED_SHIFTS = 16;

function getState(state: usize, slot: i32): i32 {
  return load<i32>(state + ((<usize>slot) << 2));
}

function setState(state: usize, slot: i32, value: i32): void {
  store<i32>(state + ((<usize>slot) << 2), value);
}

/** eigen.ts aedWindow: the deflation window for an active block of the given size. */
function aedWindow(size: i32): i32 {
  return min(64, max(12, <i32>Math.floor(<f64>size / 8 + 0.5)));
}

/**
 * eigen.ts hessenbergEigenvalues' loop on the Hessenberg matrix at h, from the state it left: deflations, aggressive
 * early deflation for active blocks of at least aedMin rows (aed.ts, in `work`: aedWorkDoubles()), shifts (the
 * window's, 4 doubles a pair at `queue`, popped from the end) and sweeps. Returns DONE when every eigenvalue is in
 * re/im; PAUSED once the sweeps since the call have touched about `budget` entries (the caller polls for
 * cancellation and calls again); TOO_MANY_SWEEPS past the state's MAX_SWEEPS.
 */
export function iterate(
  h: usize,
  n: i32,
  re: usize,
  im: usize,
  state: usize,
  queue: usize,
  aedMin: i32,
  budget: f64,
  work: usize,
): i32 {
  let hi = getState(state, HI);
  let since = getState(state, SINCE);
  let sweeps = getState(state, SWEEPS);
  let queued = getState(state, QUEUED);
  const maxSweeps = getState(state, MAX_SWEEPS);
  let done: f64 = 0;
  let answer = DONE;
  while (hi >= 0) {
    let lo = hi;
    while (lo > 0 && !negligible(h, n, lo)) lo--;
    if (lo > 0) st(h, lo * n + lo - 1, 0);
    if (lo == hi) {
      st(re, hi, ld(h, hi * n + hi));
      st(im, hi, 0);
      hi -= 1;
      since = 0;
      continue;
    }
    if (lo == hi - 1) {
      const i = hi - 1;
      eigen2x2(ld(h, i * n + i), ld(h, i * n + hi), ld(h, hi * n + i), ld(h, hi * n + hi), re, im, i);
      hi -= 2;
      since = 0;
      continue;
    }
    const size = hi - lo + 1;
    if (done >= budget) {
      answer = PAUSED;
      break;
    }
    if (size >= aedMin && queued == 0) {
      const nw = aedWindow(size);
      const deflated = aggressiveDeflation(h, n, lo, hi, nw, re, im, queue, AED_SHIFTS, work);
      queued = shiftCount;
      done += <f64>nw * <f64>nw * <f64>nw + <f64>(hi - lo) * <f64>nw;
      if (deflated > 0) {
        hi -= deflated;
        since = 0;
        continue;
      }
    }
    if (++sweeps > maxSweeps) {
      answer = TOO_MANY_SWEEPS;
      break;
    }
    since++;
    let sa: f64, sb: f64, sc: f64, sd: f64;
    if (queued > 0 && since % EXCEPTIONAL != 0) {
      queued--;
      const at = queue + ((<usize>queued) << 5);
      sa = load<f64>(at);
      sb = load<f64>(at, 8);
      sc = load<f64>(at, 16);
      sd = load<f64>(at, 24);
    } else if (since % EXCEPTIONAL == 0) {
      const bottom = since % (2 * EXCEPTIONAL) != 0;
      const x = bottom
        ? Math.abs(ld(h, hi * n + hi - 1)) + Math.abs(ld(h, (hi - 1) * n + hi - 2))
        : Math.abs(ld(h, (lo + 1) * n + lo)) + Math.abs(ld(h, (lo + 2) * n + lo + 1));
      const base = bottom ? ld(h, hi * n + hi) : ld(h, lo * n + lo);
      const d = base + 0.75 * x;
      sa = d;
      sb = -0.4375 * x;
      sc = x;
      sd = d;
    } else {
      sa = ld(h, (hi - 1) * n + hi - 1);
      sb = ld(h, (hi - 1) * n + hi);
      sc = ld(h, hi * n + hi - 1);
      sd = ld(h, hi * n + hi);
    }
    francisSweep(h, n, lo, hi, sa, sb, sc, sd);
    done += <f64>size * <f64>size;
  }
  setState(state, HI, hi);
  setState(state, SINCE, since);
  setState(state, SWEEPS, sweeps);
  setState(state, QUEUED, queued);
  return answer;
}

/**
 * schur.ts schurInPlace: t (m×m upper Hessenberg) becomes its real Schur form Zᵀ t Z and z becomes z·Z. Returns
 * 0 if the sweep budget ran out (t and z are then unusable), else 1.
 */
export function schur(t: usize, m: i32, z: usize, maxSweeps: i32): i32 {
  let hi = m - 1;
  let sweeps = 0;
  let since = 0;
  while (hi >= 0) {
    let lo = hi;
    while (lo > 0 && !negligible(t, m, lo)) lo--;
    if (lo > 0) st(t, lo * m + lo - 1, 0);
    if (lo >= hi - 1) {
      hi = lo - 1;
      since = 0;
      continue;
    }
    if (++sweeps > maxSweeps) return 0;
    since++;
    let sa: f64, sb: f64, sc: f64, sd: f64;
    if (since % EXCEPTIONAL == 0) {
      const bottom = since % (2 * EXCEPTIONAL) != 0;
      const x = bottom
        ? Math.abs(ld(t, hi * m + hi - 1)) + Math.abs(ld(t, (hi - 1) * m + hi - 2))
        : Math.abs(ld(t, (lo + 1) * m + lo)) + Math.abs(ld(t, (lo + 2) * m + lo + 1));
      const base = bottom ? ld(t, hi * m + hi) : ld(t, lo * m + lo);
      const d = base + 0.75 * x;
      sa = d;
      sb = -0.4375 * x;
      sc = x;
      sd = d;
    } else {
      sa = ld(t, (hi - 1) * m + hi - 1);
      sb = ld(t, (hi - 1) * m + hi);
      sc = ld(t, hi * m + hi - 1);
      sd = ld(t, hi * m + hi);
    }
    sweep(t, m, lo, hi, sa, sb, sc, sd, z);
  }
  return 1;
}

/** Doubles of scratch that aggressiveDeflation needs at `work` (windows of at most 64 rows). */
export function aedWorkDoubles(): i32 {
  return 2 * 64 * 64 + 2 * 65 * 65 + 64 * 64 + 2 * 68;
}

/** Shift pairs written by the last aggressiveDeflation. */
let shiftCount: i32 = 0;
const pairRe: usize = memory.data(16, 16);
const pairIm: usize = memory.data(16, 16);

/**
 * aed.ts aggressiveDeflation (eigenvalues only, no reordering) on the trailing nw×nw window of lo..hi: returns how
 * many eigenvalues deflated (into re/im at hi−d+1..hi; h transformed, active block lo..hi−d), and leaves up to
 * maxShifts of the window's other eigenvalues as shift pairs at `queue` (shiftCount pairs, bottom-most last). The
 * products are loops over k in ascending order, as the plain gemm kernel adds them.
 */
function aggressiveDeflation(
  h: usize,
  n: i32,
  lo: i32,
  hi: i32,
  nw: i32,
  re: usize,
  im: usize,
  queue: usize,
  maxShifts: i32,
  work: usize,
): i32 {
  shiftCount = 0;
  const kw = hi - nw + 1;
  const spike = ld(h, kw * n + kw - 1);
  const t = work;
  const z = addr(t, 64 * 64);
  for (let i = 0; i < nw; i++) {
    for (let c = 0; c < nw; c++) st(t, i * nw + c, c >= i - 1 ? ld(h, (kw + i) * n + kw + c) : 0);
    for (let c = 0; c < nw; c++) st(z, i * nw + c, c == i ? 1 : 0);
  }
  if (!schur(t, nw, z, 30 * max(10, nw))) return 0;

  const smallNum = SAFE_MIN * (<f64>n / ULP);
  let j = nw - 1;
  while (j >= 0) {
    const pair = j > 0 && ld(t, j * nw + j - 1) != 0;
    let size = Math.abs(ld(t, j * nw + j));
    if (pair) size += Math.sqrt(Math.abs(ld(t, j * nw + j - 1))) * Math.sqrt(Math.abs(ld(t, (j - 1) * nw + j)));
    if (size == 0) size = Math.abs(spike);
    let couple = Math.abs(spike * ld(z, j));
    if (pair) couple = Math.max(couple, Math.abs(spike * ld(z, j - 1)));
    if (couple > Math.max(smallNum, ULP * size)) break;
    if (pair) {
      eigen2x2(
        ld(t, (j - 1) * nw + j - 1),
        ld(t, (j - 1) * nw + j),
        ld(t, j * nw + j - 1),
        ld(t, j * nw + j),
        re,
        im,
        kw + j - 1,
      );
      j -= 2;
    } else {
      st(re, kw + j, ld(t, j * nw + j));
      st(im, kw + j, 0);
      j -= 1;
    }
  }
  const m = j + 1;
  const deflated = nw - m;
  collectShifts(t, nw, m, queue, maxShifts);
  if (deflated == 0) return 0;
  if (m == 0) {
    st(h, kw * n + kw - 1, 0);
    return deflated;
  }

  // [spike column | T's undeflated top] back to Hessenberg form.
  const s1 = m + 1;
  const mm = addr(z, 64 * 64);
  const q = addr(mm, 65 * 65);
  for (let i = 0; i < s1 * s1; i++) {
    st(mm, i, 0);
    st(q, i, 0);
  }
  for (let i = 0; i < s1; i++) st(q, i * s1 + i, 1);
  for (let i = 0; i < m; i++) {
    st(mm, (i + 1) * s1, spike * ld(z, i));
    for (let c = 0; c < m; c++) st(mm, (i + 1) * s1 + c + 1, ld(t, i * nw + c));
  }
  const v = addr(q, 65 * 65);
  hessenbergWithVectors(mm, s1, q, v);

  // U = Z(:, 0:m) · Q(1:, 1:) (nw × m).
  const u = t; // T is no longer needed
  for (let r = 0; r < nw; r++) {
    for (let c = 0; c < m; c++) st(u, r * m + c, 0);
    for (let l = 0; l < m; l++) {
      const a = ld(z, r * nw + l);
      for (let c = 0; c < m; c++) st(u, r * m + c, ld(u, r * m + c) + a * ld(q, (l + 1) * s1 + c + 1));
    }
  }
  // Rows above the window, inside the active block: H(r, kw:kw+m) = H(r, kw:hi+1) · U.
  const row = addr(v, 68);
  for (let r = lo; r < kw; r++) {
    for (let c = 0; c < m; c++) st(row, c, 0);
    for (let l = 0; l < nw; l++) {
      const a = ld(h, r * n + kw + l);
      const av = f64x2.splat(a);
      let c = 0;
      for (; c + 1 < m; c += 2) {
        const pr = addr(row, c);
        v128.store(pr, f64x2.add(v128.load(pr), f64x2.mul(av, v128.load(addr(u, l * m + c)))));
      }
      for (; c < m; c++) st(row, c, ld(row, c) + a * ld(u, l * m + c));
    }
    for (let c = 0; c < m; c++) st(h, r * n + kw + c, ld(row, c));
  }
  for (let i = 0; i < m; i++) for (let c = 0; c < m; c++) st(h, (kw + i) * n + kw + c, ld(mm, (i + 1) * s1 + c + 1));
  st(h, kw * n + kw - 1, ld(mm, s1));
  st(h, (kw + m) * n + kw + m - 1, 0);
  return deflated;
}

/** aed.ts collectShifts: the undeflated blocks' eigenvalues, bottom up, as 2×2 matrices; stored bottom-most last. */
function collectShifts(t: usize, nw: i32, m: i32, queue: usize, maxShifts: i32): void {
  let count = 0;
  let pending: f64 = 0;
  let hasPending = false;
  for (let j = m - 1; j >= 0 && 2 * count < maxShifts;) {
    const at = queue + ((<usize>count) << 5);
    if (j > 0 && ld(t, j * nw + j - 1) != 0) {
      eigen2x2(
        ld(t, (j - 1) * nw + j - 1),
        ld(t, (j - 1) * nw + j),
        ld(t, j * nw + j - 1),
        ld(t, j * nw + j),
        pairRe,
        pairIm,
        0,
      );
      const r0 = ld(pairRe, 0);
      const i0 = ld(pairIm, 0);
      if (i0 != 0) {
        store<f64>(at, r0);
        store<f64>(at, -i0, 8);
        store<f64>(at, i0, 16);
        store<f64>(at, r0, 24);
      } else {
        store<f64>(at, r0);
        store<f64>(at, 0, 8);
        store<f64>(at, 0, 16);
        store<f64>(at, ld(pairRe, 1), 24);
      }
      count++;
      j -= 2;
    } else {
      const value = ld(t, j * nw + j);
      if (!hasPending) {
        pending = value;
        hasPending = true;
      } else {
        store<f64>(at, pending);
        store<f64>(at, 0, 8);
        store<f64>(at, 0, 16);
        store<f64>(at, value, 24);
        count++;
        hasPending = false;
      }
      j -= 1;
    }
  }
  for (let a = 0, b = count - 1; a < b; a++, b--) {
    for (let e = 0; e < 4; e++) {
      const x = ld(queue, 4 * a + e);
      st(queue, 4 * a + e, ld(queue, 4 * b + e));
      st(queue, 4 * b + e, x);
    }
  }
  shiftCount = count;
}

/** schur.ts hessenbergWithVectors: a (s×s) ← Qᵀ a Q upper Hessenberg, q ← q·Q; v: s doubles of scratch. */
function hessenbergWithVectors(a: usize, s: i32, q: usize, v: usize): void {
  for (let k = 0; k < s - 2; k++) {
    const alpha = ld(a, (k + 1) * s + k);
    let sigma: f64 = 0;
    for (let i = k + 2; i < s; i++) sigma += ld(a, i * s + k) * ld(a, i * s + k);
    if (sigma == 0) continue;
    const norm = Math.sqrt(alpha * alpha + sigma);
    const beta = alpha >= 0 ? -norm : norm;
    const tau = (beta - alpha) / beta;
    const inv = 1 / (alpha - beta);
    for (let i = 0; i < s; i++) st(v, i, 0);
    st(v, k + 1, 1);
    for (let i = k + 2; i < s; i++) st(v, i, ld(a, i * s + k) * inv);
    for (let j = k; j < s; j++) {
      let d: f64 = 0;
      for (let i = k + 1; i < s; i++) d += ld(v, i) * ld(a, i * s + j);
      d *= tau;
      for (let i = k + 1; i < s; i++) st(a, i * s + j, ld(a, i * s + j) - d * ld(v, i));
    }
    for (let pass = 0; pass < 2; pass++) {
      const mat = pass == 0 ? a : q;
      for (let r = 0; r < s; r++) {
        let d: f64 = 0;
        for (let i = k + 1; i < s; i++) d += ld(mat, r * s + i) * ld(v, i);
        d *= tau;
        for (let i = k + 1; i < s; i++) st(mat, r * s + i, ld(mat, r * s + i) - d * ld(v, i));
      }
    }
    for (let i = k + 2; i < s; i++) st(a, i * s + k, 0);
  }
}

/** The index of the first entry of h[0..len) that is NaN or ±Infinity, or −1. */
export function firstNonFinite(h: usize, len: i32): i32 {
  for (let i = 0; i < len; i++) {
    const x = ld(h, i);
    if (x - x != 0) return i;
  }
  return -1;
}

/** max |h[i]| over 0..len−1. */
export function maxAbs(h: usize, len: i32): f64 {
  let m: f64 = 0;
  for (let i = 0; i < len; i++) {
    const a = Math.abs(ld(h, i));
    if (a > m) m = a;
  }
  return m;
}

/** h[i] *= f over 0..len−1 (f a power of two: exact). */
export function scale(h: usize, len: i32, f: f64): void {
  const fv = f64x2.splat(f);
  let i = 0;
  for (; i + 1 < len; i += 2) v128.store(addr(h, i), f64x2.mul(v128.load(addr(h, i)), fv));
  for (; i < len; i++) st(h, i, ld(h, i) * f);
}

/** 2^e for |e| ≤ 1022, exactly. */
function pow2(e: i32): f64 {
  return reinterpret<f64>((<u64>(e + 1023)) << 52);
}

/** eigen.ts balance: the diagonal power-of-two similarity; `total` is n i32 of scratch. */
export function balance(h: usize, n: i32, total: usize): void {
  const MAX_EXPONENT = 200;
  for (let i = 0; i < n; i++) store<i32>(total + ((<usize>i) << 2), 0);
  for (let sweep = 0; sweep < 100; sweep++) {
    let changed = false;
    for (let i = 0; i < n; i++) {
      let c: f64 = 0;
      let r: f64 = 0;
      for (let j = 0; j < n; j++) {
        if (j == i) continue;
        c += Math.abs(ld(h, j * n + i));
        r += Math.abs(ld(h, i * n + j));
      }
      if (c == 0 || r == 0) continue;
      const ti = load<i32>(total + ((<usize>i) << 2));
      let e = <i32>Math.max(-60, Math.min(60, Math.round(Math.log2(r / c) / 2)));
      e = max(-MAX_EXPONENT - ti, min(MAX_EXPONENT - ti, e));
      if (e == 0) continue;
      const f = pow2(e);
      if (c * f + r / f >= 0.95 * (c + r)) continue;
      changed = true;
      store<i32>(total + ((<usize>i) << 2), ti + e);
      for (let j = 0; j < n; j++) st(h, j * n + i, ld(h, j * n + i) * f);
      const g = 1 / f;
      for (let j = 0; j < n; j++) st(h, i * n + j, ld(h, i * n + j) * g);
    }
    if (!changed) return;
  }
}
