import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ChannelSchema, type Channel } from '../../../src/lib/server/alerts/channels/index.ts';
import { Deliverer, parseRetryAfter, type DelivererOptions } from '../../../src/lib/server/alerts/delivery/index.ts';
import type { Notification } from '../../../src/lib/server/alerts/types.ts';

/**
 * Delivery against real HTTP receivers on 127.0.0.1: retries, Retry-After, network errors,
 * dead letters, pacing, per-channel ordering and a restart on the same outbox directory. Short
 * backoff settings keep it fast; the one real wait is the 1 s Retry-After.
 */

interface Hit {
	path: string;
	headers: IncomingHttpHeaders;
	body: string;
	id: string;
	at: number;
}
type Reply = { status: number; headers?: Record<string, string>; body?: string };

interface Receiver {
	url: string;
	port: number;
	hits: Hit[];
	reply: (hit: Hit, n: number) => Reply;
	close(): Promise<void>;
}

const silent = pino({ level: 'silent' });
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function startReceiver(reply: Receiver['reply'] = () => ({ status: 200 }), port = 0): Promise<Receiver> {
	const hits: Hit[] = [];
	const r = { hits, reply } as Receiver;
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			const hit = { path: req.url ?? '', headers: req.headers, body, id: String(req.headers['x-monitor-notification-id'] ?? ''), at: Date.now() };
			hits.push(hit);
			const out = r.reply(hit, hits.length);
			res.writeHead(out.status, { 'content-type': 'text/plain', ...out.headers }).end(out.body ?? '');
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', resolve);
	});
	r.port = (server.address() as AddressInfo).port;
	r.url = `http://127.0.0.1:${r.port}`;
	r.close = () =>
		new Promise<void>((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve());
		});
	cleanup.push(() => r.close());
	return r;
}

