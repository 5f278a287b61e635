// Draws the extension's icon, media/icon.png (128×128 RGBA): a gradient norm decaying over the lags, drawn as a
// curve over bars of each lag's share, on a rounded dark tile. Plain Node (zlib for the PNG's deflate), so the
// icon is reproducible without an image editor: `node scripts/icon.mjs`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { repoRoot } from './vscode/paths.mjs';

const SIZE = 128;
const SUPERSAMPLE = 4; // 4×4 samples per pixel for smooth edges

const TILE = [27, 43, 68];
const AXIS = [120, 140, 170];
const BAR = [63, 182, 168];
const CURVE = [255, 179, 71];

const decay = (lag) => Math.pow(0.68, lag);
const left = 22;
const bottom = 104;
const top = 22;
const right = 110;
const lags = 8;
const lagWidth = (right - left) / lags;
const yOf = (value) => bottom - value * (bottom - top);
/** The curve as a polyline through many points of the decay. */
const curve = Array.from({ length: 65 }, (_, i) => {
  const lag = (i / 64) * lags;
  return [left + lag * lagWidth, yOf(decay(lag))];
});

function insideRoundedTile(x, y, radius = 22) {
  const cx = Math.min(Math.max(x, radius), SIZE - radius);
  const cy = Math.min(Math.max(y, radius), SIZE - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function distanceToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function distanceToCurve(x, y) {
  let best = Infinity;
  for (let i = 1; i < curve.length; i++) best = Math.min(best, distanceToSegment(x, y, curve[i - 1], curve[i]));
  return best;
}

/** The colour at one sample point, or null outside the tile (transparent). */
function sample(x, y) {
  if (!insideRoundedTile(x, y)) return null;
  if (distanceToCurve(x, y) <= 3.2) return CURVE;
  const lag = Math.floor((x - left) / lagWidth);
  const inBar = lag >= 0 && lag < lags && x - left - lag * lagWidth >= 1.5 && x - left - (lag + 1) * lagWidth <= -1.5;
  if (inBar && y >= yOf(decay(lag + 0.5)) && y <= bottom) return BAR;
  const onAxis =
    (Math.abs(x - (left - 3)) <= 1 && y >= top - 4 && y <= bottom + 3) ||
    (Math.abs(y - (bottom + 3)) <= 1 && x >= left - 3 && x <= right + 2);
  return onAxis ? AXIS : TILE;
}

function render() {
  const rgba = Buffer.alloc(SIZE * SIZE * 4);
  const n = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const color = sample(px + (sx + 0.5) / SUPERSAMPLE, py + (sy + 0.5) / SUPERSAMPLE);
          if (!color) continue;
          r += color[0];
          g += color[1];
          b += color[2];
          covered++;
        }
      }
      const at = (py * SIZE + px) * 4;
      if (covered > 0) {
        rgba[at] = Math.round(r / covered);
        rgba[at + 1] = Math.round(g / covered);
        rgba[at + 2] = Math.round(b / covered);
      }
      rgba[at + 3] = Math.round((255 * covered) / n);
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGBA PNG; every scanline with filter type 0 (none). */
export function encodePng(rgba, width, height) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  const rows = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const target = join(repoRoot, 'media', 'icon.png');
writeFileSync(target, encodePng(render(), SIZE, SIZE));
console.log(`wrote ${target}`);
