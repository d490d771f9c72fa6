#!/usr/bin/env node
// The sharp contender of PixelPool's benchmark: one Node.js process per batch, two images at a
// time (concurrency 2), one libvips thread per image, so that it uses two cores as the other
// contenders do. sharp comes from the npm registry into bench/sharp/node_modules (bench/run.sh).
//
// usage: sharp_batch.js JOB OUT_DIR FILE...
//   thumbnail      fit inside 256×256 (never enlarged), JPEG q80
//   web            fit inside 1920×1920 (never enlarged), unsharp mask σ 1 amount 0.5 as one exact 7×7
//                  convolution (1.5·δ − 0.5·G(σ 1)), JPEG q85. sharp's own sharpen() is a different
//                  operation (LAB lightness, other parameters).
//   classic        Gaussian blur σ 15 at full size (approximate precision, kernel to amplitude 0.01, as
//                  the libvips contender), then fit inside 1200×1200, JPEG q90: two pipelines,
//                  because within one pipeline sharp always resizes before it blurs.
//   classic-fast   fit inside 1200×1200, then blur with σ 15 scaled by the resize (sharp's default
//                  blur: integer kernel cut at amplitude 0.2): what sharp users write.
//   pair           web into OUT_DIR/web and thumbnail into OUT_DIR/thumbnail from one decode
//                  (clone() of one input pipeline).
// Writes OUT_DIR/<stem>.jpg for every input (pair: one in each subfolder).
'use strict';
const path = require('path');
const sharp = require(path.join(__dirname, '..', 'sharp', 'node_modules', 'sharp'));

sharp.concurrency(1); // libvips threads per image: the two-at-a-time pool is the parallelism
sharp.cache(false);   // every file is read once; a cache only costs memory

function unsharpKernel(sigma, amount, radius) {
  const n = 2 * radius + 1;
  const g = [];
  let total = 0;
  for (let y = -radius; y <= radius; ++y)
    for (let x = -radius; x <= radius; ++x) {
      const v = Math.exp(-(x * x + y * y) / (2 * sigma * sigma));
      g.push(v);
      total += v;
    }
  const k = g.map((v) => (-amount * v) / total);
  k[radius * n + radius] += 1 + amount;
  return { width: n, height: n, kernel: k, scale: 1, offset: 0 };
}
const USM = unsharpKernel(1, 0.5, 3);
const fitInside = (box, enlarge) => ({ width: box, height: box, fit: 'inside', withoutEnlargement: !enlarge });

async function one(job, file, out) {
  const stem = path.basename(file, path.extname(file));
  const dest = path.join(out, stem + '.jpg');
  switch (job) {
  case 'thumbnail':
    return sharp(file).resize(fitInside(256)).jpeg({ quality: 80 }).toFile(dest);
  case 'web':
    return sharp(file).resize(fitInside(1920)).convolve(USM).jpeg({ quality: 85 }).toFile(dest);
  case 'classic': {
    const { data, info } = await sharp(file).blur({ sigma: 15, precision: 'approximate', minAmplitude: 0.01 })
      .raw().toBuffer({ resolveWithObject: true });
    return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
      .resize(fitInside(1200, true)).jpeg({ quality: 90 }).toFile(dest);
  }
  case 'classic-fast': {
    const m = await sharp(file).metadata();
    const scale = Math.min(1200 / m.width, 1200 / m.height);
    return sharp(file).resize(fitInside(1200, true)).blur(Math.max(0.3, 15 * scale)).jpeg({ quality: 90 })
      .toFile(dest);
  }
  case 'pair': {
    const input = sharp(file);
    return Promise.all([
      input.clone().resize(fitInside(1920)).convolve(USM).jpeg({ quality: 85 }).toFile(path.join(out, 'web', stem + '.jpg')),
      input.clone().resize(fitInside(256)).jpeg({ quality: 80 }).toFile(path.join(out, 'thumbnail', stem + '.jpg')),
    ]);
  }
  default:
    throw new Error('unknown job ' + job);
  }
}

async function main() {
  const [job, out, ...files] = process.argv.slice(2);
  if (!job || !out || files.length === 0) {
    console.error('usage: sharp_batch.js JOB OUT_DIR FILE...');
    process.exit(2);
  }
  if (job === 'pair')
    for (const d of ['web', 'thumbnail'])
      require('fs').mkdirSync(path.join(out, d), { recursive: true });
  let next = 0, failed = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++];
      try {
        await one(job, file, out);
      } catch (e) {
        failed++;
        console.error(`${file}: ${e.message}`);
      }
    }
  };
  await Promise.all([worker(), worker()]);
  process.exit(failed ? 1 : 0);
}
main();
