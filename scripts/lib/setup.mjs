// Shared steps of `npm start` and `npm test`: check Node, install dependencies when missing.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function say(zh, en) {
  console.log(`\x1b[36m▸\x1b[0m ${zh}${en ? ` / ${en}` : ''}`);
}

export function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  const ok = (major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major > 22;
  if (!ok) {
    console.error(
      `需要 Node.js 20.19+ 或 22.12+，当前为 ${process.versions.node} / Node.js 20.19+ or 22.12+ required, found ${process.versions.node}`,
    );
    process.exit(1);
  }
}

/**
 * Installs dependencies with `npm ci` when node_modules is missing or was installed from another lockfile
 * (the lockfile's hash is remembered in node_modules after each install).
 */
export function ensureDependencies() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const hashFile = path.join(root, 'node_modules', '.portal-lockfile-sha256');
  const lockHash = createHash('sha256')
    .update(fs.readFileSync(path.join(root, 'package-lock.json')))
    .digest('hex');
  if (fs.existsSync(marker)) {
    if (!fs.existsSync(hashFile)) fs.writeFileSync(hashFile, lockHash); // installed before this check existed
    if (fs.readFileSync(hashFile, 'utf8') === lockHash) return;
  }
  say(
    '安装依赖（npm ci，首次约需 2–4 分钟）',
    'installing dependencies (npm ci, 2–4 minutes the first time)',
  );
  run('npm', ['ci', '--no-audit', '--no-fund']);
  fs.writeFileSync(hashFile, lockHash);
}

export function run(cmd, args, opts = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (result.status !== 0) {
    console.error(`命令失败 / command failed: ${cmd} ${args.join(' ')}`);
    process.exit(result.status ?? 1);
  }
}

export const nxEnv = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
