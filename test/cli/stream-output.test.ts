// writePieces: a long output in bounded pieces, waiting for a slow reader, stopping for a gone one.
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writePieces } from '../../src/cli/stream-output.js';

function* lines(count: number): Generator<string> {
  for (let i = 0; i < count; i++) yield `line ${i}\n`;
}

describe('writePieces', () => {
  it('writes every piece in order, in chunks of about 64 KiB, never the whole output at once', async () => {
    const chunks: string[] = [];
    await writePieces({ write: (text: string) => chunks.push(text) }, lines(50_000));
    expect(chunks.join('')).toBe([...lines(50_000)].join(''));
    expect(chunks.length).toBeGreaterThan(5);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(70_000);
  });

  it('waits for a slow reader: no more than one chunk is buffered beyond the stream high-water mark', async () => {
    const stream = new PassThrough({ highWaterMark: 1024 });
    let maxBuffered = 0;
    let received = '';
    const reading = (async () => {
      for await (const chunk of stream) {
        maxBuffered = Math.max(maxBuffered, stream.writableLength);
        received += String(chunk);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await writePieces(stream, lines(30_000));
    stream.end();
    await reading;
    expect(received).toBe([...lines(30_000)].join(''));
    expect(maxBuffered).toBeLessThan(2 * 65_536 + 1024);
  });

  it('stops quietly when the reader goes away', async () => {
    let written = 0;
    const stream = new Writable({
      highWaterMark: 16,
      write(_chunk, _encoding, callback) {
        written++;
        // The reader closes after the first chunk: nothing more is ever drained.
        stream.destroy();
        callback();
      },
    });
    stream.on('error', () => undefined);
    await writePieces(stream, lines(100_000));
    expect(written).toBe(1);
  });
});
