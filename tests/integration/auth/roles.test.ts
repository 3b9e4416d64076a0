import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../helpers/app.ts';
import { startReceiver, type Receiver } from '../../helpers/receiver.ts';
import { ask, authConfig, call, connectAs, ROLES, TOKENS, type Caller, type Client } from './support.ts';

/**
 * Acceptance 1: every route and every socket event, as every kind of caller (anonymous, an
 * ingest token, a viewer, a viewer scoped to one org, an operator, an admin, a person signed in
 * by the trusted proxy, and the same proxy header sent from an untrusted address), against the
 * real production entry. Allowed and refused, with the status a client can rely on: 401 when not
 * signed in, 403 naming the role needed, 303 to /signin for a page.
 */

/** Per caller; `proxy` defaults to the admin's column (auth.proxy.users makes that person an admin), `spoofed` to anonymous. */
type Row = Omit<Record<Caller, number>, 'proxy' | 'spoofed'> & { proxy?: number };
const READ = (ok = 200): Row => ({ anonymous: 401, ingest: 403, viewer: ok, scoped: ok, operator: ok, admin: ok });
const PAGE = (ok = 200): Row => ({ anonymous: 303, ingest: 403, viewer: ok, scoped: ok, operator: ok, admin: ok });
const OPERATE = (ok: number): Row => ({ anonymous: 401, ingest: 403, viewer: 403, scoped: 403, operator: ok, admin: ok });
const ADMIN = (ok = 200, anonymous = 401): Row => ({ anonymous, ingest: 403, viewer: 403, scoped: 403, operator: 403, admin: ok });
// The write endpoints take tokens only: a person signed in by the proxy is not a sender.
const INGEST: Row = { anonymous: 401, ingest: 204, viewer: 403, scoped: 403, operator: 403, admin: 204, proxy: 401 };
const PUBLIC = (s: number): Row => ({ anonymous: s, ingest: s, viewer: s, scoped: s, operator: s, admin: s });

interface Route {
	method: string;
	path: string;
	expect: Row;
	/** The role a refusal must name (API routes answer JSON with the reason). */
	need?: 'viewer' | 'operator' | 'admin';
	body?: () => unknown;
	/** A form post (a page's form action), as a browser sends it. */
	form?: Record<string, string>;
}

const now = Date.now();
const silence = () => ({ matchers: ['component="idp-a"'], startsAt: Date.now(), endsAt: Date.now() + 3_600_000, comment: 'role test' });
const series = (c: string) => `/api/v1/series?measurement=traffic&field=rps&component=${c}&from=now-5m`;

