import { Readable } from 'node:stream';
import { detectFileType, sniffStream } from '../src';
import { generatedStream, sha256Of } from './streams';

describe('sniffStream', () => {
  it('returns the head and a stream with the whole content', async () => {
    const total = 3 * 1024 * 1024 + 17;
    const expected = await sha256Of(generatedStream(total, 1000));
    const { head, stream } = await sniffStream(generatedStream(total, 1000));
    expect(head.length).toBe(4100);
    expect(head.readUInt32LE(0)).toBe(0); // first chunk of generatedStream starts with its block number
    expect(await sha256Of(stream)).toEqual(expected);
  });

  it('handles sources shorter than the head and empty sources', async () => {
    const short = await sniffStream(Readable.from([Buffer.from('%PDF-1.4\n'), Buffer.from('short')]));
    expect(short.head.toString()).toBe('%PDF-1.4\nshort');
    expect((await sha256Of(short.stream)).size).toBe(14);
    expect(await detectFileType(short.head, 'a.pdf')).toMatchObject({ ok: true, ext: 'pdf' });

    const empty = await sniffStream(Readable.from([], { objectMode: false }));
    expect(empty.head.length).toBe(0);
    expect((await sha256Of(empty.stream)).size).toBe(0);
  });

  it('reads only about the head before the stream is consumed', async () => {
    let pulled = 0;
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 1000; i++) {
        pulled += 1;
        yield Buffer.alloc(1024, i & 0xff);
      }
    }
    const source = Readable.from(chunks(), { objectMode: false, highWaterMark: 1024 });
    const { head, stream } = await sniffStream(source, 2048);
    expect(head.length).toBe(2048);
    // the source's own read-ahead (highWaterMark) is all that is pulled beyond the head
    expect(pulled).toBeLessThan(10);
    stream.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    expect(source.destroyed).toBe(true);
  });

  it('passes source errors to the returned stream', async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.alloc(5000, 1);
      yield Buffer.alloc(5000, 2);
      throw new Error('connection reset');
    }
    const { head, stream } = await sniffStream(Readable.from(failing(), { objectMode: false }));
    expect(head.length).toBe(4100);
    await expect(sha256Of(stream)).rejects.toThrow('connection reset');
  });
});
