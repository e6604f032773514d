// Reading container log files in the CRI format: each line is `<RFC3339Nano time> <stdout|stderr>
// <F|P> <text>`, F ending a line of output and P carrying part of a longer one. A reader takes
// chunks of the file as they come and hands back whole lines of output, the P parts joined to
// the F that ends them, each with the time of its first part.

export interface LogLine {
  /** The time as the file has it (RFC 3339 with nanoseconds). */
  time: string;
  /** Milliseconds since the epoch, for comparisons. */
  ms: number;
  stream: 'stdout' | 'stderr';
  /** The line of output with its newline. */
  text: Buffer;
}

export class CriLogReader {
  private rest = Buffer.alloc(0);
  private readonly partial = new Map<string, { time: string; parts: Buffer[] }>();

  /** The lines a chunk of the file completes. */
  push(chunk: Buffer): LogLine[] {
    const data = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    const lines: LogLine[] = [];
    let start = 0;
    for (let end = data.indexOf(10, start); end !== -1; start = end + 1, end = data.indexOf(10, start)) {
      const line = this.parse(data.subarray(start, end));
      if (line) lines.push(line);
    }
    this.rest = Buffer.from(data.subarray(start));
    return lines;
  }

  private parse(raw: Buffer): LogLine | undefined {
    const first = raw.indexOf(32);
    const second = raw.indexOf(32, first + 1);
    const third = raw.indexOf(32, second + 1);
    if (first < 0 || second < 0) return undefined;
    const time = raw.subarray(0, first).toString();
    const stream = raw.subarray(first + 1, second).toString();
    if (stream !== 'stdout' && stream !== 'stderr') return undefined;
    const tag = third < 0 ? raw.subarray(second + 1).toString() : raw.subarray(second + 1, third).toString();
    const text = third < 0 ? Buffer.alloc(0) : raw.subarray(third + 1);
    const pending = this.partial.get(stream);
    if (tag.split(':')[0] === 'P') {
      if (pending) pending.parts.push(Buffer.from(text));
      else this.partial.set(stream, { time, parts: [Buffer.from(text)] });
      return undefined;
    }
    this.partial.delete(stream);
    const start = pending?.time ?? time;
    return { time: start, ms: Date.parse(start), stream, text: Buffer.concat([...(pending?.parts ?? []), text, Buffer.from('\n')]) };
  }
}
