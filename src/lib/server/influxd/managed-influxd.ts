import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join, resolve } from 'node:path';
import { renderInfluxdConfig } from './influxd-config.ts';

/**
 * A local `influxd` (Debian's `influxdb` package, 1.6.x) run as a child of this process, with
 * its config, data and log under one directory and its HTTP API bound to 127.0.0.1.
 */
export interface ManagedInfluxd {
	readonly url: string;
	readonly port: number;
	readonly pid: number;
	readonly dir: string;
	/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
	stop(graceMs?: number): Promise<void>;
}

export interface StartInfluxdOptions {
	/** Holds influxdb.conf, meta/, data/, wal/, influxd.log and influxd.pid. */
	dir: string;
	/** HTTP port; a free one when absent. Pass the old port to restart at the same URL. */
	port?: number;
	startTimeoutMs?: number;
}

export class InfluxdMissingError extends Error {
	constructor() {
		super(
			'influxd was not found on PATH. Install InfluxDB 1.x (Debian: `sudo apt-get install influxdb`, ' +
				'then run `npm start` again), or point the monitor at a running server with ' +
				'INFLUX_URL=http://host:8086 (plus INFLUX_USERNAME/INFLUX_PASSWORD or INFLUX_TOKEN, and INFLUX_DATABASE).'
		);
		this.name = 'InfluxdMissingError';
	}
}

export function findInfluxd(): string | null {
	for (const dir of (process.env.PATH ?? '').split(delimiter)) {
		const candidate = join(dir, 'influxd');
		if (dir && existsSync(candidate)) return candidate;
	}
	return null;
}

export async function startInfluxd(options: StartInfluxdOptions): Promise<ManagedInfluxd> {
	const binary = findInfluxd();
	if (!binary) throw new InfluxdMissingError();
	const dir = resolve(options.dir);
	mkdirSync(dir, { recursive: true });
	const confPath = join(dir, 'influxdb.conf');
	stopLeftover(dir, confPath);

	const port = options.port ?? (await freePort());
	const rpcPort = await freePort();
	writeFileSync(confPath, renderInfluxdConfig({ dir, port, rpcPort }));

	const logFd = openSync(join(dir, 'influxd.log'), 'a');
	const child = spawn(binary, ['-config', confPath], { stdio: ['ignore', logFd, logFd] });
	closeSync(logFd);
	const exited = new Promise<void>((r) => child.once('exit', () => r()));
	writeFileSync(join(dir, 'influxd.pid'), String(child.pid));

	const url = `http://127.0.0.1:${port}`;
	try {
		await waitForPing(url, child, options.startTimeoutMs ?? 30_000);
	} catch (err) {
		child.kill('SIGKILL');
		await exited;
		throw new Error(`${(err as Error).message}\n--- last lines of ${join(dir, 'influxd.log')} ---\n${logTail(dir)}`);
	}
	return {
		url,
		port,
		pid: child.pid!,
		dir,
		async stop(graceMs = 10_000) {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
			await exited;
			clearTimeout(timer);
			rmSync(join(dir, 'influxd.pid'), { force: true });
		}
	};
}

/**
 * A previous run killed with SIGKILL cannot stop its influxd; that one still holds the data
 * directory's lock. Stop it, but only if the pid file names a process running our config.
 */
function stopLeftover(dir: string, confPath: string): void {
	const pidFile = join(dir, 'influxd.pid');
	if (!existsSync(pidFile)) return;
	const pid = Number(readFileSync(pidFile, 'utf8').trim());
	let cmdline = '';
	try {
		cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
	} catch {
		// not running any more
	}
	if (pid > 0 && cmdline.includes('influxd') && cmdline.includes(confPath)) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// already gone
		}
		const until = Date.now() + 5_000;
		while (existsSync(`/proc/${pid}`) && Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
	}
	rmSync(pidFile, { force: true });
}

async function waitForPing(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		if (child.exitCode !== null) throw new Error(`influxd exited with code ${child.exitCode} while starting`);
		try {
			const res = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1_000) });
			if (res.status === 204) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`influxd did not answer ${url}/ping within ${timeoutMs} ms`);
}

export function freePort(): Promise<number> {
	return new Promise((resolvePort, reject) => {
		const srv = createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as { port: number };
			srv.close(() => resolvePort(port));
		});
	});
}

function logTail(dir: string): string {
	try {
		return readFileSync(join(dir, 'influxd.log'), 'utf8').split('\n').slice(-15).join('\n');
	} catch {
		return '(no log)';
	}
}
