// cli: the `kubets` command (kubets.ts) and its subcommands, one file each. Subcommands only
// wire components together; the components live in their own folders.
export { up, type UpOptions } from './up.js';
export { apiserver } from './apiserver.js';
export { controllerManager, startControllerManager } from './controllerManager.js';
export { imageImport } from './image.js';
export { startNodeAgents, type NodeAgents } from './nodeAgents.js';
export { kubelet } from './kubelet.js';
