import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateToken, hashToken } from '../../../src/lib/server/auth/index.ts';
import { SMALL_CONFIG, startApp, type RunningApp } from '../../helpers/app.ts';
import { startReceiver, type Receiver } from '../../helpers/receiver.ts';

/**
 * The alerts HTTP API against the real app: who may read and who may change (401 without a
 * token, 403 for a viewer, operators and admins may), 400 with the reasons on bad input, 404 on
 * unknown ids, and one real alert acknowledged, filtered and found in the stored history.
 */

const tokens = { viewer: generateToken('v'), operator: generateToken('o') };
const ALERT_ID = 'cdn-busy|cdn';

let app: RunningApp;
let receiver: Receiver;
let sender: NodeJS.Timeout | undefined;

beforeAll(async () => {
	receiver = await startReceiver();
	app = await startApp({
		config: `${SMALL_CONFIG}
auth:
  tokens:
    - { name: wall, role: viewer, hash: "${hashToken(tokens.viewer)}" }
    - { name: oncall, role: operator, hash: "${hashToken(tokens.operator)}" }
alerts:
  default_channels: [ops-hook]
  rules:
    - { id: cdn-busy, type: threshold, measurement: traffic, field: rps, above: 1, for: 0s, severity: critical, components: [cdn] }
channels:
  - { id: ops-hook, type: webhook, url: "${receiver.url}/hook" }
`
	});
	// The CDN above the rule's threshold from now on, so the alert fires within a second or two.
	const send = () =>
		void fetch(`${app.url}/api/v1/write`, { method: 'POST', headers: { authorization: `Token ${app.adminToken}` }, body: 'traffic,component=cdn,instance=cdn-1 rps=5,requests=5' }).catch(() => undefined);
	send();
	sender = setInterval(send, 300);
}, 60_000);

afterAll(async () => {
	clearInterval(sender);
	await app?.close();
	await receiver?.close();
});

type As = 'nobody' | 'viewer' | 'operator' | 'admin';

