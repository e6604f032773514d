#!/usr/bin/env node
// cli: the `kubets` command. Each subcommand wires components together; the components
// themselves live in their own folders.
import { Command, Option } from 'commander';
import { setVerbosity } from '../log/index.js';
import { apiserver } from './apiserver.js';
import { CONTROLLER_MANAGER_METRICS_ADDRESS, controllerManager } from './controllerManager.js';
import { imageImport } from './image.js';
import { kubelet } from './kubelet.js';
import { SCHEDULER_METRICS_ADDRESS, scheduler } from './scheduler.js';
import { up } from './up.js';

const program = new Command('kubets').description('A Kubernetes control plane in TypeScript');

function serverOptions(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'where state is kept', '.kubets')
    .option('--port <port>', 'the API server port', (v) => Number(v), 6443)
    .addOption(new Option('--storage <backend>', 'the storage backend').choices(['sqlite', 'etcd']).default('sqlite'))
    .option('--etcd-endpoints <urls>', 'etcd client URLs, comma separated', (v) => v.split(','))
    .option('--service-cluster-ip-range <cidr>', 'the IPv4 range Service cluster IPs come from', '10.96.0.0/12')
    .option('--service-node-port-range <range>', 'the range node ports come from', '30000-32767')
    .option('--v <level>', 'log verbosity (2: one line per request)', (v) => Number(v), 0)
    .hook('preAction', (cmd) => setVerbosity(cmd.opts().v as number));
}

function controllerOptions(command: Command): Command {
  return command
    .option('--node-monitor-grace-period <duration>', 'how long a node may go without a heartbeat before it is Unknown', '40s')
    .option('--horizontal-pod-autoscaler-sync-period <duration>', 'how often HorizontalPodAutoscalers are synced', '15s')
    .option('--local-volume-dir <dir>', 'where the kubets.io/local-path provisioner makes volumes (default: <data-dir>/local-volumes)');
}

controllerOptions(serverOptions(program.command('up').description('run a one-machine cluster in this process')))
  .option('--controller-manager-metrics-bind-address <address>', 'where the controller manager serves /metrics and health checks (host:port; 0: nowhere)', CONTROLLER_MANAGER_METRICS_ADDRESS)
  .option('--scheduler-metrics-bind-address <address>', 'where the scheduler serves /metrics and health checks (host:port; 0: nowhere)', SCHEDULER_METRICS_ADDRESS)
  .addOption(new Option('--runtime <runtime>', 'the container runtime of the node agents').choices(['containerd', 'simulated']))
  .option('--nodes <count>', 'how many node agents to run', (v) => Number(v), 1)
  .action(up);
serverOptions(program.command('apiserver').description('run the API server alone')).action(apiserver);
controllerOptions(program
  .command('controller-manager'))
  .description('run the built-in controllers against an API server')
  .requiredOption('--kubeconfig <path>', 'how to reach the API server')
  .option('--metrics-bind-address <address>', 'where /metrics and health checks are served (host:port; 0: nowhere)', CONTROLLER_MANAGER_METRICS_ADDRESS)
  .option('--v <level>', 'log verbosity', (v) => Number(v), 0)
  .hook('preAction', (cmd) => setVerbosity(cmd.opts().v as number))
  .action(controllerManager);
program
  .command('scheduler')
  .description('run the scheduler against an API server')
  .requiredOption('--kubeconfig <path>', 'how to reach the API server')
  .option('--metrics-bind-address <address>', 'where /metrics and health checks are served (host:port; 0: nowhere)', SCHEDULER_METRICS_ADDRESS)
  .option('--v <level>', 'log verbosity', (v) => Number(v), 0)
  .hook('preAction', (cmd) => setVerbosity(cmd.opts().v as number))
  .action(scheduler);
program
  .command('kubelet')
  .description('run node agents against an API server')
  .requiredOption('--kubeconfig <path>', 'how to reach the API server')
  .option('--data-dir <dir>', 'where the nodes keep their files', '.kubets')
  .addOption(new Option('--runtime <runtime>', 'the container runtime').choices(['containerd', 'simulated']).default('simulated'))
  .option('--nodes <count>', 'how many node agents to run', (v) => Number(v), 1)
  .option('--node-offset <count>', 'number the nodes after this many (kubets-node-<offset+1>..), to run beside other node agents', (v) => Number(v), 0)
  .option('--v <level>', 'log verbosity', (v) => Number(v), 0)
  .hook('preAction', (cmd) => setVerbosity(cmd.opts().v as number))
  .action(kubelet);
program
  .command('image')
  .description('manage the images of the node agents\' containerd')
  .command('import <file>')
  .description('import an OCI or docker image archive into the containerd of `kubets up --runtime containerd`')
  .option('--data-dir <dir>', 'the data dir of that `kubets up`', '.kubets')
  .action(async (file: string, options: { dataDir: string }) => {
    try {
      await imageImport(file, options);
    } catch (error) {
      console.error((error as Error).message);
      process.exit(1);
    }
  });

await program.parseAsync();
