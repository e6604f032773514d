// Image references normalized as containerd reads them, and the prerequisite checks of real
// containerd: the static-binary test that tells busybox-static from busybox, and the message that
// names the Debian packages to install.
import { containerd, normalizeImageReference } from '../../src/cri/index.js';
import { staticallyLinked } from '../../src/cri/containerd/prerequisites.js';

test.each([
  ['busybox', 'docker.io/library/busybox:latest'],
  ['busybox:1.36', 'docker.io/library/busybox:1.36'],
  ['library/nginx', 'docker.io/library/nginx:latest'],
  ['bitnami/redis:7', 'docker.io/bitnami/redis:7'],
  ['docker.io/nginx', 'docker.io/library/nginx:latest'],
  ['registry.k8s.io/pause:3.10', 'registry.k8s.io/pause:3.10'],
  ['localhost/app', 'localhost/app:latest'],
  ['localhost:5000/team/app:v1', 'localhost:5000/team/app:v1'],
  ['nginx@sha256:0123', 'docker.io/library/nginx@sha256:0123'],
])('%s is %s', (reference, normalized) => {
  expect(normalizeImageReference(reference)).toBe(normalized);
});

test('prerequisites: busybox-static is statically linked, the shell is not; all are present here', () => {
  expect(staticallyLinked('/bin/busybox')).toBe(true);
  expect(staticallyLinked('/bin/bash')).toBe(false);
  expect(staticallyLinked('/etc/hostname')).toBe(false);
  expect(containerd.missingPrerequisites()).toEqual([]);
  expect(containerd.prerequisites.map((p) => p.debianPackage)).toEqual(['containerd', 'runc', 'busybox-static', 'containernetworking-plugins']);
});

test('missing prerequisites are named with the apt-get line that installs them', () => {
  const absent = (what: string, debianPackage: string) => ({ what, debianPackage, present: () => false });
  expect(() => containerd.assertPrerequisites([...containerd.prerequisites, absent('runsc', 'gvisor'), absent('crun', 'crun')]))
    .toThrow('real containerd needs runsc, crun: install the Debian packages with `apt-get install -y gvisor crun`');
  expect(() => containerd.assertPrerequisites()).not.toThrow();
});
