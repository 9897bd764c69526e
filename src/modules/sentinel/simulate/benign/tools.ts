import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { tool, type Workload } from './context.js';

/** `zip -r` of a share folder into an archive on the share. */
export const zipTree: Workload = async ({ tree, out }) => {
  const archive = join(out, `${basename(tree)}.zip`);
  await tool('zip', ['-qr', archive, basename(tree)], { cwd: dirname(tree) });
  return { outputs: [archive] };
};

/** `tar czf` of a share folder. */
export const tarTree: Workload = async ({ tree, out }) => {
  const archive = join(out, `${basename(tree)}.tar.gz`);
  await tool('tar', ['czf', archive, '-C', dirname(tree), basename(tree)]);
  return { outputs: [archive] };
};

/** `gpg --symmetric` of an archive-sized file, unattended (loopback pinentry, throwaway keyring). */
export const gpgSymmetric: Workload = async ({ tree, out, outside }) => {
  const home = join(outside, 'gnupg');
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const source = join(out, 'export-for-partner.tar');
  await tool('tar', ['cf', source, '-C', dirname(tree), basename(tree)]);
  const encrypted = `${source}.gpg`;
  await tool(
    'gpg',
    [
      '--batch',
      '--yes',
      '--quiet',
      '--pinentry-mode',
      'loopback',
      '--passphrase',
      'benign workload',
      '--symmetric',
      '--cipher-algo',
      'AES256',
      '-o',
      encrypted,
      source,
    ],
    { env: { ...process.env, GNUPGHOME: home } },
  );
  return { outputs: [encrypted] };
};

/** `npm install` of a small package from a local tarball, offline (no registry is asked). */
export const npmInstall: Workload = async ({ out, outside }) => {
  const source = join(outside, 'ward-utils');
  mkdirSync(source, { recursive: true });
  writeFileSync(
    join(source, 'package.json'),
    JSON.stringify({ name: 'ward-utils', version: '1.0.0', main: 'index.js' }),
  );
  writeFileSync(
    join(source, 'index.js'),
    'module.exports = (beds) => beds.filter((bed) => bed.free).length;\n',
  );
  await tool('npm', ['pack', '--silent', '--pack-destination', outside], { cwd: source });
  const app = join(out, 'bed-board');
  mkdirSync(app, { recursive: true });
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'bed-board', version: '1.0.0', private: true }),
  );
  await tool(
    'npm',
    [
      'install',
      '--offline',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      join(outside, 'ward-utils-1.0.0.tgz'),
    ],
    {
      cwd: app,
    },
  );
  return { outputs: [join(app, 'node_modules', 'ward-utils', 'index.js'), join(app, 'package-lock.json')] };
};

/** `git clone` of a local repository onto the share. */
export const gitClone: Workload = async ({ out, outside }) => {
  const origin = join(outside, 'origin');
  mkdirSync(origin, { recursive: true });
  const git = (args: string[], cwd: string): Promise<void> =>
    tool(
      'git',
      [
        '-c',
        'user.name=Lifeline',
        '-c',
        'user.email=benign@example.invalid',
        '-c',
        'init.defaultBranch=main',
        ...args,
      ],
      { cwd },
    );
  await git(['init', '-q'], origin);
  for (let i = 0; i < 20; i++)
    writeFileSync(
      join(origin, `protocol-${i}.md`),
      `# Protocol ${i}\n\nStep ${i}: check the wristband.\n`.repeat(20),
    );
  await git(['add', '.'], origin);
  await git(['commit', '-qm', 'protocols'], origin);
  const clone = join(out, 'protocols');
  await git(['clone', '-q', origin, clone], out);
  return { outputs: [join(clone, 'protocol-0.md'), join(clone, '.git', 'HEAD')] };
};
