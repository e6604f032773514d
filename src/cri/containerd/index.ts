// containerd: real containerd for a kubets node — the machine's prerequisites with the Debian
// package of each, containerd's config and CNI network under a data dir, the child process and
// its supervision, the pause and busybox images built from busybox-static, image archive
// import, and removal of pod cgroups. Imports only src/cri and src/log.
export { ContainerdProcess, type ContainerdOptions } from './containerdProcess.js';
export { containerdLayout, pauseImage, writeContainerdConfig, type ContainerdLayout, type ContainerdNetwork } from './config.js';
export { busyboxImage, ensureBusyboxImages, importImageArchive } from './busyboxImages.js';
export { assertPrerequisites, missingPrerequisites, prerequisites, type Prerequisite } from './prerequisites.js';
export { podCgroupPaths, removePodCgroups } from './podCgroups.js';
export { ociImageArchive, type OciImageSpec } from './ociImage.js';
