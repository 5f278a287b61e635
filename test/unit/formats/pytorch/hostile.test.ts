// Pickles that ask for os.system, eval, subprocess.Popen or __import__, and that set `__proto__` keys: read as
// inert data, the dangerous globals named as placeholders, nothing run, no prototype touched.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readTorchCheckpoint } from '../../../../src/core/formats/pytorch';
import { resolveTorchGlobal } from '../../../../src/core/formats/pytorch/allowed-globals';
import { walkCheckpoint } from '../../../../src/core/formats/pytorch/tree';
import { unpickle } from '../../../../src/core/formats/pickle/unpickler';
import { PyDict, PyObject } from '../../../../src/core/formats/pickle/values';
import { assertPrototypesUntouched } from '../../hostile/harness';
import { expectedTorch, torchFixture } from './fixtures';
import { assertTorchTensors } from './read-checkpoint.test';

/** The file the hostile pickles' commands would create (scripts/fixtures/pytorch.py). */
const MARKER = '/tmp/rnn-gradients-pytorch-fixture-pwned';

describe('hostile pickles are data', () => {
  for (const [rel, want] of Object.entries(expectedTorch().hostile)) {
    it(rel, async () => {
      assert.equal(existsSync(MARKER), false, 'the marker exists before the test: remove it');
      await assertPrototypesUntouched(() => {
        const bytes = torchFixture(rel);
        let globals: string[];
        if (rel.endsWith('.pkl')) {
          const result = unpickle(bytes, { file: rel, where: '', resolveGlobal: resolveTorchGlobal });
          globals = [...result.placeholderGlobals.keys()];
          const root = result.value as PyDict;
          // The `__proto__` key is an ordinary entry of the dict, and BUILD's `__proto__` state is data.
          const dict = root.get('dict') as PyDict;
          assert.ok(dict.get('__proto__') instanceof PyDict);
          const proto = root.get('proto') as PyObject;
          assert.equal(proto.className, '__main__.ProtoState');
          const walked = walkCheckpoint(result.value, rel);
          assert.deepEqual(JSON.parse(JSON.stringify(walked.root)), walked.root);
          assert.ok(walked.placeholders.some((p) => p.className === 'posix.system' && p.path === 'dict.system'));
        } else {
          const c = readTorchCheckpoint(bytes, rel);
          globals = c.placeholderGlobals.map((g) => g.name);
          assertTorchTensors(c, want.tensors ?? {}, rel);
          assert.ok(c.placeholders.some((p) => p.className === 'posix.system' && p.path === 'state_dict.system'));
          assert.ok(c.placeholders.some((p) => p.className === 'builtins.eval'));
        }
        for (const name of want.globals) assert.ok(globals.includes(name), `${name} not among ${globals.join(', ')}`);
      });
      const probe: Record<string, unknown> = {};
      assert.equal(probe.polluted, undefined);
      assert.equal(existsSync(MARKER), false, 'a command of the pickle ran');
    });
  }
});
