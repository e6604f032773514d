// Splits a byte stream into newline-terminated JSON values, as watch responses arrive: chunks
// may end in the middle of a line or of a UTF-8 character.
import { StringDecoder } from 'node:string_decoder';

export class JsonLineDecoder {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';

  /** The values completed by this chunk. Throws on a line that is not JSON. */
  push(chunk: Buffer | string): unknown[] {
    this.partial += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const values: unknown[] = [];
    let newline = this.partial.indexOf('\n');
    while (newline >= 0) {
      const line = this.partial.slice(0, newline).trim();
      this.partial = this.partial.slice(newline + 1);
      if (line !== '') values.push(JSON.parse(line));
      newline = this.partial.indexOf('\n');
    }
    return values;
  }

  /** The value left unterminated when the stream ended, if any. */
  end(): unknown[] {
    const line = (this.partial + this.decoder.end()).trim();
    this.partial = '';
    return line === '' ? [] : [JSON.parse(line)];
  }
}
