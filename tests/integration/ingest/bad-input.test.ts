import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateToken, hashToken } from '../../../src/lib/server/auth/index.ts';
import { SMALL_CONFIG, startApp, type RunningApp } from '../../helpers/app.ts';
import { influxQuery, influxRows } from '../../helpers/influx.ts';

/**
 * Bad input over HTTP against the real production entry: each gets the status InfluxDB's API
 * gives (or the contract's, where the monitor is stricter) with an error that names the fix,
 * and the server keeps serving everyone else, a flooding sender's neighbours included.
 */
const LIMIT = 1_000_000; // room for the 100,000-level JSON bodies (up to 500 KB) below
const tokens = { flood: generateToken('f'), steady: generateToken('s') };
const FLOOD_RATE = 50; // points per second
const config = `${SMALL_CONFIG}
ingest:
  max_body_bytes: ${LIMIT}
auth:
  tokens:
    - { name: flooder, role: ingest, components: [cdn], rate_limit: ${FLOOD_RATE}, hash: "${hashToken(tokens.flood)}" }
    - { name: steady, role: ingest, components: [idp-a], hash: "${hashToken(tokens.steady)}" }
`;
const S = Math.floor(Date.now() / 1000) - 3_600;

let app: RunningApp;
beforeAll(async () => {
	app = await startApp({ config });
});
afterAll(() => app?.close());

function post(path: string, body: string | Buffer, headers: Record<string, string> = {}, token = app.adminToken) {
	return fetch(`${app.url}${path}`, { method: 'POST', headers: { authorization: `Token ${token}`, ...headers }, body: body as BodyInit });
}
const rows = (q: string) => influxRows(app.database, q);

async function stillServing(): Promise<void> {
	expect((await fetch(`${app.url}/ping`)).status).toBe(204);
	expect((await post('/api/v1/write', `alive,component=cdn v=1`)).status).toBe(204);
	expect((await fetch(`${app.url}/api/v1/health`)).status).toBeLessThan(500);
}

async function waitForRows(q: string, n: number): Promise<Record<string, unknown>[]> {
	for (let i = 0; i < 100; i++) {
		const got = await rows(q);
		if (got.length >= n) return got;
		await new Promise((r) => setTimeout(r, 100));
	}
	return rows(q);
}

describe('oversized bodies', () => {
	it('answers 413 naming the limit to a declared oversized body, and keeps serving', async () => {
		const res = await post('/api/v1/write', 'x'.repeat(LIMIT + 1));
		expect(res.status).toBe(413);
		expect((await res.json()).error).toBe(`request body too large: the limit is ${LIMIT} bytes`);
		await stillServing();
	});

	it('answers 413 to an oversized body sent chunked, without a Content-Length', async () => {
		const status = await new Promise<number>((resolve, reject) => {
			const req = request(`${app.url}/api/v1/write`, { method: 'POST', headers: { authorization: `Token ${app.adminToken}`, 'transfer-encoding': 'chunked' } }, (res) => {
				res.resume();
				resolve(res.statusCode ?? 0);
			});
			req.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'EPIPE' || (err as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(err)));
			const chunk = `${'chunked,component=cdn v=1\n'.repeat(1000)}`;
			let sent = 0;
			const pump = () => {
				while (sent < LIMIT * 3) {
					sent += chunk.length;
					if (!req.write(chunk)) return void req.once('drain', pump);
				}
				req.end();
			};
			pump();
		});
		expect(status).toBe(413);
		await stillServing();
	});

	it('answers 413 to a gzip bomb (10 MB of lines in a few KB) without inflating it all', async () => {
		const bomb = gzipSync(Buffer.from('bomb,component=cdn v=1\n'.repeat(450_000)), { level: 9 });
		expect(bomb.length).toBeLessThan(LIMIT / 4);
		const t0 = performance.now();
		const res = await post('/api/v1/write', bomb, { 'content-encoding': 'gzip' });
		expect(res.status).toBe(413);
		expect((await res.json()).error).toMatch(/limit is 1000000 bytes/);
		console.log(`gzip bomb (${bomb.length} bytes -> 10 MB) refused in ${(performance.now() - t0).toFixed(0)} ms`);
		expect(await rows('SELECT * FROM bomb')).toEqual([]);
		await stillServing();
	});
});

