import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startInfluxd, type ManagedInfluxd } from '../../../src/lib/server/influxd/index.ts';
import { startApp, type RunningApp } from '../../helpers/app.ts';
import { influxRows } from '../../helpers/influx.ts';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
	while (cleanups.length) await cleanups.pop()!();
});

function tempDir(): string {
	const dir = mkdtempSync(join(tmpdir(), 'bom-life-'));
	cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
	return dir;
}

/** Pids of running influxd processes whose command line names this config file. */
function influxdPids(configPath: string): number[] {
	return readdirSync('/proc')
		.filter((d) => /^\d+$/.test(d))
		.filter((pid) => {
			try {
				const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
				return cmd.includes('influxd') && cmd.includes(configPath);
			} catch {
				return false;
			}
		})
		.map(Number);
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		const v = await fn();
		if (v) return v;
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`timed out waiting for ${what}`);
}

describe('the app with its own managed InfluxDB', () => {
	it('starts influxd under its data dir, is healthy, and SIGTERM leaves no influxd behind', async () => {
		const dataDir = tempDir();
		const app = await startApp({ dataDir, env: { INFLUX_URL: '' } });
		cleanups.push(() => app.close());
		const conf = join(dataDir, 'influxdb', 'influxdb.conf');
		expect(existsSync(conf)).toBe(true);
		expect(readFileSync(conf, 'utf8')).toMatch(/bind-address = "127\.0\.0\.1:\d+"/);
		expect(influxdPids(conf)).toHaveLength(1);

		const health = await (await fetch(`${app.url}/api/v1/health`)).json();
		expect(health).toMatchObject({ status: 'ok', influx: { ok: true }, spool: { batches: 0, bytes: 0 } });
		expect(health.influx.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(health.influx.version).toMatch(/^1\.6/);
		expect(typeof health.uptime_s).toBe('number');

		expect(await app.stop('SIGTERM')).toBe(0);
		expect(influxdPids(conf)).toEqual([]);
	});
});

describe('GET /metrics', () => {
	it('serves Prometheus text with ingest and store counters', async () => {
		const app = await startApp();
		cleanups.push(() => app.close());
		await fetch(`${app.url}/api/v1/write`, { method: 'POST', headers: { authorization: `Token ${app.adminToken}` }, body: 'm,component=cdn v=1\nm bad' });
		const text = await (await fetch(`${app.url}/metrics`)).text();
		expect(text).toMatch(/^monitor_ingest_points_accepted_total 1$/m);
		expect(text).toMatch(/^monitor_ingest_points_rejected_total\{reason="parse"\} 1$/m);
		expect(text).toMatch(/^monitor_store_spool_batches 0$/m);
		expect(text).toMatch(/^monitor_store_batch_duration_seconds_count \d+$/m);
	});
});

/**
 * A sender that numbers its points and remembers which were acknowledged with 204: those, and
 * only those, must end up stored exactly once.
 */
function makeSender(app: () => RunningApp) {
	const base = Date.now() - 3_600_000; // inside the retention policy
	const acked: number[] = [];
	let next = 0;
	let failures = 0;
	return {
		acked,
		get failures() {
			return failures;
		},
		async sendBatch(size = 50): Promise<void> {
			const ids = Array.from({ length: size }, () => next++);
			const body = ids.map((i) => `outage,component=cdn,seq=s${i % 7} n=${i}i ${base + i}`).join('\n');
			try {
				const res = await fetch(`${app().url}/api/v1/write?precision=ms`, {
					method: 'POST',
					headers: { authorization: `Token ${app().adminToken}` },
					body,
					signal: AbortSignal.timeout(20_000)
				});
				if (res.status === 204) acked.push(...ids);
				else failures++;
			} catch {
				failures++;
			}
		}
	};
}

async function storedIds(database: string, url: string): Promise<number[]> {
	const rows = await influxRows(database, 'SELECT n FROM outage', url);
	return rows.map((r) => r.n as number).sort((a, b) => a - b);
}

describe('nothing acknowledged is lost', () => {
	let influxd: ManagedInfluxd;

	async function dedicatedInfluxd(port?: number) {
		influxd = await startInfluxd({ dir: join(influxDir, 'influxdb'), port });
		return influxd;
	}
	let influxDir = '';

	it('across an InfluxDB outage while points keep arriving', async () => {
		influxDir = tempDir();
		await dedicatedInfluxd();
		cleanups.push(() => influxd.stop());
		const app = await startApp({ env: { INFLUX_URL: influxd.url } });
		cleanups.push(() => app.close());
		const sender = makeSender(() => app);

		// A sender keeps writing the whole time; InfluxDB goes away under it and comes back.
		let sending = true;
		const loop = (async () => {
			while (sending) await sender.sendBatch();
		})();
		await waitFor('some points stored', async () => sender.acked.length >= 500);
		const port = influxd.port;
		await influxd.stop();
		const ackedAtOutage = sender.acked.length;
		await waitFor('points acknowledged from the spool', async () => sender.acked.length >= ackedAtOutage + 500);
		const health = await (await fetch(`${app.url}/api/v1/health`)).json();
		expect(health.influx.ok).toBe(false);
		expect(health.spool.batches).toBeGreaterThan(0);
		await dedicatedInfluxd(port);
		const ackedAtReturn = sender.acked.length;
		await waitFor('points stored after the return', async () => sender.acked.length >= ackedAtReturn + 500);
		sending = false;
		await loop;

		await waitFor('the spool to drain', async () => (await (await fetch(`${app.url}/api/v1/health`)).json()).spool.batches === 0);
		expect(sender.failures).toBe(0);
		expect(await storedIds(app.database, influxd.url)).toEqual(sender.acked.sort((a, b) => a - b));
	});

	it.each([
		['SIGTERM', 0],
		['SIGKILL', null]
	] as const)('across an app restart (%s) with a non-empty spool', async (signal, exitCode) => {
		influxDir = tempDir();
		await dedicatedInfluxd();
		cleanups.push(() => influxd.stop());
		const dataDir = tempDir();
		let app = await startApp({ dataDir, env: { INFLUX_URL: influxd.url } });
		const database = app.database;
		const sender = makeSender(() => app);

		for (let i = 0; i < 5; i++) await sender.sendBatch();
		const port = influxd.port;
		await influxd.stop();
		for (let i = 0; i < 10; i++) await sender.sendBatch();
		const spooled = readdirSync(join(dataDir, 'spool')).length;
		expect(spooled).toBeGreaterThan(0);
		expect(await app.stop(signal)).toBe(exitCode);

		await dedicatedInfluxd(port);
		app = await startApp({ dataDir, database, adminToken: app.adminToken, env: { INFLUX_URL: influxd.url } });
		cleanups.push(() => app.close());
		await waitFor('the spool to drain', async () => (await (await fetch(`${app.url}/api/v1/health`)).json()).spool.batches === 0);
		expect(sender.acked.length).toBe(15 * 50);
		expect(await storedIds(database, influxd.url)).toEqual(sender.acked.sort((a, b) => a - b));
	});
});