/** A port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
	const s = createServer();
	await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
	const { port } = s.address() as AddressInfo;
	await new Promise<void>((resolve) => s.close(() => resolve()));
	return port;
}

function webhookChannel(id: string, url: string, extra: Record<string, unknown> = {}): Channel {
	return ChannelSchema.parse({ id, type: 'webhook', url, rate_limit: 6_000, max_attempts: 5, timeout: '2s', ...extra });
}

function start(channels: Channel[], dir = tempDir(), extra: Partial<DelivererOptions> = {}): Deliverer {
	const d = new Deliverer({ dir, channels, baseDelayMs: 20, maxDelayMs: 100, logger: silent, ...extra });
	cleanup.push(() => d.close());
	return d;
}

function tempDir(): string {
	const dir = mkdtempSync(join(tmpdir(), 'delivery-test-'));
	cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
	return dir;
}

let counter = 0;
function note(channel: string, summary = 'queue wait above 60 s'): Notification {
	const id = `n${++counter}`;
	return {
		id,
		channel,
		groupKey: '{}:{component="idp"}',
		groupLabels: { component: 'idp' },
		commonLabels: { component: 'idp' },
		status: 'firing',
		alerts: [
			{
				id: 'wait|idp',
				status: 'firing',
				labels: { alertname: 'wait', severity: 'critical', component: 'idp' },
				summary,
				value: 75,
				threshold: 60,
				startsAt: Date.now() - 60_000,
				endsAt: null,
				acknowledged: false,
				url: 'http://ops.example/alerts'
			}
		],
		language: 'en',
		externalUrl: 'http://ops.example',
		groupUrl: 'http://ops.example/alerts?component=idp',
		createdAt: Date.now()
	};
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
	for (const end = Date.now() + timeoutMs; Date.now() < end; ) {
		if (check()) return;
		await new Promise((r) => setTimeout(r, 10));
	}
	throw new Error(`timed out waiting for ${what}`);
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('retries', () => {
	it('retries a 500 and stops at the first 2xx, with the same idempotency key each time', async () => {
		const rx = await startReceiver((_h, n) => (n <= 2 ? { status: 500, body: 'boom' } : { status: 200 }));
		const d = start([webhookChannel('hook', rx.url)]);
		const n = note('hook');
		await d.enqueue(n);
		await waitFor(() => d.stats().hook.sent === 1, 'delivery');
		await settle(150);
		expect(rx.hits.map((h) => h.headers['idempotency-key'])).toEqual([n.id, n.id, n.id]);
		expect(d.stats().hook).toEqual({ pending: 0, sent: 1, failed: 2, dead: 0 });
		expect(d.deadLetters()).toEqual([]);
	});

	it('waits as long as Retry-After says on a 429', async () => {
		const rx = await startReceiver((_h, n) => (n === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 }));
		const d = start([webhookChannel('hook', rx.url)]);
		await d.enqueue(note('hook'));
		await waitFor(() => rx.hits.length === 2, 'the retry', 5_000);
		expect(rx.hits[1].at - rx.hits[0].at).toBeGreaterThanOrEqual(950);
	});

	it('retries a network error (nothing listening) until the receiver comes up', async () => {
		const port = await closedPort();
		const d = start([webhookChannel('hook', `http://127.0.0.1:${port}/in`, { max_attempts: 50 })]);
		await d.enqueue(note('hook'));
		await waitFor(() => d.stats().hook.failed >= 2, 'two failed tries');
		const rx = await startReceiver(undefined, port);
		await waitFor(() => d.stats().hook.sent === 1, 'delivery after the receiver started');
		expect(rx.hits).toHaveLength(1);
		expect(d.deadLetters()).toEqual([]);
	});
});

describe('dead letters', () => {
	it('keeps the last error after the last try, and can retry or dismiss it', async () => {
		let healthy = false;
		const rx = await startReceiver(() => (healthy ? { status: 200 } : { status: 503, body: 'upstream down' }));
		const d = start([webhookChannel('hook', `${rx.url}/in`, { max_attempts: 3 })]);
		const n = note('hook', 'login p95 above 1.5 s');
		await d.enqueue(n);
		await waitFor(() => d.deadLetters().length === 1, 'the dead letter');
		const [dead] = d.deadLetters();
		expect(dead).toMatchObject({
			id: n.id,
			channel: 'hook',
			target: `${rx.url}/…`,
			attempts: 3,
			lastError: { status: 503, body: 'upstream down', message: 'HTTP 503 Service Unavailable' }
		});
		expect(dead.summary).toContain('login p95 above 1.5 s');
		expect(Math.abs(dead.at - Date.now())).toBeLessThan(5_000);
		expect(rx.hits).toHaveLength(3);
		expect(d.stats().hook).toMatchObject({ pending: 0, dead: 1, failed: 3 });

		healthy = true;
		expect(await d.retryDeadLetter(n.id)).toBe(true);
		await waitFor(() => d.stats().hook.sent === 1, 'the retried delivery');
		expect(d.deadLetters()).toEqual([]);
		expect(rx.hits).toHaveLength(4);

		healthy = false;
		const m = note('hook');
		await d.enqueue(m);
		await waitFor(() => d.deadLetters().length === 1, 'a second dead letter');
		expect(await d.dismissDeadLetter(m.id)).toBe(true);
		expect(d.deadLetters()).toEqual([]);
		expect(await d.dismissDeadLetter(m.id)).toBe(false);
	});

	it('dead-letters a 400 at once, without retrying', async () => {
		const rx = await startReceiver(() => ({ status: 400, body: 'invalid_blocks' }));
		const d = start([webhookChannel('hook', rx.url)]);
		await d.enqueue(note('hook'));
		await waitFor(() => d.deadLetters().length === 1, 'the dead letter');
		await settle(150);
		expect(rx.hits).toHaveLength(1);
		expect(d.deadLetters()[0]).toMatchObject({ attempts: 1, lastError: { status: 400, body: 'invalid_blocks' } });
	});

	it('never keeps a bot token in a dead letter, in memory or on disk', async () => {
		const token = '987654321:AAE-secret_token_value_0123456789';
		const rx = await startReceiver((h) => ({ status: 404, body: `no route for ${h.path}` }));
		const dir = tempDir();
		const channel = ChannelSchema.parse({ id: 'tg', type: 'telegram', bot_token: token, chat_id: 42, api_url: rx.url, rate_limit: 6_000 });
		const d = start([channel], dir);
		await d.enqueue(note('tg'));
		await waitFor(() => d.deadLetters().length === 1, 'the dead letter');
		expect(rx.hits[0].path).toBe(`/bot${token}/sendMessage`);
		const dead = d.deadLetters()[0];
		expect(dead.lastError.body).toBe('no route for /bot***/sendMessage');
		expect(dead.target).toBe(`${rx.url}/bot***/sendMessage (chat 42)`);
		const files = readdirSync(join(dir, 'dead'));
		expect(files).toHaveLength(1);
		expect(readFileSync(join(dir, 'dead', files[0]), 'utf8')).not.toContain('secret_token');
	});
});