describe('invalid gzip', () => {
	const good = gzipSync(Buffer.from(`gz,component=cdn v=1 ${S}\ngz,component=cdn v=2 ${S + 1}`));
	it.each([
		['not gzip at all', Buffer.from('this is not gzip')],
		['a truncated stream', good.subarray(0, good.length - 12)],
		['a corrupted stream', Buffer.concat([good.subarray(0, 12), Buffer.alloc(20, 0xff), good.subarray(32)])]
	])('answers 400 "invalid gzip" to %s, storing nothing, and keeps serving', async (_what, body) => {
		const res = await post('/api/v1/write?precision=s', body, { 'content-encoding': 'gzip' });
		expect(res.status).toBe(400);
		expect((await res.json()).error).toMatch(/^invalid gzip body: /);
		await stillServing();
	});

	it('answers 415 to an encoding it does not speak, naming what to send', async () => {
		const res = await post('/api/v1/write', 'x v=1', { 'content-encoding': 'br' });
		expect(res.status).toBe(415);
		expect((await res.json()).error).toMatch(/send gzip or plain/);
	});
});

describe('invalid UTF-8', () => {
	// influxd 1.6.7 stores such bytes as they are, which read back as U+FFFD (the series can never
	// be asked for again) and, in a measurement name, break the shard's field index for every
	// later new measurement (verified: "proto: field ... contains invalid UTF-8", 500). So the
	// monitor refuses the line, by number, and stores the others: a partial write.
	it('refuses the lines with invalid UTF-8 by number and byte, and stores the rest', async () => {
		const body = Buffer.concat([
			Buffer.from(`utf,component=cdn v=1 ${S}\n`),
			Buffer.from(`utf,component=cdn s="`),
			Buffer.from([0xff, 0xfe]),
			Buffer.from(`" ${S + 1}\nutf`),
			Buffer.from([0xc3, 0x28]),
			Buffer.from(`,component=cdn v=3 ${S + 2}\nutf,component=cdn v=4 ${S + 3}`)
		]);
		const res = await post('/api/v1/write?precision=s', body);
		expect(res.status).toBe(400);
		const json = await res.json();
		expect(json).toMatchObject({ line: 2, accepted: 2, rejected: 2 });
		expect(json.errors).toEqual([
			{ line: 2, error: 'invalid UTF-8 in line (byte 0xff at byte 22 of the line): send UTF-8 text' },
			{ line: 3, error: 'invalid UTF-8 in line (byte 0xc3 at byte 4 of the line): send UTF-8 text' }
		]);
		expect((await waitForRows('SELECT v FROM utf', 2)).map((r) => r.v)).toEqual([1, 4]);
	});

	it('refuses a JSON body with invalid UTF-8 with 400 naming the byte, rather than storing U+FFFD', async () => {
		const body = Buffer.concat([Buffer.from('{"points":[{"measurement":"utfjson","tags":{"component":"cdn"},"fields":{"s":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}}]}')]);
		const res = await post('/api/v1/metrics', body, { 'content-type': 'application/json' });
		expect(res.status).toBe(400);
		expect((await res.json()).error).toBe('invalid UTF-8 in the JSON body (byte 0xed at byte 79): send UTF-8 text');
	});
});

describe('deeply nested JSON on /api/v1/metrics', () => {
	const DEPTH = 100_000;
	it.each([
		['100,000 unclosed [', '['.repeat(DEPTH)],
		['100,000 nested arrays as the body', `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`],
		['100,000 nested objects as the body', `${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`],
		['100,000 nested arrays as a point', `{"points":[${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}]}`],
		['100,000 nested arrays as a field value', `{"points":[{"measurement":"deep","tags":{"component":"cdn"},"fields":{"v":${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}}]}`],
		['100,000 nested objects as a tag value', `{"points":[{"measurement":"deep","tags":{"component":${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}},"fields":{"v":1}}]}`]
	])('answers 400 to %s, with no stack overflow, and keeps serving', async (_what, body) => {
		const t0 = performance.now();
		const res = await post('/api/v1/metrics', body, { 'content-type': 'application/json' });
		expect(res.status).toBe(400);
		const json = await res.json();
		expect(json.error).toMatch(/invalid JSON body|expected a JSON object|a point must be an object|field "v": a field value must be a number, string or boolean|tag values must be strings/);
		expect(performance.now() - t0).toBeLessThan(5_000);
		await stillServing();
	});
});

