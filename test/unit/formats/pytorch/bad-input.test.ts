// Broken PyTorch files: an InputError that names the file and the place (zip entry, pickle byte), never a crash.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { isInputError } from '../../../../src/core/errors';
import { readTorchCheckpoint } from '../../../../src/core/formats/pytorch';
import { resolveTorchGlobal } from '../../../../src/core/formats/pytorch/allowed-globals';
import { walkCheckpoint } from '../../../../src/core/formats/pytorch/tree';
import { unpickle } from '../../../../src/core/formats/pickle/unpickler';
import { PyObject, PySet } from '../../../../src/core/formats/pickle/values';
import { torchFixture } from './fixtures';

function refusal(bytes: Uint8Array, file: string): { location: string; problem: string } {
  try {
    readTorchCheckpoint(bytes, file);
  } catch (e) {
    assert.ok(isInputError(e), `${file}: ${(e as Error)?.stack ?? String(e)}`);
    assert.equal(e.file, file);
    return { location: e.location, problem: e.problem };
  }
  assert.fail(`${file} was read`);
}

describe('bad PyTorch files are refused with the place', () => {
  const cases: [string, RegExp, RegExp][] = [
    ['bad/no-data-pkl.pt', /zip archive/, /no data\.pkl/],
    [
      'bad/missing-storage.pt',
      /entry 'rnn-state-dict\/data\.pkl' byte \d+/,
      /storage '1' has no record 'rnn-state-dict\/data\/1'/,
    ],
    ['bad/short-storage.pt', /tensor 'weight_hh_l0' \(entry 'rnn-state-dict\/data\/1'\)/, /storage holds 2 float32/],
    ['bad/unknown-opcode.pt', /entry 'rnn-state-dict\/data\.pkl' byte \d+/, /unknown pickle opcode 0xff/],
    ['bad/protocol-9.pt', /entry 'rnn-state-dict\/data\.pkl' byte 0/, /pickle protocol 9 is not supported/],
    ['bad/short-storage-legacy.pt', /^byte \d+$/, /storage '\d+' declares \d+ float32 elements/],
    ['bad/torchscript-no-parameters.pt', /zip archive/, /TorchScript archive.*torch\.save\(model\.state_dict\(\)/],
    ['bad/stride-past-storage.pt', /tensor 'w'/, /stride \[5, 1\] reach element 6, but the storage holds 4/],
  ];
  for (const [rel, location, problem] of cases) {
    it(rel, () => {
      const r = refusal(torchFixture(rel), rel);
      assert.match(r.location, location);
      assert.match(r.problem, problem);
    });
  }

  it('every truncation of a zip and a legacy file is refused, naming the file', () => {
    for (const rel of ['rnn-state-dict.pt', 'rnn-state-dict-legacy.pt', 'whole-module-legacy.pt']) {
      const bytes = torchFixture(rel);
      for (let n = 0; n < bytes.length; n += Math.max(1, Math.floor(bytes.length / 300))) {
        refusal(bytes.subarray(0, n), rel);
      }
    }
  });

  it('a file that is neither zip nor legacy torch says so', () => {
    const r = refusal(new TextEncoder().encode('hello, this is not a checkpoint'), 'x.pt');
    assert.match(r.location, /^byte \d+$/);
  });
});

describe('pickles built to exhaust the reader are refused or read in proportion', () => {
  const bytesOf = (...parts: (string | number[] | Uint8Array)[]): Uint8Array =>
    Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : [...p])));
  const read = (bytes: Uint8Array) =>
    unpickle(bytes, { file: 'bomb.pkl', where: '', resolveGlobal: resolveTorchGlobal });

  it('a stride-0 view asking for 65535 × 65535 elements of a 1-element storage', () => {
    const r = refusal(torchFixture('bad/stride-zero-bomb.pt'), 'bomb.pt');
    assert.match(r.location, /tensor 'w'/);
    assert.match(r.problem, /describes 4294836225 elements, over the \d+ left of what this file's size allows/);
  });

  it('lists nested 100 000 deep: the tree refuses them by name, without exhausting the call stack', () => {
    const n = 100_000;
    const value = read(bytesOf('\x80\x02', ']'.repeat(n), 'a'.repeat(n - 1), '.')).value;
    assert.throws(
      () => walkCheckpoint(value, 'bomb.pkl'),
      (e) => isInputError(e) && /nests deeper than 500 levels/.test(e.problem),
    );
  });

  it('MARKs nested 2000 deep are refused at their byte', () => {
    assert.throws(
      () => read(bytesOf('\x80\x02', '('.repeat(2000), '.')),
      (e) => isInputError(e) && e.location === 'byte 1002' && /MARKs nest deeper/.test(e.problem),
    );
  });

  it('a dict key of tuples nested 100 000 deep, a set of 200 000 items: read, the key text elided', () => {
    const key = read(bytesOf('\x80\x02}K\x01', '\x85'.repeat(100_000), 'K\x02s.'));
    const walked = walkCheckpoint(key.value, 'bomb.pkl');
    assert.ok(walked.root.kind === 'dict' && walked.root.entries[0].key.includes('(…)'));
    const set = read(bytesOf('\x80\x04\x8f(', 'K\x01'.repeat(200_000), '\x90.')).value;
    assert.ok(set instanceof PySet && set.items.length === 200_000);
  });

  it('bytearray(10**12) is kept as a placeholder, not allocated', () => {
    const big = [0x00, 0x10, 0xa5, 0xd4, 0xe8, 0x00]; // 10**12, little-endian
    const v = read(bytesOf('\x80\x02c__builtin__\nbytearray\n\x8a\x06', big, '\x85R.')).value;
    assert.ok(v instanceof PyObject && v.className === 'builtins.bytearray');
  });

  it('an integer of 2000 bytes is refused', () => {
    assert.throws(
      () => read(bytesOf('\x80\x02\x8b', [0xd0, 0x07, 0, 0], new Uint8Array(2000), '.')),
      (e) => isInputError(e) && /longer than the 1024-byte limit/.test(e.problem),
    );
  });
});
