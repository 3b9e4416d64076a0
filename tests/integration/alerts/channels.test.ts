import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelSchema, type Channel } from '../../../src/lib/server/alerts/channels/index.ts';
import { Deliverer } from '../../../src/lib/server/alerts/delivery/index.ts';
import type { NotifiedAlert, Notification } from '../../../src/lib/server/alerts/types.ts';

/**
 * Every channel type against a real HTTP receiver on 127.0.0.1, through the real delivery path:
 * a group of many alerts with very long summaries, full of characters each service's markup
 * treats specially, must arrive in the documented shape and within every documented limit.
 */

interface Received {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	body: string;
}

const SECRET = 'whsec_0123456789abcdef0123456789abcdef';
const BOT_TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const ALERTS = 120;
const NASTY = '<b>bold?</b> & "quotes" *stars* _under_ ~tilde~ `tick` |pipe| > quote [link](x) @everyone 한국어 😀 ';

let receiver: { url: string; requests: Received[]; close(): Promise<void> };
let deliverer: Deliverer;
let dir: string;

function channel(raw: Record<string, unknown>): Channel {
	return ChannelSchema.parse({ rate_limit: 6_000, max_attempts: 1, ...raw });
}

const channels = () => [
	channel({ id: 'slack', type: 'slack', url: `${receiver.url}/slack/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX` }),
	channel({ id: 'slack-ko', type: 'slack', language: 'ko', url: `${receiver.url}/slack-ko/services/T0/B0/XXXXXXXXXXXXXXXXXXXX` }),
	channel({ id: 'teams', type: 'teams', url: `${receiver.url}/teams/workflows/abc/triggers/manual/paths/invoke?sig=SIGSIGSIGSIGSIGSIGSIG` }),
	channel({ id: 'discord', type: 'discord', url: `${receiver.url}/discord/api/webhooks/1234/TOKENTOKENTOKENTOKEN` }),
	channel({ id: 'gchat', type: 'google-chat', url: `${receiver.url}/gchat/v1/spaces/AAA/messages?key=KEYKEYKEYKEYKEYKEY&token=TOKTOKTOKTOKTOKTOK` }),
	channel({ id: 'telegram', type: 'telegram', bot_token: BOT_TOKEN, chat_id: -1001234567890, api_url: `${receiver.url}/telegram` }),
	channel({ id: 'webhook', type: 'webhook', url: `${receiver.url}/webhook`, secret: SECRET }),
	channel({ id: 'webhook-badsig', type: 'webhook', url: `${receiver.url}/webhook`, secret: 'not-the-receivers-secret-at-all' }),
	channel({ id: 'am', type: 'alertmanager', url: `${receiver.url}/am`, max_alerts: 25 }),
	channel({ id: 'am-all', type: 'alertmanager', url: `${receiver.url}/am-all` })
];

function makeAlert(i: number, t0: number, summaryLength: number): NotifiedAlert {
	const resolved = i % 5 === 4;
	const severity = ['critical', 'warning', 'info'][i % 3];
	return {
		id: `latency|idp-${i}`,
		status: resolved ? 'resolved' : 'firing',
		labels: { alertname: 'latency', severity, component: `idp-${i}`, instance: `pod-${i}` },
		summary: `#${i} ${NASTY.repeat(Math.ceil(summaryLength / NASTY.length))}`.slice(0, summaryLength),
		value: 1234.5 + i,
		threshold: 1000,
		startsAt: t0 - 600_000 + i * 1000,
		endsAt: resolved ? t0 - 10_000 : null,
		acknowledged: i === 1,
		url: `http://ops.example:3000/alerts?alert=latency%7Cidp-${i}`
	};
}

function makeNotification(channelId: string, alerts = ALERTS, summaryLength = 5_000): Notification {
	const t0 = Date.UTC(2025, 2, 1, 14, 0, 0);
	return {
		id: `n-${channelId}-${alerts}-${summaryLength}`,
		channel: channelId,
		groupKey: '{}:{alertname="latency"}',
		groupLabels: { alertname: 'latency' },
		commonLabels: { alertname: 'latency' },
		status: 'firing',
		alerts: Array.from({ length: alerts }, (_, i) => makeAlert(i, t0, summaryLength)),
		language: channelId.endsWith('-ko') ? 'ko' : 'en',
		externalUrl: 'http://ops.example:3000',
		groupUrl: 'http://ops.example:3000/alerts?alertname=latency',
		createdAt: t0
	};
}

