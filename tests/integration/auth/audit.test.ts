import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../helpers/app.ts';
import { startReceiver, type Receiver } from '../../helpers/receiver.ts';
import { ask, authConfig, call, connectAs, signIn, TOKENS } from './support.ts';

/**
 * The audit log against the production entry: one record for each audited action (sign-in,
 * refused sign-in, sign-out, acknowledgement, silence created and expired, config reload and a
 * refused one, token use at most once a minute), never a token, readable by admins only; and a
 * config reload applies new tokens at once, dropping the sockets of a removed one.
 */

let app: RunningApp;
let receiver: Receiver;
let sender: NodeJS.Timeout | undefined;

beforeAll(async () => {
	receiver = await startReceiver();
	app = await startApp({ config: authConfig(receiver.url) });
	const send = () =>
		void fetch(`${app.url}/api/v1/write`, { method: 'POST', headers: { authorization: `Token ${TOKENS.ingest}` }, body: 'traffic,component=cdn,instance=cdn-1 rps=5' }).catch(() => undefined);
	send();
	sender = setInterval(send, 300);
}, 60_000);

afterAll(async () => {
	clearInterval(sender);
	await app?.close();
	await receiver?.close();
});

const audit = async (query = '') => (await call(app.url, 'admin', 'GET', `/api/v1/audit${query}`)).json().records as { action: string; actor: string; role?: string; via?: string; target?: string; detail?: string; ip?: string }[];

async function firingAlert(id: string, timeoutMs = 15_000): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		const alerts = (await call(app.url, 'viewer', 'GET', '/api/v1/alerts')).json().alerts as { id: string; status: string }[];
		if (alerts.some((a) => a.id === id && a.status === 'firing')) return;
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`alert ${id} did not fire within ${timeoutMs} ms`);
}

describe('audit records', () => {
	it('for sign-in, a refused sign-in and sign-out, with the address and never the token', async () => {
		const { cookie } = await signIn(app.url, TOKENS.operator);
		await call(app.url, 'anonymous', 'POST', '/signin', { form: { token: 'bom_not-a-real-token', next: '/' } });
		await call(app.url, 'anonymous', 'POST', '/signout', { cookie });
		const records = (await audit()).filter((r) => r.action.startsWith('sign'));
		expect(records.slice(0, 3).map((r) => [r.action, r.actor])).toEqual([
			['signout', 'oncall'],
			['signin.refused', 'unknown'],
			['signin', 'oncall']
		]);
		expect(records[0]).toMatchObject({ role: 'operator', via: 'session', ip: '127.0.0.1' });
		expect(records[1].detail).toBe('unknown token');
		const file = readFileSync(join(app.dataDir, 'audit', 'audit.jsonl'), 'utf8');
		for (const t of [...Object.values(TOKENS), 'bom_not-a-real-token', app.adminToken]) expect(file).not.toContain(t);
		expect(file).not.toContain('bom_session=');
	});

	it('for an acknowledgement and a silence created and expired, by the person who did it', async () => {
		await firingAlert('cdn-busy|cdn');
		const { cookie } = await signIn(app.url, TOKENS.operator);
		const ack = await call(app.url, 'anonymous', 'POST', `/api/v1/alerts/${encodeURIComponent('cdn-busy|cdn')}/ack`, { cookie, body: { comment: 'looking into it' } });
		expect(ack.status, ack.text).toBe(200);
		const made = await call(app.url, 'operator', 'POST', '/api/v1/silences', { body: { matchers: ['component="idp-a"'], startsAt: Date.now(), endsAt: Date.now() + 3_600_000, comment: 'maintenance' } });
		expect(made.status).toBe(201);
		const { id } = made.json();
		expect((await call(app.url, 'operator', 'DELETE', `/api/v1/silences/${id}`)).status).toBe(200);
		const [expired, created] = await audit('?action=silence');
		expect(created).toMatchObject({ action: 'silence.create', actor: 'oncall', via: 'token', target: id });
		expect(created.detail).toMatch(/^component="idp-a" until .*: maintenance$/);
		expect(expired).toMatchObject({ action: 'silence.expire', actor: 'oncall', target: id });
		expect((await audit('?action=alert.ack'))[0]).toMatchObject({ actor: 'oncall', via: 'session', target: 'cdn-busy|cdn', detail: 'looking into it' });
	});

	it('for a wall signing in with ?token= once', async () => {
		const res = await call(app.url, 'anonymous', 'GET', `/wall?token=${TOKENS.viewer}`);
		expect(res.status).toBe(303);
		expect(res.headers.location).toBe('/wall');
		const [rec] = await audit('?action=signin&actor=wall');
		expect(rec).toMatchObject({ action: 'signin', role: 'viewer', via: 'session', target: '/wall' });
		expect(rec.detail).toMatch(/^wall session until /);
	});

	it('for token use, once a minute per token and action however often it sends', async () => {
		// The sender has written every 300 ms since the app started.
		const uses = (await audit('?action=token.use&actor=sender')).filter((r) => r.target === 'ingest /api/v1/write');
		expect(uses).toHaveLength(1);
		expect(uses[0]).toMatchObject({ role: 'ingest', via: 'token' });
	});

	it('are readable by admins only, on the API and the page', async () => {
		for (const caller of ['viewer', 'operator', 'scoped', 'ingest'] as const) expect((await call(app.url, caller, 'GET', '/api/v1/audit')).status).toBe(403);
		expect((await call(app.url, 'anonymous', 'GET', '/api/v1/audit')).status).toBe(401);
		expect((await call(app.url, 'operator', 'GET', '/admin/audit')).status).toBe(403);
		const page = await call(app.url, 'admin', 'GET', '/admin/audit?action=silence');
		expect(page.status).toBe(200);
		// Rows, not the filter's list of actions (Svelte may put a comment marker inside the element).
		const rows = (action: string) => new RegExp(`<code[^>]*>(<!--[^>]*-->)?${action.replace('.', '\\.')}</code>`).test(page.text);
		expect(rows('silence.create')).toBe(true);
		expect(rows('signin.refused')).toBe(false);
		expect((await call(app.url, 'admin', 'GET', '/api/v1/audit?action=nonsense')).status).toBe(400);
	});
});

