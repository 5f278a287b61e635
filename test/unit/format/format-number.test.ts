// The one rule for numbers people read: a table of cases, and the log10 form agreeing with the direct one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fmt, fmtCount, fmtPercent, fmtPow10 } from '../../../src/core/format-number';
import { uniformMinusOneToOne } from '../../../src/core/random';

const CASES: [number, string][] = [
  // four significant digits, trailing zeros dropped
  [0.7350587879685142, '0.7351'],
  [0.6906987901958591, '0.6907'],
  [1, '1'],
  [0.5, '0.5'],
  [2.0000001, '2'],
  [-0.04174472391605377, '-0.04174'],
  [1234.5, '1235'],
  [9999.4, '9999'],
  // the edge of stability stays readable on both sides of 1
  [0.99962, '0.9996'],
  [1.00062, '1.001'],
  // exponent form outside 1e-4 ≤ |x| < 1e4, with a sign on the exponent
  [9999.6, '1e+4'],
  [12345.6, '1.235e+4'],
  [1e6, '1e+6'],
  [0.0001, '0.0001'],
  [0.00012346, '0.0001235'],
  [0.000099996, '0.0001'],
  [0.00001, '1e-5'],
  [3.2e-7, '3.2e-7'],
  [-4.56789e-12, '-4.568e-12'],
  [1.7976931348623157e308, '1.798e+308'],
  [5e-324, '4.941e-324'],
  // zeros and the non-finite
  [0, '0'],
  [-0, '0'],
  [NaN, 'NaN'],
  [Infinity, '∞'],
  [-Infinity, '-∞'],
];

test('fmt: significant digits, exponent switch, zeros and non-finite values', () => {
  for (const [x, want] of CASES) assert.equal(fmt(x), want, `fmt(${x})`);
});

test('fmtPow10: powers of ten beyond float64, by the same rule', () => {
  const cases: [number | null, string][] = [
    [null, '0'],
    [-Infinity, '0'],
    [Infinity, '∞'],
    [NaN, 'NaN'],
    [0, '1'],
    [-400, '1e-400'],
    [Math.log10(3.2) - 412, '3.2e-412'],
    [Math.log10(9.99996) + 20, '1e+21'],
    [Math.log10(6.92), '6.92'],
    [75.3, '1.995e+75'],
    [Math.log10(0.735) * 100, '4.253e-14'],
    [-3.5, '0.0003162'],
    [5000, '1e+5000'],
  ];
  for (const [l, want] of cases) assert.equal(fmtPow10(l), want, `fmtPow10(${l})`);
});

test('fmtPow10(log10 x) prints what fmt(x) prints, across the whole float64 range', () => {
  const uniform = uniformMinusOneToOne(11);
  const random = () => (uniform() + 1) / 2;
  let checked = 0;
  for (let i = 0; i < 20_000; i++) {
    const x = 10 ** (600 * random() - 300) * (1 + random());
    if (!Number.isFinite(x) || x === 0) continue;
    const direct = fmt(x);
    // log10 rounds in the last bit: a value this close to a rounding tie may go either way.
    const [m] = x.toExponential(10).split('e');
    if (Math.abs(Number(m) * 1e3 - Math.round(Number(m) * 1e3) - 0.5) < 1e-6) continue;
    assert.equal(fmtPow10(Math.log10(x)), direct, `x = ${x}`);
    checked++;
  }
  assert.ok(checked > 19_000);
});

test('digits can be asked for where a value must be told from a boundary', () => {
  assert.equal(fmt(0.99999983, 7), '0.9999998');
  assert.equal(fmt(1.23456789e-9, 7), '1.234568e-9');
});

test('fmtPercent: the same rule on the fraction times 100', () => {
  assert.equal(fmtPercent(0.99474), '99.47%');
  assert.equal(fmtPercent(1), '100%');
  assert.equal(fmtPercent(0.85), '85%');
  assert.equal(fmtPercent(0.001), '0.1%');
  assert.equal(fmtPercent(0), '0%');
  assert.equal(fmtPercent(3.2e-30), '3.2e-28%');
});

test('fmtCount: exact integers grouped by thousands; anything else by fmt', () => {
  assert.equal(fmtCount(0), '0');
  assert.equal(fmtCount(16), '16');
  assert.equal(fmtCount(999), '999');
  assert.equal(fmtCount(1000), '1,000');
  assert.equal(fmtCount(65536), '65,536');
  assert.equal(fmtCount(1048576), '1,048,576');
  assert.equal(fmtCount(-12345), '-12,345');
  assert.equal(fmtCount(2.5), '2.5');
  assert.equal(fmtCount(2 ** 60), '1.153e+18');
});
