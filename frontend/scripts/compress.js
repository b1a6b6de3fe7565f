// Writes a gzip and a brotli copy next to each text file in dist/, after `vite build`. The server
// (WhiteNoise, backend/web/pages.py) sends the smaller one to browsers that accept it, without
// compressing on every request. Node's zlib only: no extra package to install.
//
// Usage: node scripts/compress.js [directory = dist]

import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const TEXT_TYPES = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.webmanifest', '.map', '.txt', '.ico']);
const SMALLEST_WORTH_IT = 256; // bytes: below this, headers outweigh the saving

function* files(directory) {
  for (const name of readdirSync(directory)) {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

let before = 0;
let gzipped = 0;
let brotli = 0;
for (const path of files(ROOT)) {
  if (!TEXT_TYPES.has(extname(path))) continue;
  const data = readFileSync(path);
  if (data.length < SMALLEST_WORTH_IT) continue;
  const gz = gzipSync(data, { level: 9 });
  const br = brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  });
  writeFileSync(`${path}.gz`, gz);
  writeFileSync(`${path}.br`, br);
  before += data.length;
  gzipped += gz.length;
  brotli += br.length;
}
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
console.log(`compressed ${kib(before)} of text: gzip ${kib(gzipped)}, brotli ${kib(brotli)}`);