const ROUTES: Route[] = [
	// Pages: someone not signed in is sent to sign in; a scoped viewer does not see other orgs' boards.
	{ method: 'GET', path: '/', expect: PAGE() },
	{ method: 'GET', path: '/pipeline', expect: PAGE() },
	{ method: 'GET', path: '/boards', expect: PAGE() },
	{ method: 'GET', path: '/boards/overview', expect: PAGE() },
	{ method: 'GET', path: '/boards/stage-identity', expect: PAGE() },
	{ method: 'GET', path: '/boards/stage-landing', expect: { ...PAGE(), scoped: 404 } },
	{ method: 'GET', path: '/windows', expect: PAGE() },
	{ method: 'GET', path: '/windows/nope', expect: PAGE(404) },
	{ method: 'GET', path: '/alerts', expect: PAGE() },
	{ method: 'GET', path: '/admin/audit', expect: ADMIN(200, 303) },
	{ method: 'GET', path: '/signin', expect: PUBLIC(200) },
	// Walls answer 401 (an unattended screen signs in with ?token= once, not with a form).
	{ method: 'GET', path: '/wall', expect: READ() },
	{ method: 'GET', path: '/wall/default', expect: READ() },
	// Reads.
	{ method: 'GET', path: '/api/v1/alerts', expect: READ(), need: 'viewer' },
	{ method: 'GET', path: '/api/v1/alerts/history', expect: READ(), need: 'viewer' },
	{ method: 'GET', path: '/api/v1/silences', expect: READ(), need: 'viewer' },
	{ method: 'GET', path: '/api/v1/boards', expect: READ(), need: 'viewer' },
	{ method: 'GET', path: '/api/v1/boards/overview', expect: READ(), need: 'viewer' },
	{ method: 'GET', path: '/api/v1/boards/stage-landing', expect: { ...READ(), scoped: 404 }, need: 'viewer' },
	{ method: 'GET', path: '/api/v1/latest', expect: READ(), need: 'viewer' },
	{ method: 'GET', path: '/api/v1/pipeline', expect: READ(), need: 'viewer' },
	{ method: 'GET', path: series('idp-a'), expect: READ(), need: 'viewer' },
	{ method: 'GET', path: series('idp-b'), expect: { ...READ(), scoped: 403 }, need: 'viewer' },
	{ method: 'GET', path: series('idp-a,cdn'), expect: { ...READ(), scoped: 403 }, need: 'viewer' },
	{ method: 'GET', path: '/api/v1/windows', expect: READ(), need: 'viewer' },
	{ method: 'GET', path: '/api/v1/windows/nope/report', expect: READ(404), need: 'viewer' },
	// Changes: operators and admins. 404 for an unknown id means the role check let the caller through.
	{ method: 'POST', path: '/api/v1/alerts/nope/ack', body: () => ({}), expect: OPERATE(404), need: 'operator' },
	{ method: 'DELETE', path: '/api/v1/alerts/nope/ack', expect: OPERATE(404), need: 'operator' },
	{ method: 'POST', path: '/api/v1/silences', body: silence, expect: OPERATE(201), need: 'operator' },
	{ method: 'DELETE', path: '/api/v1/silences/nope', expect: OPERATE(404), need: 'operator' },
	{ method: 'POST', path: '/api/v1/alerts/backtest', body: () => ({ rule: 'cdn-busy', from: now - 60_000, to: now }), expect: OPERATE(200), need: 'operator' },
	{ method: 'POST', path: '/api/v1/alerts/dead-letters/nope/retry', expect: OPERATE(404), need: 'operator' },
	{ method: 'DELETE', path: '/api/v1/alerts/dead-letters/nope', expect: OPERATE(404), need: 'operator' },
	{ method: 'POST', path: '/api/v1/channels/ops-hook/test', expect: OPERATE(200), need: 'operator' },
	// Admin.
	{ method: 'GET', path: '/api/v1/audit', expect: ADMIN(), need: 'admin' },
	{ method: 'GET', path: '/api/v1/admin/tokens', expect: ADMIN(), need: 'admin' },
	{ method: 'POST', path: '/api/v1/admin/config/reload', expect: ADMIN(), need: 'admin' },
	// Form actions check the role too: the admin page's reload button.
	{ method: 'POST', path: '/admin/audit?/reload', form: {}, expect: ADMIN() },
	// The sign-in form is open to all; a bad token is a 401 whoever sends it.
	{ method: 'POST', path: '/signin', form: { token: 'bom_wrong', next: '/' }, expect: PUBLIC(401) },
	// Who am I: anyone signed in, ingest tokens included.
	{ method: 'GET', path: '/api/v1/session', expect: { ...PUBLIC(200), anonymous: 401 } },
	{ method: 'POST', path: '/signout', expect: PUBLIC(303) },
	// Ingest: its own right; viewers and operators may not send.
	{ method: 'POST', path: '/api/v1/write', body: () => 'traffic,component=idp-a,instance=t rps=0', expect: INGEST },
	{ method: 'POST', path: '/write?db=x', body: () => 'traffic,component=idp-a,instance=t rps=0', expect: INGEST },
	{ method: 'POST', path: '/api/v1/metrics', body: () => ({ points: [{ measurement: 'traffic', tags: { component: 'idp-a' }, fields: { rps: 0 } }] }), expect: INGEST },
	{ method: 'POST', path: '/query?q=CREATE+DATABASE+x', expect: { ...INGEST, ingest: 200, admin: 200 } },
	// Public: liveness, the build id, Prometheus metrics, InfluxDB's ping.
	{ method: 'GET', path: '/api/v1/health', expect: PUBLIC(200) },
	{ method: 'GET', path: '/api/v1/version', expect: PUBLIC(200) },
	{ method: 'GET', path: '/metrics', expect: PUBLIC(200) },
	{ method: 'GET', path: '/ping', expect: PUBLIC(204) }
];

