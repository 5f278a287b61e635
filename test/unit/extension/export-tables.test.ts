// The exported CSVs keep an RNN's columns and add an LSTM's hidden and cell paths and its gate blocks' eigenvalues.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eigenvaluesCsv, lagsCsv } from '../../../src/extension/analyze/exportTables';
import { lstmResult, rnnResult } from '../webview/synthetic-result';

test("an RNN's CSVs have the columns they always had", () => {
  const [header] = lagsCsv(rnnResult()).split('\n');
  assert.equal(header.split(',').length, 12);
  assert.equal(eigenvaluesCsv(rnnResult()).split('\n')[0], 'index,real,imaginary,modulus');
});

test("an LSTM's lag CSV adds the hidden and cell paths, its eigenvalue CSV each gate block", () => {
  const result = lstmResult(5);
  const [header, ...rows] = lagsCsv(result).trim().split('\n');
  const columns = header.split(',');
  assert.deepEqual(columns.slice(12), [
    'hidden_frobenius',
    'hidden_spectral',
    'log10_hidden_frobenius',
    'log10_hidden_spectral',
    'cell_frobenius',
    'cell_spectral',
    'log10_cell_frobenius',
    'log10_cell_spectral',
  ]);
  // Lag 3 (row 3: lags start at 0): the synthetic cell path is 0.9^3, its spectral norm half of that.
  const lag3 = rows[3].split(',');
  assert.equal(Number(lag3[columns.indexOf('cell_frobenius')]), result.jacobian.cell?.frobenius[2]);
  assert.ok(Math.abs(Number(lag3[columns.indexOf('cell_spectral')]) - 0.9 ** 3 / 2) < 1e-15);
  const eigen = eigenvaluesCsv(result).trim().split('\n');
  assert.equal(eigen[0], 'matrix,index,real,imaginary,modulus');
  assert.equal(eigen.filter((l) => l.startsWith('origin_step_jacobian,')).length, 4);
  assert.deepEqual(
    eigen.filter((l) => l.startsWith('W_hf,')),
    ['W_hf,1,0.7,0,0.7', 'W_hf,2,0.35,0,0.35'],
  );
});
