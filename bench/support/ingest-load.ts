import { Agent, request } from 'node:http';

const COMPONENTS = ['cdn', 'idp-naver', 'idp-kakao', 'idp-pass', 'idp-toss', 'waiting-room', 'reservation-api', 'reservation-db'];

/**
 * Batches shaped like the booking system's metrics: 8 components x 125 instances = 1,000 series
 * of `traffic` with six fields. Timestamps are "now" (`startMs`), a microsecond apart, so every
 * point is unique and lands in the live hub's window: the monitor does all of its real work
 * (hub, latest values, store), not a shortcut for stale points.
 */
export function makeBatches(count: number, lines: number, startMs: number): string[] {
	const batches: string[] = [];
	let n = 0;
	const base = BigInt(startMs) * 1_000_000n;
	for (let b = 0; b < count; b++) {
		const out: string[] = new Array(lines);
		for (let i = 0; i < lines; i++, n++) {
			const series = n % 1000;
			const component = COMPONENTS[series % COMPONENTS.length];
			out[i] =
				`traffic,component=${component},instance=i-${series},org=org-${series % 5},region=kr-central ` +
				`rps=${(5000 + (n % 997)).toFixed(1)},active_users=${100000 + (n % 5000)}i,p50_ms=${(30 + (n % 17)).toFixed(1)},` +
				`p95_ms=${(150 + (n % 91)).toFixed(1)},p99_ms=${(400 + (n % 233)).toFixed(1)},requests=${5000 + (n % 997)}i ` +
				`${base + BigInt(n) * 1000n}`;
		}
		batches.push(out.join('\n'));
	}
	return batches;
}

/** Posts every batch with `concurrency` requests in flight; throws on any non-2xx answer. */
export async function postAll(url: string, batches: string[], concurrency: number, headers: Record<string, string>) {
	const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
	const bodies = batches.map((b) => Buffer.from(b));
	const lines = batches.reduce((s, b) => s + countLines(b), 0);
	let next = 0;
	const started = process.hrtime.bigint();
	const worker = async () => {
		while (next < bodies.length) {
			const body = bodies[next++];
			const status = await post(url, body, headers, agent);
			if (status >= 300) throw new Error(`${url} answered ${status}`);
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	agent.destroy();
	return { seconds, points: lines, pointsPerSecond: lines / seconds };
}

function post(url: string, body: Buffer, headers: Record<string, string>, agent: Agent): Promise<number> {
	return new Promise((resolve, reject) => {
		const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': body.length } }, (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode ?? 0));
		});
		req.on('error', reject);
		req.end(body);
	});
}

function countLines(text: string): number {
	let n = 1;
	for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
	return n;
}

export async function createDatabase(influxUrl: string, db: string): Promise<void> {
	await fetch(`${influxUrl}/query?q=${encodeURIComponent(`CREATE DATABASE "${db}"`)}`, { method: 'POST' });
}

export async function countPoints(influxUrl: string, db: string): Promise<number> {
	const res = await fetch(`${influxUrl}/query?db=${db}&q=${encodeURIComponent('SELECT count(rps) FROM traffic')}`);
	const body = (await res.json()) as { results: { series?: { values: [string, number][] }[] }[] };
	return body.results[0].series?.[0].values[0][1] ?? 0;
}