function call(method: string, path: string, as: As, body?: unknown) {
	const headers: Record<string, string> = {};
	const token = { nobody: undefined, viewer: tokens.viewer, operator: tokens.operator, admin: app.adminToken }[as];
	if (token) headers.authorization = `Token ${token}`;
	if (body !== undefined) headers['content-type'] = 'application/json';
	return fetch(`${app.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

const goodSilence = () => ({ matchers: ['component="idp-a"'], startsAt: Date.now(), endsAt: Date.now() + 3_600_000, comment: 'maintenance of identity A' });

describe('who may read and who may change', () => {
	const cases: { name: string; method: string; path: string; body?: unknown; nobody: number; viewer: number }[] = [
		{ name: 'list alerts', method: 'GET', path: '/api/v1/alerts', nobody: 401, viewer: 200 },
		{ name: 'history', method: 'GET', path: '/api/v1/alerts/history', nobody: 401, viewer: 200 },
		{ name: 'list silences', method: 'GET', path: '/api/v1/silences', nobody: 401, viewer: 200 },
		{ name: 'acknowledge', method: 'POST', path: `/api/v1/alerts/${encodeURIComponent(ALERT_ID)}/ack`, body: {}, nobody: 401, viewer: 403 },
		{ name: 'unacknowledge', method: 'DELETE', path: `/api/v1/alerts/${encodeURIComponent(ALERT_ID)}/ack`, nobody: 401, viewer: 403 },
		{ name: 'create a silence', method: 'POST', path: '/api/v1/silences', body: goodSilence(), nobody: 401, viewer: 403 },
		{ name: 'expire a silence', method: 'DELETE', path: '/api/v1/silences/some-id', nobody: 401, viewer: 403 },
		{ name: 'send a test message', method: 'POST', path: '/api/v1/channels/ops-hook/test', nobody: 401, viewer: 403 }
	];
	it.each(cases)('$name: $nobody without a token, $viewer for a viewer', async (c) => {
		expect((await call(c.method, c.path, 'nobody', c.body)).status).toBe(c.nobody);
		expect((await call(c.method, c.path, 'viewer', c.body)).status).toBe(c.viewer);
	});

	it('answers a viewer with alerts, silences, channels and dead letters', async () => {
		const res = await call('GET', '/api/v1/alerts', 'viewer');
		const body = await res.json();
		expect(Object.keys(body).sort()).toEqual(['alerts', 'channels', 'deadLetters', 'silences']);
		expect(body.channels).toEqual([{ id: 'ops-hook', type: 'webhook', target: expect.any(String), language: 'en' }]);
	});
});

describe('acknowledgements', () => {
	it('404 for an unknown alert, for both acknowledge and unacknowledge', async () => {
		const ack = await call('POST', '/api/v1/alerts/no-such-rule%7Ccdn/ack', 'operator', {});
		expect(ack.status).toBe(404);
		expect((await ack.json()).message).toMatch(/no alert "no-such-rule\|cdn"/);
		expect((await call('DELETE', '/api/v1/alerts/no-such-rule%7Ccdn/ack', 'admin')).status).toBe(404);
	});

	it('an operator acknowledges a firing alert under its token name, and takes it back', async () => {
		await expect
			.poll(async () => ((await (await call('GET', '/api/v1/alerts', 'viewer')).json()).alerts as { id: string; status: string }[]).find((a) => a.id === ALERT_ID)?.status, { timeout: 15_000, interval: 250 })
			.toBe('firing');
		const ack = await call('POST', `/api/v1/alerts/${encodeURIComponent(ALERT_ID)}/ack`, 'operator', { comment: 'on it' });
		expect(ack.status).toBe(200);
		expect((await ack.json()).ack).toEqual({ by: 'oncall', at: expect.any(Number), comment: 'on it' });
		const unack = await call('DELETE', `/api/v1/alerts/${encodeURIComponent(ALERT_ID)}/ack`, 'operator');
		expect(unack.status).toBe(200);
		expect((await unack.json()).ack).toBeNull();
	}, 30_000);

	it('400 for a body that is not a JSON object', async () => {
		const res = await fetch(`${app.url}/api/v1/alerts/${encodeURIComponent(ALERT_ID)}/ack`, { method: 'POST', headers: { authorization: `Token ${tokens.operator}`, 'content-type': 'application/json' }, body: '[1' });
		expect(res.status).toBe(400);
	});
});

describe('filters', () => {
	it('keeps only alerts whose labels match ?filter=, in the {a="x"} form chat links use', async () => {
		await expect.poll(async () => (await (await call('GET', `/api/v1/alerts?filter=${encodeURIComponent('{component="cdn",severity="critical"}')}`, 'viewer')).json()).alerts.length, { timeout: 15_000 }).toBe(1);
		const other = await (await call('GET', `/api/v1/alerts?filter=${encodeURIComponent('component="idp-a"')}`, 'viewer')).json();
		expect(other.alerts).toEqual([]);
	}, 30_000);

	it('400 naming the bad matcher', async () => {
		const res = await call('GET', `/api/v1/alerts?filter=${encodeURIComponent('component~"cdn"')}`, 'viewer');
		expect(res.status).toBe(400);
		expect((await res.json()).message).toMatch(/filter: bad matcher/);
	});
});

describe('silences', () => {
	it('400 with one issue per bad key', async () => {
		const res = await call('POST', '/api/v1/silences', 'operator', { matchers: ['component~"x"'], startsAt: Date.now(), endsAt: Date.now() - 1000, comment: '' });
		expect(res.status).toBe(400);
		const body = await res.json();
		expect(body.issues).toEqual(expect.arrayContaining([expect.stringMatching(/^matchers\[0\]: bad matcher/), expect.stringMatching(/^comment: say why/)]));
	});

	it('400 for a silence that would hide every alert', async () => {
		const res = await call('POST', '/api/v1/silences', 'operator', { ...goodSilence(), matchers: ['component=~".*"'] });
		expect(res.status).toBe(400);
		expect((await res.json()).issues).toEqual([expect.stringMatching(/would hide every alert/)]);
	});

	it('creates a silence with the caller as author, lists it, expires it once', async () => {
		const created = await call('POST', '/api/v1/silences', 'operator', goodSilence());
		expect(created.status).toBe(201);
		const { id } = await created.json();
		const list = await (await call('GET', '/api/v1/silences', 'viewer')).json();
		expect(list.find((s: { id: string }) => s.id === id)).toMatchObject({ createdBy: 'oncall', state: 'active', matchers: ['component="idp-a"'] });
		expect((await call('DELETE', `/api/v1/silences/${id}`, 'operator')).status).toBe(200);
		expect((await call('DELETE', `/api/v1/silences/${id}`, 'operator')).status).toBe(404);
		const after = await (await call('GET', '/api/v1/alerts', 'viewer')).json();
		expect(after.silences.find((s: { id: string }) => s.id === id).state).toBe('expired');
	});

	it('keeps an author given in the body', async () => {
		const created = await call('POST', '/api/v1/silences', 'admin', { ...goodSilence(), createdBy: 'Kim (NIA)' });
		const { id } = await created.json();
		const list = await (await call('GET', '/api/v1/silences', 'viewer')).json();
		expect(list.find((s: { id: string }) => s.id === id).createdBy).toBe('Kim (NIA)');
	});
});

describe('channels', () => {
	it('sends a test message to a configured channel and says what the receiver answered', async () => {
		const before = receiver.received.length;
		const res = await call('POST', '/api/v1/channels/ops-hook/test', 'operator');
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ ok: true, status: 200 });
		expect(receiver.received.length).toBeGreaterThan(before);
	});

	it('404 for a channel not in the config', async () => {
		expect((await call('POST', '/api/v1/channels/nowhere/test', 'admin')).status).toBe(404);
	});
});

describe('history', () => {
	it('lists the stored transitions of the alert, filtered by rule and new status', async () => {
		type Entry = { alertId: string; rule: string; from: string; to: string; severity: string; component: string };
		const fired = async () => (await (await call('GET', '/api/v1/alerts/history?rule=cdn-busy&status=firing&from=now-1h', 'viewer')).json()).entries as Entry[];
		await expect.poll(async () => (await fired()).length, { timeout: 15_000, interval: 500 }).toBeGreaterThan(0);
		expect((await fired())[0]).toMatchObject({ alertId: ALERT_ID, rule: 'cdn-busy', to: 'firing', severity: 'critical', component: 'cdn' });
		const none = await (await call('GET', '/api/v1/alerts/history?component=idp-b', 'viewer')).json();
		expect(none.entries).toEqual([]);
	}, 30_000);

	it.each([
		['status=burning', /status: "burning"/],
		['from=yesterday', /from: "yesterday"/],
		['from=now&to=now-1h', /must be before/],
		['limit=-3', /limit/]
	])('400 for %s', async (query, message) => {
		const res = await call('GET', `/api/v1/alerts/history?${query}`, 'viewer');
		expect(res.status).toBe(400);
		expect((await res.json()).message).toMatch(message);
	});
});
