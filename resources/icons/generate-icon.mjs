#!/usr/bin/env node
// Draws ArbDesk's application icon (two co-moving price lines on a dark tile) and writes it
// as resources/icon.png, 1024x1024 RGBA, the source electron-builder turns into .icns and .ico.
// Pure Node (zlib only), so the icon is reproducible without design tools or binary blobs
// from elsewhere: `node resources/icons/generate-icon.mjs`.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 1024;
const output = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'icon.png');

const background = [15, 18, 22];
const tileInset = 64;
const tileRadius = 180;
const lines = [
  { color: [45, 212, 191], points: [[190, 640], [330, 500], [450, 560], [590, 340], [710, 410], [834, 240]] },
  { color: [245, 158, 11], points: [[190, 790], [330, 660], [450, 700], [590, 520], [710, 570], [834, 420]] },
];
const halfWidth = 26;

function roundedTileCoverage(x, y) {
  const min = tileInset;
  const max = SIZE - tileInset;
  const cx = Math.min(Math.max(x, min + tileRadius), max - tileRadius);
  const cy = Math.min(Math.max(y, min + tileRadius), max - tileRadius);
  const distance = Math.hypot(x - cx, y - cy) - tileRadius;
  return Math.min(Math.max(0.5 - distance, 0), 1);
}

function distanceToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.min(Math.max(((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy), 0), 1);
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function lineCoverage(x, y, points) {
  let nearest = Infinity;
  for (let index = 1; index < points.length; index += 1) {
    nearest = Math.min(nearest, distanceToSegment(x, y, points[index - 1], points[index]));
  }
  return Math.min(Math.max(halfWidth + 0.5 - nearest, 0), 1);
}

// One filter byte (0: none) before each row of RGBA pixels.
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y += 1) {
  const row = y * (SIZE * 4 + 1);
  for (let x = 0; x < SIZE; x += 1) {
    const px = x + 0.5;
    const py = y + 0.5;
    let color = [...background];
    for (const line of lines) {
      const alpha = lineCoverage(px, py, line.points);
      if (alpha > 0) color = color.map((channel, index) => channel + (line.color[index] - channel) * alpha);
    }
    const offset = row + 1 + x * 4;
    raw[offset] = Math.round(color[0]);
    raw[offset + 1] = Math.round(color[1]);
    raw[offset + 2] = Math.round(color[2]);
    raw[offset + 3] = Math.round(255 * roundedTileCoverage(px, py));
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
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

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(output, png);
console.log(`wrote ${path.relative(process.cwd(), output)} (${SIZE}x${SIZE}, ${png.length} bytes)`);
