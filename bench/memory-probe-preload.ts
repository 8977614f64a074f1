// Loaded into the CLI by the CLI memory-growth bench only (`node --expose-gc --import <this>`),
// so the bench can read the JS heap of the shipped process, not just its RSS: on SIGUSR2 it
// forces GC three times, 200 ms apart, and writes process.memoryUsage() as one JSON object to
// the file named by BENCH_MEMORY_FILE. It changes nothing else (no heap flags): gc() runs only
// when the bench asks, as the in-process memory bench does.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_MEMORY_FILE;
const gc = (globalThis as { gc?: () => void }).gc;
if (file && gc) {
  process.on('SIGUSR2', () => {
    void (async () => {
      for (let i = 0; i < 3; i++) {
        gc();
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      writeFileSync(file, JSON.stringify({ ...process.memoryUsage(), at: Date.now() }));
    })();
  });
}