/** The proxy's user is an admin (auth.proxy.users); the same header from an untrusted peer is nobody. */
const expected = (row: Row, caller: Caller): number => (caller === 'proxy' ? (row.proxy ?? row.admin) : caller === 'spoofed' ? row.anonymous : row[caller]);

let app: RunningApp;
let receiver: Receiver;

beforeAll(async () => {
	receiver = await startReceiver();
	app = await startApp({ config: authConfig(receiver.url) });
}, 60_000);

afterAll(async () => {
	await app?.close();
	await receiver?.close();
});

describe('every route x every caller', () => {
	it.each(ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', async (_name, route) => {
		const replies = await Promise.all(ROLES.map((caller) => call(app.url, caller, route.method, route.path, { body: route.body?.(), form: route.form })));
		const got = Object.fromEntries(ROLES.map((c, i) => [c, replies[i].status]));
		const want = Object.fromEntries(ROLES.map((c) => [c, expected(route.expect, c)]));
		expect(got, replies.map((r, i) => `${ROLES[i]}: ${r.text.slice(0, 160)}`).join('\n')).toEqual(want);
		for (const [i, reply] of replies.entries()) {
			if (reply.status === 303 && route.method === 'GET') expect(reply.headers.location).toBe(`/signin?next=${encodeURIComponent(route.path)}`);
			if (!route.need) continue;
			if (reply.status === 401) expect(reply.json().message).toMatch(/^sign in/);
			// A role refusal names the role needed; a scope refusal names the component.
			if (reply.status === 403 && ROLES[i] !== 'scoped') expect(reply.json().message).toContain(`needs the ${route.need} role`);
			if (reply.status === 403 && ROLES[i] === 'scoped') expect(reply.json().message).toMatch(/component "(idp-b|cdn)" is outside the scope of "a-viewer"|needs the (operator|admin) role/);
		}
	});
});

describe('every socket event x every caller', () => {
	const clients: Client[] = [];
	afterAll(() => clients.forEach((c) => c.close()));

	it.each(ROLES.map((c) => [c]))('%s', async (caller) => {
		const { client, error } = await connectAs(app.url, caller);
		clients.push(client);
		if (caller === 'anonymous' || caller === 'spoofed') {
			expect(error).toMatch(/^unauthorized: sign in/);
			return;
		}
		if (caller === 'ingest') {
			expect(error).toBe('forbidden: "sender" (role ingest) may not view live data: this needs the viewer role (or operator, admin)');
			return;
		}
		expect(error).toBeUndefined();
		const board = await ask(client, 'subscribe', { board: 'overview' });
		expect(board.ok, board.error).toBe(true);
		const own = await ask(client, 'subscribe', { components: ['idp-a'], pipeline: true });
		expect(own.ok, own.error).toBe(true);
		const other = await ask(client, 'subscribe', { components: ['idp-b'] });
		const otherSeries = await ask(client, 'subscribe', { series: [{ component: 'cdn', measurement: 'traffic', field: 'rps' }] });
		if (caller === 'scoped') {
			expect(other).toEqual({ ok: false, error: 'component "idp-b" is outside the scope of "a-viewer"' });
			expect(otherSeries).toEqual({ ok: false, error: 'component "cdn" is outside the scope of "a-viewer"' });
			// The overview's series are cut to the scope, not refused.
			expect(new Set(board.data.series.map((s: { component: string }) => s.component))).toEqual(new Set(['idp-a']));
		} else {
			expect(other.ok, other.error).toBe(true);
			expect(otherSeries.ok, otherSeries.error).toBe(true);
			expect(new Set(board.data.series.map((s: { component: string }) => s.component))).toEqual(new Set(['cdn', 'idp-a', 'idp-b']));
		}
		const fill = await ask(client, 'fill', { room: own.data.room, since: Date.now() - 5_000 });
		expect(fill.ok, fill.error).toBe(true);
		expect(await ask(client, 'fill', { room: 'r:not-mine', since: 0 })).toEqual({ ok: false, error: 'not subscribed to that room' });
		expect(await ask(client, 'unsubscribe', own.data.room)).toEqual({ ok: true, data: null });
	});
});

