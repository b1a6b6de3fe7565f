// Draws the app icons into public/icons/ with nothing but Node's zlib.
//
// Why a script and not an image library: the icons are a simple shape (a dark-blue rounded square
// with a light crescent moon, for night cramps), and a 60-line PNG encoder keeps the install light.
// The PNGs are kept in the tree; run `npm run icons` only when the design changes.
//
// Usage: node scripts/generate-icons.js

import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ICON_DIRECTORY = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');
// Browsers ask for /favicon.ico on their own, whatever the page links.
const FAVICON = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'favicon.ico');
const FAVICON_SIZES = [16, 32, 48];

const BACKGROUND = [15, 39, 66]; // #0f2742, the manifest's theme colour
const MOON = [241, 228, 195]; // #f1e4c3, warm light that reads well on a dim screen
const SAMPLES_PER_AXIS = 4; // 16 samples per pixel: smooth edges without a rasteriser

const ICONS = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'icon-maskable-512.png', size: 512, maskable: true },
  { file: 'apple-touch-icon-180.png', size: 180, maskable: true },
];

// Shape tests work in unit coordinates (0..1), so every size draws the same picture.
function insideRoundedSquare(x, y, cornerRadius) {
  const nearestX = Math.min(Math.max(x, cornerRadius), 1 - cornerRadius);
  const nearestY = Math.min(Math.max(y, cornerRadius), 1 - cornerRadius);
  return (x - nearestX) ** 2 + (y - nearestY) ** 2 <= cornerRadius ** 2;
}

// A crescent is a disc with a second, shifted disc cut out of it.
function insideCrescent(x, y, scale) {
  const radius = 0.3 * scale;
  const centre = 0.5;
  const insideMoon = (x - centre) ** 2 + (y - centre) ** 2 <= radius ** 2;
  const cutX = centre + 0.16 * scale;
  const cutY = centre - 0.1 * scale;
  const insideCut = (x - cutX) ** 2 + (y - cutY) ** 2 <= (radius * 0.85) ** 2;
  return insideMoon && !insideCut;
}

function drawIcon(size, maskable) {
  // Maskable icons must fill the whole square and keep the mark inside the central safe circle
  // (80% of the width), so the launcher may crop them to any shape.
  const cornerRadius = maskable ? 0 : 0.22;
  const markScale = maskable ? 0.78 : 1;
  const pixels = Buffer.alloc(size * size * 4);
  const sampleCount = SAMPLES_PER_AXIS * SAMPLES_PER_AXIS;
  for (let row = 0; row < size; row += 1) {
    for (let column = 0; column < size; column += 1) {
      let backgroundHits = 0;
      let moonHits = 0;
      for (let sampleRow = 0; sampleRow < SAMPLES_PER_AXIS; sampleRow += 1) {
        for (let sampleColumn = 0; sampleColumn < SAMPLES_PER_AXIS; sampleColumn += 1) {
          const x = (column + (sampleColumn + 0.5) / SAMPLES_PER_AXIS) / size;
          const y = (row + (sampleRow + 0.5) / SAMPLES_PER_AXIS) / size;
          if (!insideRoundedSquare(x, y, cornerRadius)) continue;
          if (insideCrescent(x, y, markScale)) moonHits += 1;
          else backgroundHits += 1;
        }
      }
      const covered = backgroundHits + moonHits;
      const offset = (row * size + column) * 4;
      if (covered === 0) continue; // transparent corner
      for (let channel = 0; channel < 3; channel += 1) {
        pixels[offset + channel] = Math.round(
          (BACKGROUND[channel] * backgroundHits + MOON[channel] * moonHits) / covered,
        );
      }
      pixels[offset + 3] = Math.round((255 * covered) / sampleCount);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, index) => {
  let value = index;
  for (let bit = 0; bit < 8; bit += 1) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
  return value >>> 0;
});

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, checksum]);
}

function encodePng(size, rgbaPixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // colour type: RGBA
  // Each scanline starts with filter type 0 (none); zlib does the compressing.
  const rowLength = size * 4;
  const scanlines = Buffer.alloc((rowLength + 1) * size);
  for (let row = 0; row < size; row += 1) {
    rgbaPixels.copy(scanlines, row * (rowLength + 1) + 1, row * rowLength, (row + 1) * rowLength);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(scanlines, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

// An ICO file may hold PNG images as they are (Windows Vista and every current browser read it).
function encodeIco(pngs) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1: icon
  header.writeUInt16LE(pngs.length, 4);
  const entries = [];
  let offset = 6 + 16 * pngs.length;
  for (const { size, data } of pngs) {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(data.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += data.length;
    entries.push(entry);
  }
  return Buffer.concat([header, ...entries, ...pngs.map(({ data }) => data)]);
}

mkdirSync(ICON_DIRECTORY, { recursive: true });
writeFileSync(FAVICON, encodeIco(FAVICON_SIZES.map((size) => ({ size, data: encodePng(size, drawIcon(size, false)) }))));
console.log(`wrote ${FAVICON}`);
for (const { file, size, maskable } of ICONS) {
  const path = join(ICON_DIRECTORY, file);
  writeFileSync(path, encodePng(size, drawIcon(size, maskable)));
  console.log(`wrote ${path}`);
}
