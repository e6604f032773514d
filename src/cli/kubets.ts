#!/usr/bin/env node
// cli: the `kubets` command. Each subcommand wires components together; the components
// themselves live in their own folders.
import { Command, Option } from 'commander';
import { up } from './up.js';

const program = new Command('kubets').description('A Kubernetes control plane in TypeScript');

program
  .command('up')
  .description('run a one-machine cluster in this process')
  .option('--data-dir <dir>', 'where state is kept', '.kubets')
  .option('--port <port>', 'the API server port', (v) => Number(v), 6443)
  .addOption(new Option('--storage <backend>', 'the storage backend').choices(['sqlite', 'etcd']).default('sqlite'))
  .option('--etcd-endpoints <urls>', 'etcd client URLs, comma separated', (v) => v.split(','))
  .action(up);

await program.parseAsync();