describe('scoping', () => {
	it('gives a scoped viewer only its org’s components in latest values, boards and the pipeline', async () => {
		const latest = (await call(app.url, 'scoped', 'GET', '/api/v1/latest')).json();
		expect(latest.components.map((c: { id: string }) => c.id)).toEqual(['idp-a']);
		expect((await call(app.url, 'viewer', 'GET', '/api/v1/latest')).json().components.map((c: { id: string }) => c.id)).toEqual(['cdn', 'idp-a', 'idp-b']);
		const boards = (await call(app.url, 'scoped', 'GET', '/api/v1/boards')).json().map((b: { id: string }) => b.id);
		expect(boards).toContain('overview');
		expect(boards).not.toContain('stage-landing');
		const overview = (await call(app.url, 'scoped', 'GET', '/api/v1/boards/overview')).json();
		const components = new Set(overview.rows.flatMap((r: any) => r.panels.flatMap((p: any) => (p.type === 'stat' ? [p.series] : p.series))).map((s: any) => s.component));
		expect(components).toEqual(new Set(['idp-a']));
		const pipeline = (await call(app.url, 'scoped', 'GET', '/api/v1/pipeline')).json();
		expect(pipeline.stages.map((s: any) => [s.id, s.components])).toEqual([['identity', ['idp-a']]]);
		const page = await call(app.url, 'scoped', 'GET', '/');
		expect(page.text).toContain('Identity A');
		expect(page.text).not.toContain('Identity B');
	});

	it('holds a scoped operator to its components: silences and acknowledgements within them, no dead letters', async () => {
		const as = { headers: { authorization: `Token ${TOKENS.scopedOperator}` } };
		const mine = await call(app.url, 'anonymous', 'POST', '/api/v1/silences', { ...as, body: { ...silence(), matchers: ['component="idp-a"'] } });
		expect(mine.status).toBe(201);
		const theirs = await call(app.url, 'anonymous', 'POST', '/api/v1/silences', { ...as, body: { ...silence(), matchers: ['component="idp-b"'] } });
		expect(theirs.status).toBe(403);
		expect(theirs.json().message).toContain('only components within its scope');
		const retry = await call(app.url, 'anonymous', 'POST', '/api/v1/alerts/dead-letters/nope/retry', as);
		expect(retry.status).toBe(403);
		expect(retry.json().message).toContain('an operator without a scope may');
		expect((await call(app.url, 'operator', 'POST', '/api/v1/alerts/dead-letters/nope/retry')).status).toBe(404);
	});

	it('holds an ingest token to its orgs’ components, naming the one outside', async () => {
		const res = await call(app.url, 'anonymous', 'POST', '/api/v1/write', { headers: { authorization: `Token ${TOKENS.ingestA}` }, body: 'traffic,component=idp-a,instance=t rps=1\ntraffic,component=idp-b,instance=t rps=1' });
		expect(res.status).toBe(403);
		expect(res.json().error).toContain('component "idp-b" is outside the scope of token "sender-a"');
		expect(res.json()).toMatchObject({ accepted: 1, rejected: 1 });
	});

	it('never sends webhook URLs, chat tokens, secrets or token hashes to a viewer', async () => {
		const secrets = ['slacksecretslacksecret42', 'T0SECRET', 'telegram-secret-token', 'webhook-hmac-secret', 'sha256:', ...Object.values(TOKENS)];
		for (const caller of ['viewer', 'scoped'] as const) {
			for (const path of ['/api/v1/alerts', '/alerts', '/', '/api/v1/boards', '/api/v1/pipeline', '/api/v1/session', '/wall']) {
				const res = await call(app.url, caller, 'GET', path);
				expect(res.status, `${caller} ${path}`).toBe(200);
				for (const s of secrets) expect(res.text, `${caller} ${path} must not contain ${s.slice(0, 12)}…`).not.toContain(s);
			}
		}
		// Channels are listed by origin only.
		const channels = (await call(app.url, 'viewer', 'GET', '/api/v1/alerts')).json().channels;
		expect(channels.find((c: any) => c.id === 'ops-slack').target).toBe('https://hooks.slack.com/…');
		// Not even the admin's token list carries a hash.
		const tokens = await call(app.url, 'admin', 'GET', '/api/v1/admin/tokens');
		expect(tokens.text).not.toContain('sha256:');
		expect(tokens.json().tokens.map((t: { name: string }) => t.name)).toContain('a-viewer');
	});
});