describe('config reload', () => {
	it('applies removed and added tokens at once, drops the removed token’s sockets, and is audited; a bad file changes nothing', async () => {
		const { client } = await connectAs(app.url, 'viewer');
		expect((await ask(client, 'subscribe', { board: 'overview' })).ok).toBe(true);
		const dropped = new Promise<string>((r) => client.once('disconnect', (reason) => r(reason)));
		const original = readFileSync(app.configPath, 'utf8');
		const bad = original.replace('role: viewer, hash:', 'role: watcher, hash:');
		writeFileSync(app.configPath, bad);
		const refused = await call(app.url, 'admin', 'POST', '/api/v1/admin/config/reload');
		expect(refused.status).toBe(400);
		expect(refused.json().problems.join('\n')).toMatch(/auth\.tokens\[2\]\.role/);
		expect((await call(app.url, 'viewer', 'GET', '/api/v1/boards')).status).toBe(200);

		// Remove the wall's token; give the title a new value (which needs a restart).
		writeFileSync(app.configPath, original.replace(/^\s+- \{ name: wall, .*\n/m, '').replace('title: Test system', 'title: Renamed'));
		const reloaded = await call(app.url, 'admin', 'POST', '/api/v1/admin/config/reload');
		expect(reloaded.status, reloaded.text).toBe(200);
		expect(reloaded.json()).toMatchObject({ applied: ['auth.tokens', 'auth.anonymous_role', 'auth.session_ttl', 'auth.proxy', 'auth.trusted_proxies'], needsRestart: ['title'] });
		expect((await call(app.url, 'viewer', 'GET', '/api/v1/boards')).status).toBe(401);
		expect(await dropped).toBe('io server disconnect');
		client.close();
		expect((await connectAs(app.url, 'viewer')).error).toMatch(/^unauthorized: unknown token/);
		expect((await call(app.url, 'scoped', 'GET', '/api/v1/boards')).status).toBe(200);
		const [ok, no] = await audit('?action=config');
		expect(ok).toMatchObject({ action: 'config.reload', actor: 'boss', target: app.configPath });
		expect(ok.detail).toContain('needs a restart: title');
		expect(no).toMatchObject({ action: 'config.reload.refused', actor: 'boss' });
		writeFileSync(app.configPath, original);
	});
});