async function startReceiver() {
	const requests: Received[] = [];
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const r: Received = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
			requests.push(r);
			if (r.path === '/webhook' && !validSignature(r)) {
				res.writeHead(401, { 'content-type': 'text/plain' }).end('bad signature');
				return;
			}
			res.writeHead(r.path.startsWith('/teams') ? 202 : 200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}

/** What a receiver of our webhook does: HMAC over "<timestamp>.<raw body>", constant-time compare, fresh timestamp. */
function validSignature(r: Received): boolean {
	const ts = String(r.headers['x-monitor-timestamp'] ?? '');
	const sig = String(r.headers['x-monitor-signature'] ?? '');
	if (!/^\d+$/.test(ts) || Math.abs(Date.now() / 1000 - Number(ts)) > 300) return false;
	const want = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(`${ts}.${r.body}`).digest('hex')}`);
	const got = Buffer.from(sig);
	return want.length === got.length && timingSafeEqual(want, got);
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
	for (const end = Date.now() + timeoutMs; Date.now() < end; ) {
		if (check()) return;
		await new Promise((r) => setTimeout(r, 20));
	}
	throw new Error(`timed out waiting for ${what}`);
}

const requestsTo = (prefix: string) => receiver.requests.filter((r) => r.path.startsWith(prefix));

async function deliver(channelId: string, prefix: string, n = makeNotification(channelId)) {
	const before = requestsTo(prefix).length;
	await deliverer.enqueue(n);
	await waitFor(() => requestsTo(prefix).length > before, `a request to ${prefix}`);
	const r = requestsTo(prefix).at(-1)!;
	expect(r.method).toBe('POST');
	expect(r.headers['content-type']).toMatch(/^application\/json/);
	return { req: r, json: JSON.parse(r.body) };
}

beforeAll(async () => {
	receiver = await startReceiver();
	dir = mkdtempSync(join(tmpdir(), 'channels-test-'));
	deliverer = new Deliverer({ dir, channels: channels(), baseDelayMs: 10, maxDelayMs: 20, logger: pino({ level: 'silent' }) });
});
afterAll(async () => {
	await deliverer?.close();
	await receiver?.close();
	rmSync(dir, { recursive: true, force: true });
});

/** Visible text of Telegram HTML, as Telegram counts it after parsing entities. */
function telegramVisible(html: string): string {
	return html
		.replace(/<[^>]+>/g, '')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&amp;/g, '&');
}

/** Throws unless tags nest and every `&` starts an entity Telegram knows. */
function checkTelegramHtml(html: string): void {
	const stack: string[] = [];
	for (const m of html.matchAll(/<(\/?)([a-z]+)[^>]*>/g)) {
		if (m[1]) expect(stack.pop()).toBe(m[2]);
		else stack.push(m[2]);
	}
	expect(stack).toEqual([]);
	expect(html.replace(/&(lt|gt|amp|quot);/g, '')).not.toContain('&');
	expect(html.replace(/<[^>]+>/g, '')).not.toMatch(/[<>]/);
}

/** All text in Block Kit blocks: what Slack's undocumented msg_blocks_too_long counts. */
function blockText(blocks: { text?: { text: string }; elements?: { text?: string | { text: string } }[] }[]): number {
	let n = 0;
	for (const b of blocks) {
		n += b.text?.text.length ?? 0;
		for (const e of b.elements ?? []) n += typeof e.text === 'string' ? e.text.length : (e.text?.text.length ?? 0);
	}
	return n;
}

describe('slack', () => {
	it('sends Block Kit within every limit, with the rest counted and a text fallback', async () => {
		const { json } = await deliver('slack', '/slack/');
		expect(json.blocks.length).toBeLessThanOrEqual(50);
		const [header, context, ...rest] = json.blocks;
		expect(header).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
		expect(header.text.text.length).toBeLessThanOrEqual(150);
		expect(header.text.text).toMatch(/^🔴 CRITICAL · FIRING/);
		expect(context.elements[0].text.length).toBeLessThanOrEqual(3_000);
		const sections = rest.filter((b: { type: string }) => b.type === 'section');
		for (const s of sections) expect(s.text.text.length).toBeLessThanOrEqual(3_000);
		const shown = sections.length - 1;
		expect(sections.at(-1).text.text).toContain(`… and ${ALERTS - shown} more alerts`);
		expect(sections[0].text.text).toContain('🔴 CRITICAL');
		expect(sections[0].text.text).toContain('&lt;b&gt;bold?&lt;/b&gt; &amp;');
		expect(sections[0].text.text).toContain('Value: 1,234.5 (threshold 1,000)');
		expect(sections[0].text.text).toContain('Since: 2025-03-01 13:50:00 UTC');
		expect(sections[4].text.text).toContain('✅ RESOLVED');
		expect(rest.at(-1)).toMatchObject({ type: 'actions', elements: [{ type: 'button', url: 'http://ops.example:3000/alerts?alertname=latency' }] });
		expect(json.text.length).toBeLessThanOrEqual(40_000);
		expect(json.text).toMatch(/^🔴 CRITICAL/);
		expect(blockText(json.blocks)).toBeLessThanOrEqual(12_000);
	});

	it('stops at 50 blocks when there are many short alerts', async () => {
		const { json } = await deliver('slack', '/slack/', makeNotification('slack', 120, 30));
		expect(json.blocks).toHaveLength(50);
		expect(json.blocks.at(-2).text.text).toContain('… and 74 more alerts');
	});

	it('keeps the text fallback and all block text within bounds when every summary is huge', async () => {
		const { json } = await deliver('slack', '/slack/', makeNotification('slack', 300, 20_000));
		expect(json.text.length).toBeLessThanOrEqual(40_000);
		expect(json.text).toMatch(/… and \d+ more alerts$/);
		// Slack refuses (msg_blocks_too_long) well before 50 x 3,000 characters.
		expect(blockText(json.blocks)).toBeLessThanOrEqual(12_000);
		expect(json.blocks.at(-2).text.text).toMatch(/… and \d+ more alerts/);
	});

	it('speaks Korean for a language: ko channel', async () => {
		const { json } = await deliver('slack-ko', '/slack-ko/');
		expect(json.blocks[0].text.text).toMatch(/^🔴 심각 · 발생/);
		expect(JSON.stringify(json.blocks)).toContain('외 경보');
		expect(JSON.stringify(json.blocks)).toContain('임계값');
	});
});

describe('teams', () => {
	it('posts an Adaptive Card in the Workflows envelope, under 28 KB', async () => {
		const { req, json } = await deliver('teams', '/teams/');
		expect(Buffer.byteLength(req.body)).toBeLessThanOrEqual(28 * 1024);
		expect(json.type).toBe('message');
		expect(json.attachments).toHaveLength(1);
		const [att] = json.attachments;
		expect(att.contentType).toBe('application/vnd.microsoft.card.adaptive');
		expect(att.contentUrl).toBeNull();
		expect(att.content).toMatchObject({ type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json' });
		expect(['1.4', '1.5']).toContain(att.content.version);
		expect(att.content.body[0]).toMatchObject({ type: 'TextBlock', color: 'Attention' });
		expect(att.content.body[0].text).toMatch(/^🔴 CRITICAL/);
		expect(att.content.body.at(-1).text).toMatch(/… and \d+ more alerts/);
		expect(att.content.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open in dashboard', url: 'http://ops.example:3000/alerts?alertname=latency' }]);
		const first = att.content.body[2];
		expect(first).toMatchObject({ type: 'Container', selectAction: { type: 'Action.OpenUrl' } });
		expect(first.items[1].facts).toContainEqual({ title: 'Value', value: '1,234.5 (threshold 1,000)' });
	});
});

describe('discord', () => {
	it('keeps content, embed count, per-field and 6,000-character total limits', async () => {
		const { json } = await deliver('discord', '/discord/');
		expect(json.content.length).toBeLessThanOrEqual(2_000);
		expect(json.content).toContain(`… and ${ALERTS - json.embeds.length} more alerts`);
		expect(json.embeds.length).toBeGreaterThan(0);
		expect(json.embeds.length).toBeLessThanOrEqual(10);
		let total = 0;
		for (const e of json.embeds) {
			expect(e.title.length).toBeLessThanOrEqual(256);
			expect((e.description ?? '').length).toBeLessThanOrEqual(4_096);
			expect(e.fields.length).toBeLessThanOrEqual(25);
			for (const f of e.fields) {
				expect(f.name.length).toBeLessThanOrEqual(256);
				expect(f.value.length).toBeLessThanOrEqual(1_024);
			}
			expect((e.footer?.text ?? '').length).toBeLessThanOrEqual(2_048);
			total += e.title.length + (e.description ?? '').length + (e.footer?.text ?? '').length + (e.author?.name ?? '').length;
			total += e.fields.reduce((n: number, f: { name: string; value: string }) => n + f.name.length + f.value.length, 0);
		}
		expect(total).toBeLessThanOrEqual(6_000);
		// Colour by severity: critical red, warning amber, info blue; resolved green.
		expect(json.embeds.slice(0, 5).map((e: { color: number }) => e.color)).toEqual([0xd93025, 0xf29900, 0x1a73e8, 0xd93025, 0x1e8e3e]);
		expect(json.embeds[0].description).toContain('\\*stars\\*');
		expect(json.allowed_mentions).toEqual({ parse: [] });
	});
});

describe('google chat', () => {
	it('sends text plus a cards v2 card under 32,000 bytes', async () => {
		const { req, json } = await deliver('gchat', '/gchat/');
		expect(Buffer.byteLength(req.body)).toBeLessThan(32_000);
		expect(json.text.length).toBeLessThanOrEqual(4_096);
		expect(json.text).toMatch(/^\*🔴 CRITICAL/);
		expect(json.cardsV2).toHaveLength(1);
		const { cardId, card } = json.cardsV2[0];
		expect(cardId).toMatch(/^alert-[0-9a-f]{16}$/);
		expect(card.header.title).toMatch(/^🔴 CRITICAL/);
		const widgets = card.sections.flatMap((s: { widgets: unknown[] }) => s.widgets);
		expect(widgets[0].decoratedText.text).toContain('&lt;b&gt;bold?&lt;/b&gt;');
		const last = card.sections.at(-1).widgets;
		expect(last[0].textParagraph.text).toMatch(/… and \d+ more alerts/);
		expect(last[1].buttonList.buttons[0].onClick.openLink.url).toBe('http://ops.example:3000/alerts?alertname=latency');
	});
});

describe('telegram', () => {
	it('posts sendMessage with HTML whose parsed text is at most 4,096 characters', async () => {
		const { req, json } = await deliver('telegram', '/telegram/');
		expect(req.path).toBe(`/telegram/bot${BOT_TOKEN}/sendMessage`);
		expect(json).toMatchObject({ chat_id: -1001234567890, parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
		const visible = telegramVisible(json.text);
		expect(visible.length).toBeLessThanOrEqual(4_096);
		expect(visible.length).toBeGreaterThan(3_000);
		checkTelegramHtml(json.text);
		expect(visible).toMatch(/^🔴 CRITICAL · FIRING/);
		expect(visible).toMatch(/… and \d+ more alerts\nOpen in dashboard$/);
	});

	it('counts escaped characters once: a summary of 5,000 ampersands still fills the message', async () => {
		const n = makeNotification('telegram', 1, 10);
		n.id = 'ampersands';
		n.alerts[0].summary = '&'.repeat(5_000);
		const { json } = await deliver('telegram', '/telegram/', n);
		const visible = telegramVisible(json.text);
		expect(visible.length).toBeLessThanOrEqual(4_096);
		checkTelegramHtml(json.text);
		expect(json.text).toContain('&amp;'.repeat(900));
	});
});

describe('webhook', () => {
	it('sends the stable JSON with a valid HMAC signature and the idempotency key', async () => {
		const n = makeNotification('webhook');
		const { req, json } = await deliver('webhook', '/webhook', n);
		expect(validSignature(req)).toBe(true);
		expect(req.headers['idempotency-key']).toBe(n.id);
		expect(req.headers['x-monitor-notification-id']).toBe(n.id);
		expect(json).toMatchObject({ version: '1', id: n.id, status: 'firing', groupKey: n.groupKey, groupLabels: n.groupLabels });
		expect(json.alerts).toHaveLength(ALERTS);
		expect(json.alerts[0]).toEqual({
			id: n.alerts[0].id,
			status: 'firing',
			labels: n.alerts[0].labels,
			summary: n.alerts[0].summary,
			value: 1234.5,
			threshold: 1000,
			startsAt: '2025-03-01T13:50:00.000Z',
			endsAt: null,
			acknowledged: false,
			url: n.alerts[0].url
		});
		expect(json.alerts[4].endsAt).toBe('2025-03-01T13:59:50.000Z');
	});

	it('is rejected by the receiver when signed with another secret, and dead-letters at once', async () => {
		const n = makeNotification('webhook-badsig', 2, 10);
		await deliverer.enqueue(n);
		await waitFor(() => deliverer.deadLetters().some((d) => d.id === n.id), 'the dead letter');
		const d = deliverer.deadLetters().find((x) => x.id === n.id)!;
		expect(d.lastError).toMatchObject({ status: 401, body: 'bad signature' });
		expect(d.attempts).toBe(1);
		expect(JSON.stringify(d)).not.toContain('not-the-receivers-secret');
	});
});

describe('alertmanager', () => {
	it('sends webhook payload version 4 with truncatedAlerts from max_alerts', async () => {
		const n = makeNotification('am');
		const { req, json } = await deliver('am', '/am', n);
		expect(req.headers['idempotency-key']).toBe(n.id);
		expect(Object.keys(json).sort()).toEqual(
			['alerts', 'commonAnnotations', 'commonLabels', 'externalURL', 'groupKey', 'groupLabels', 'receiver', 'status', 'truncatedAlerts', 'version'].sort()
		);
		expect(json).toMatchObject({
			version: '4',
			groupKey: n.groupKey,
			truncatedAlerts: ALERTS - 25,
			status: 'firing',
			receiver: 'am',
			groupLabels: { alertname: 'latency' },
			commonLabels: { alertname: 'latency' },
			commonAnnotations: { threshold: '1000' },
			externalURL: 'http://ops.example:3000'
		});
		expect(json.alerts).toHaveLength(25);
		const rfc3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
		for (const a of json.alerts) {
			expect(Object.keys(a).sort()).toEqual(['annotations', 'endsAt', 'fingerprint', 'generatorURL', 'labels', 'startsAt', 'status']);
			expect(a.startsAt).toMatch(rfc3339);
			expect(a.endsAt).toMatch(rfc3339);
			expect(a.fingerprint).toMatch(/^[0-9a-f]{16}$/);
			if (a.status === 'firing') expect(a.endsAt).toBe('0001-01-01T00:00:00Z');
			else expect(a.endsAt).toBe('2025-03-01T13:59:50.000Z');
		}
		expect(json.alerts[0].annotations.summary).toBe(n.alerts[0].summary);
		expect(json.alerts[0].generatorURL).toBe(n.alerts[0].url);
	});

	it('sends every alert when max_alerts is 0', async () => {
		const { json } = await deliver('am-all', '/am-all');
		expect(json.truncatedAlerts).toBe(0);
		expect(json.alerts).toHaveLength(ALERTS);
	});
});

describe('sendTest', () => {
	it.each(['slack', 'teams', 'discord', 'gchat', 'telegram', 'webhook', 'am'])('sends a sample message to %s', async (id) => {
		const result = await deliverer.sendTest(id);
		expect(result).toMatchObject({ ok: true });
		const last = receiver.requests.at(-1)!;
		expect(last.body).toMatch(/TEST/);
	});

	it('reports a channel that refuses the message, without its secret', async () => {
		const result = await deliverer.sendTest('webhook-badsig');
		expect(result).toEqual({ ok: false, status: 401, error: 'HTTP 401 Unauthorized: bad signature' });
	});
});
