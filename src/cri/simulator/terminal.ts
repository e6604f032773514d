// What a terminal (a pty's line discipline) does between a stream client and a simulated
// process, for exec -t and containers with tty: typed input is echoed and handed to the process
// a line at a time (Enter's \r read as \n, backspace erasing), Ctrl-D on an empty line ends the
// input, Ctrl-C interrupts, other control characters echo as ^X; the process's \n goes out
// as \r\n.
import type { InputPipe } from './inputPipe.js';

export const terminalOutput = (text: string): string => text.replace(/\r?\n/g, '\r\n');

export class SimulatedTerminal {
  private line = '';

  constructor(private readonly echo: (text: string) => void, private readonly input: InputPipe, private readonly interrupt: () => void) {}

  /** What the client typed. */
  type(data: string): void {
    for (const key of data) {
      if (key === '\r' || key === '\n') {
        this.echo('\r\n');
        this.input.write(`${this.line}\n`);
        this.line = '';
      } else if (key === '\x04') {
        if (this.line === '') this.input.end();
        else this.input.write(this.line);
        this.line = '';
      } else if (key === '\x03') {
        this.echo('^C\r\n');
        this.line = '';
        this.interrupt();
      } else if (key === '\x7f' || key === '\b') {
        if (this.line === '') continue;
        this.line = this.line.slice(0, -1);
        this.echo('\b \b');
      } else {
        this.line += key;
        // Other control characters echo as ^X.
        this.echo(key < ' ' && key !== '\t' ? `^${String.fromCharCode(key.charCodeAt(0) + 64)}` : key);
      }
    }
  }
}
