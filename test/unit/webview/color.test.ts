// Contrast of chart colours on the editor background (WCAG 2 formula) and the nudge that makes faint ones readable.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contrastRatio, parseColor, readableOn } from '../../../webview/color';

const ratio = (a: string, b: string) => contrastRatio(parseColor(a)!, parseColor(b)!);

test('the WCAG ratio of known pairs', () => {
  assert.equal(ratio('#000000', '#ffffff'), 21);
  assert.equal(ratio('#ffffff', '#ffffff'), 1);
  // #767676 on white is the classic 4.54:1 grey.
  assert.ok(Math.abs(ratio('#767676', '#fff') - 4.54) < 0.01);
  assert.ok(Math.abs(ratio('rgb(118, 118, 118)', 'rgba(255,255,255,1)') - 4.54) < 0.01);
  // Half-transparent black over white is mid grey.
  assert.ok(Math.abs(ratio('#00000080', '#ffffff') - ratio('#7f7f7f', '#ffffff')) < 0.05);
});

test('readableOn draws a half-transparent theme colour in its full hue', () => {
  assert.equal(readableOn('#d1861680', '#1f1f1f', '#cccccc'), '#d18616');
  assert.ok(ratio('#d1861680', '#1f1f1f') < 3.2, 'blended, it would be a dull brown');
});

test('readableOn keeps a readable colour and lifts a faint one to 3:1, on dark and on light', () => {
  assert.equal(readableOn('#3794ff', '#1f1f1f', '#cccccc'), '#3794ff');
  for (const [color, background, foreground] of [
    ['#5a3d1a', '#1f1f1f', '#cccccc'], // dark brown on the dark editor
    ['#f5c9a8', '#ffffff', '#3b3b3b'], // pale peach on white
    ['#ffd1a3', '#ffffff', '#ffffff'], // a foreground that cannot help: black does
    ['#1f1f1f80', '#1f1f1f', '#cccccc'],
  ]) {
    const fixed = readableOn(color, background, foreground);
    assert.ok(ratio(fixed, background) >= 3, `${color} on ${background} → ${fixed}: ${ratio(fixed, background)}`);
    assert.ok(ratio(color, background) < 3, `${color} was faint to begin with`);
  }
});