describe('pacing and order', () => {
	it('spaces messages of a channel by its rate limit', async () => {
		const rx = await startReceiver();
		const d = start([webhookChannel('hook', rx.url, { rate_limit: 300 })]);
		for (let i = 0; i < 4; i++) await d.enqueue(note('hook'));
		await waitFor(() => rx.hits.length === 4, 'four deliveries');
		const gaps = rx.hits.slice(1).map((h, i) => h.at - rx.hits[i].at);
		// 300 a minute: one every 200 ms.
		for (const g of gaps) expect(g).toBeGreaterThanOrEqual(180);
	});

	it('holds back later messages of a retrying channel only', async () => {
		const slow = await startReceiver((_h, n) => (n <= 3 ? { status: 500 } : { status: 200 }));
		const fast = await startReceiver();
		const d = start([webhookChannel('slow', slow.url, { max_attempts: 10 }), webhookChannel('fast', fast.url)], tempDir(), {
			baseDelayMs: 150,
			maxDelayMs: 150,
			random: () => 1
		});
		const s1 = note('slow');
		const s2 = note('slow');
		await d.enqueue(s1);
		await d.enqueue(s2);
		const f = [note('fast'), note('fast'), note('fast')];
		for (const n of f) await d.enqueue(n);
		await waitFor(() => fast.hits.length === 3, 'the fast channel');
		expect(slow.hits.every((h) => h.id === s1.id)).toBe(true);
		await waitFor(() => d.stats().slow.sent === 2, 'the slow channel');
		expect(slow.hits.map((h) => h.id)).toEqual([s1.id, s1.id, s1.id, s1.id, s2.id]);
		expect(fast.hits.map((h) => h.id)).toEqual(f.map((n) => n.id));
		expect(fast.hits[2].at).toBeLessThan(slow.hits[3].at);
	});

	it('sends exactly one request per notification when the receiver answers 2xx', async () => {
		const rx = await startReceiver(() => ({ status: 204 }));
		const d = start([webhookChannel('hook', rx.url)]);
		const sent = Array.from({ length: 25 }, () => note('hook'));
		await Promise.all(sent.map((n) => d.enqueue(n)));
		// The notifier may hand the same notification over again: it is not sent twice.
		await d.enqueue(sent[3]);
		await waitFor(() => rx.hits.length >= 25, '25 deliveries');
		await settle(200);
		expect(rx.hits.map((h) => h.id)).toEqual(sent.map((n) => n.id));
		expect(d.stats().hook).toEqual({ pending: 0, sent: 25, failed: 0, dead: 0 });
	});
});

describe('restart', () => {
	it('delivers what a previous run left pending, exactly once and in order', async () => {
		const port = await closedPort();
		const dir = tempDir();
		const channels = [webhookChannel('hook', `http://127.0.0.1:${port}/in`, { max_attempts: 20 })];
		const first = new Deliverer({ dir, channels, baseDelayMs: 20, maxDelayMs: 50, logger: silent });
		const sent = Array.from({ length: 5 }, () => note('hook'));
		for (const n of sent) await first.enqueue(n);
		// On disk before enqueue resolved.
		expect(readdirSync(join(dir, 'pending')).filter((f) => f.endsWith('.json'))).toHaveLength(5);
		await waitFor(() => first.stats().hook.failed >= 2, 'failed tries while the receiver is down');
		await first.close();

		const rx = await startReceiver(undefined, port);
		const second = start(channels, dir);
		await waitFor(() => rx.hits.length >= 5, 'the resumed deliveries');
		await settle(200);
		expect(rx.hits.map((h) => h.id)).toEqual(sent.map((n) => n.id));
		expect(second.stats().hook).toMatchObject({ pending: 0, sent: 5 });
		expect(readdirSync(join(dir, 'pending'))).toEqual([]);
	});

	it('refuses new notifications once closed, and sendTest reports an unknown channel', async () => {
		const d = start([]);
		expect(await d.sendTest('nope')).toEqual({ ok: false, error: 'no channel "nope" in the config\'s channels' });
		await d.close();
		await expect(d.enqueue(note('hook'))).rejects.toThrow(/closed/);
	});
});

describe('parseRetryAfter', () => {
	const now = Date.UTC(2025, 2, 1, 12, 0, 0);
	it.each([
		['delay-seconds', '120', 120_000],
		['an HTTP date', 'Sat, 01 Mar 2025 12:00:30 GMT', 30_000],
		['a date in the past', 'Sat, 01 Mar 2025 11:00:00 GMT', 0],
		['fractional seconds (Discord)', '0.25', 250],
		['garbage', 'soon', null],
		['absent', null, null]
	])('reads %s', (_name, value, expected) => {
		expect(parseRetryAfter(value, now)).toBe(expected);
	});
});