describe('huge tag sets and keys (InfluxDB’s 64 KiB series key limit)', () => {
	const tagsOf = (n: number, width = 4) => Array.from({ length: n }, (_, i) => `,t${String(i).padStart(width, '0')}=v`).join('');

	it('stores a point with 2,000 tags (a 20 KB key), as InfluxDB does', async () => {
		const res = await post('/api/v1/write?precision=s', `wide,component=cdn${tagsOf(2_000)} v=1 ${S}`);
		expect(res.status, await res.text()).toBe(204);
		const keys = await influxQuery(app.database, 'SHOW TAG KEYS FROM wide');
		for (let i = 0; i < 100 && (keys.results[0].series?.[0].values.length ?? 0) < 2_001; i++) {
			await new Promise((r) => setTimeout(r, 100));
			Object.assign(keys, await influxQuery(app.database, 'SHOW TAG KEYS FROM wide'));
		}
		expect(keys.results[0].series![0].values).toHaveLength(2_001);
	});

	it.each([
		['10,000 tags', `wider,component=cdn${tagsOf(10_000, 5)} v=1`],
		['a 70,000-character tag value', `tall,component=cdn,t=${'x'.repeat(70_000)} v=1`],
		['a 70,000-character tag key', `tall,component=cdn,${'k'.repeat(70_000)}=v v=1`],
		['a 70,000-character measurement', `${'m'.repeat(70_000)},component=cdn v=1`],
		['a field key that takes the series key past the limit', `longfield,component=cdn ${'f'.repeat(65_520)}=1`]
	])('refuses %s with 400 "max key length exceeded", by line number, storing the other lines', async (_what, bad) => {
		const body = `ok,component=cdn v=1 ${S}\n${bad} ${S}\nok,component=cdn v=2 ${S + 1}`;
		const res = await post('/api/v1/write?precision=s', body);
		expect(res.status).toBe(400);
		const json = await res.json();
		expect(json).toMatchObject({ line: 2, accepted: 2, rejected: 1 });
		expect(json.errors[0].error).toMatch(/: max key length exceeded: \d+ > 65535$/);
		await stillServing();
	});
});

describe('a flood from one token', () => {
	it('answers the flooding token 429 with Retry-After while another token keeps being served with 204', async () => {
		const FLOOD_MS = 3_000;
		const until = Date.now() + FLOOD_MS;
		const flood = { 204: 0, 429: 0, other: 0, retryAfter: new Set<string>() };
		const steady: number[] = [];
		const steadyStatus: number[] = [];
		const floodLine = Array.from({ length: 100 }, (_, i) => `flood,component=cdn,i=${i} v=1`).join('\n');

		// Four senders on the flooding token, as fast as they can; one steady sender every 50 ms.
		const flooders = Array.from({ length: 4 }, async () => {
			for (let n = 0; n < 10_000 && Date.now() < until; n++) {
				const res = await post('/api/v1/write', floodLine, {}, tokens.flood);
				await res.arrayBuffer();
				if (res.status === 204) flood[204]++;
				else if (res.status === 429) {
					flood[429]++;
					flood.retryAfter.add(res.headers.get('retry-after') ?? '');
				} else flood.other++;
			}
		});
		const steadySender = (async () => {
			for (let n = 0; n < 200 && Date.now() < until; n++) {
				const t0 = performance.now();
				const res = await post('/api/v1/write', `steady,component=idp-a v=${n}`, {}, tokens.steady);
				await res.arrayBuffer();
				steady.push(performance.now() - t0);
				steadyStatus.push(res.status);
				await new Promise((r) => setTimeout(r, 50));
			}
		})();
		await Promise.all([...flooders, steadySender]);

		const sorted = [...steady].sort((a, b) => a - b);
		const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
		console.log(
			`flood: ${flood[204]} accepted, ${flood[429]} refused with 429 (Retry-After ${[...flood.retryAfter].join(', ')} s), ${flood.other} other; ` +
				`steady sender: ${steady.length} writes, p50 ${pct(50).toFixed(1)} ms, p95 ${pct(95).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`
		);
		expect(flood.other).toBe(0);
		expect(flood[429]).toBeGreaterThan(10);
		// The bucket holds a burst and then FLOOD_RATE points a second: at most a few 100-point bodies get in.
		expect(flood[204]).toBeLessThanOrEqual(Math.ceil(((FLOOD_MS / 1000) * FLOOD_RATE) / 100) + 2 + 4);
		for (const r of flood.retryAfter) expect(Number(r)).toBeGreaterThanOrEqual(1);
		expect(steadyStatus.every((s) => s === 204)).toBe(true);
		// One write every 50 ms plus its own latency: about 25 on a quiet machine, 15 on a loaded one.
		expect(steady.length).toBeGreaterThanOrEqual(8);
		expect(pct(95)).toBeLessThan(1_000);
		const stored = await waitForRows('SELECT v FROM steady', steady.length);
		expect(stored).toHaveLength(steady.length);
	}, 30_000);

	it('serves the flooding token again once its Retry-After has passed', async () => {
		const limited = await post('/api/v1/write', 'flood,component=cdn v=1', {}, tokens.flood);
		await limited.arrayBuffer();
		const wait = Number(limited.headers.get('retry-after') ?? 0);
		expect(wait).toBeLessThan(30);
		await new Promise((r) => setTimeout(r, wait * 1000 + 200));
		expect((await post('/api/v1/write', 'flood,component=cdn v=2', {}, tokens.flood)).status).toBe(204);
	}, 40_000);
});
