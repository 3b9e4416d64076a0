/**
 * `npm start`: set up what is missing, build when the sources changed, then run the server.
 *
 * One Node process stays in front of the server and forwards SIGINT/SIGTERM to it, because
 * npm runs scripts through `sh -c`, and sh dies on SIGTERM without passing it on: the server
 * (and its managed influxd) would be left running. Dependency-free: it runs before `npm ci`.
 */
import { spawn, spawnSync } from 'node:child_process';

const setup = spawnSync(process.execPath, ['scripts/setup.mjs'], { stdio: 'inherit' });
if (setup.status !== 0) process.exit(setup.status ?? 1);

const { buildIfStale } = await import('./build-if-stale.mjs');
buildIfStale();

const { serverArgs } = await import('./server-command.mjs');
const server = spawn(process.execPath, [...serverArgs(), ...process.argv.slice(2)], {
	stdio: 'inherit'
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(signal, () => server.kill(signal));
}
// Orphaned (our parent was killed outright): stop the server rather than leave it running.
const parentPid = process.ppid;
setInterval(() => {
	if (process.ppid !== parentPid) server.kill('SIGTERM');
}, 500).unref();
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
