// Runs stock kubectl with a terminal, as users run `kubectl exec -it` and `attach -it`: kubectl
// asks for a TTY only when its stdin is one, so util-linux `script` gives it a pseudo-terminal.
// Keys are typed once the output shows a prompt, so they reach the remote side, not the local
// terminal before kubectl has put it in raw mode.
import { spawn } from 'node:child_process';
import { kubectlPath, type Kubectl } from '../helpers/kubectl.js';

export interface TerminalRun {
  /** Everything kubectl wrote to its terminal. */
  output: string;
  code: number | null;
}

const quoted = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/** Runs kubectl in a terminal; each time the next prompt shows in its output (after the last
 * one), types the keys that go with it. */
export function runInTerminal(kubectl: Kubectl, args: string[], steps: [prompt: string, keys: string][] = [], timeoutMs = 30_000): Promise<TerminalRun> {
  const argv = [kubectlPath(kubectl.version), '--kubeconfig', kubectl.kubeconfig, '--cache-dir', kubectl.cacheDir, ...args];
  return new Promise((resolve) => {
    const child = spawn('script', ['-qec', argv.map(quoted).join(' '), '/dev/null'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let output = '';
    let seen = 0;
    let step = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      while (step < steps.length && output.indexOf(steps[step][0], seen) >= 0) {
        seen = output.indexOf(steps[step][0], seen) + steps[step][0].length;
        child.stdin.write(steps[step++][1]);
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ output, code });
    });
  });
}
