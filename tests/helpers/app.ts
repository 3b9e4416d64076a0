import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateToken } from '../../src/lib/server/auth/index.ts';
import { serverArgs } from '../../scripts/server-command.mjs';
import { inject } from 'vitest';
import { influxUrl, uniqueDatabase } from './influx.ts';

export interface RunningApp {
	url: string;
	port: number;
	adminToken: string;
	database: string;
	dataDir: string;
	configPath: string;
	influxUrl: string;
	proc: ChildProcess;
	/** Output so far, for failure messages. */
	output(): string;
	/** SIGTERM and wait (graceful: flushes the writer). Pass 'SIGKILL' for a crash. */
	stop(signal?: NodeJS.Signals): Promise<number | null>;
	close(): Promise<void>;
}

export interface StartAppOptions {
	/** Config YAML text; default: a small two-org config. */
	config?: string;
	/** An existing config file instead (e.g. the bundled sample, whose scenario path is relative to it). */
	configFile?: string;
	/** Run the config's simulator scenario (as `npm start` does for the sample). */
	simulate?: boolean;
	/** Extra environment (e.g. INFLUX_URL of a dedicated influxd). */
	env?: Record<string, string>;
	/** Reuse a data dir (spool survives restarts). */
	dataDir?: string;
	database?: string;
	adminToken?: string;
	port?: number;
}

export const SMALL_CONFIG = `
title: Test system
orgs:
  - { id: agency, name: Public agency, kind: public }
  - { id: cloud-a, name: Cloud A }
  - { id: cloud-b, name: Cloud B }
pipeline:
  stages:
    - { id: landing, name: Landing }
    - { id: identity, name: Identity verification }
components:
  - { id: cdn, name: CDN, org: agency, stage: landing, capacity: { rps: 100000 } }
  - { id: idp-a, name: Identity A, org: cloud-a, stage: identity, capacity: { rps: 5000 } }
  - { id: idp-b, name: Identity B, org: cloud-b, stage: identity, capacity: { rps: 5000 } }
writer:
  flush_interval: 50ms
`;

/**
 * Starts the real production entry (scripts/serve.ts, the built SvelteKit handler) as a child
 * process against the run's InfluxDB, on a free port, and waits until it listens.
 */
export async function startApp(options: StartAppOptions = {}): Promise<RunningApp> {
	const buildError = inject('buildError');
	if (buildError) throw new Error(`the app did not build, so it cannot start: ${buildError} (run \`npx vite build\` to see why)`);
	const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'bom-app-'));
	const configPath = options.configFile ?? join(dataDir, 'monitor.yaml');
	if (!options.configFile) writeFileSync(configPath, options.config ?? SMALL_CONFIG);
	const adminToken = options.adminToken ?? generateToken('test');
	const database = options.database ?? uniqueDatabase('app');
	const env = {
		...process.env,
		PORT: String(options.port ?? 0),
		HOST: '127.0.0.1',
		MONITOR_CONFIG: configPath,
		DATA_DIR: dataDir,
		INFLUX_URL: influxUrl(),
		INFLUX_DATABASE: database,
		MONITOR_ADMIN_TOKEN: adminToken,
		LOG_LEVEL: process.env.APP_LOG_LEVEL ?? 'warn',
		SHUTDOWN_TIMEOUT: '5',
		SIMULATE: options.simulate ? '1' : '0',
		...options.env
	};
	const proc = spawn(process.execPath, serverArgs(), { env, stdio: ['ignore', 'pipe', 'pipe'] });
	let out = '';
	proc.stdout!.on('data', (d) => (out += d));
	proc.stderr!.on('data', (d) => (out += d));
	const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
	const port = await new Promise<number>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`app did not start within 30 s:\n${out}`)), 30_000);
		const check = () => {
			const m = /listening on http:\/\/localhost:(\d+)/.exec(out);
			if (m) {
				clearTimeout(timer);
				resolve(Number(m[1]));
			}
		};
		proc.stdout!.on('data', check);
		proc.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`app exited with ${code} while starting:\n${out}`));
		});
	});
	let stopped = false;
	const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
		if (stopped) return proc.exitCode;
		stopped = true;
		proc.kill(signal);
		return exited;
	};
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		adminToken,
		database,
		dataDir,
		configPath,
		influxUrl: env.INFLUX_URL,
		proc,
		output: () => out,
		stop,
		async close() {
			await stop();
			if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
		}
	};
}
