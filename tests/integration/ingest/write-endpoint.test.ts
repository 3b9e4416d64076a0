import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateToken, hashToken } from '../../../src/lib/server/auth/index.ts';
import { SMALL_CONFIG, startApp, type RunningApp } from '../../helpers/app.ts';
import { influxRows, influxQuery } from '../../helpers/influx.ts';

const tokens = {
	idpA: generateToken('a'),
	cdnOnly: generateToken('c'),
	viewer: generateToken('v'),
	slow: generateToken('s')
};
const config = `${SMALL_CONFIG}
ingest:
  max_body_bytes: 200000
auth:
  tokens:
    - { name: cloud-a-sender, role: ingest, orgs: [cloud-a], hash: "${hashToken(tokens.idpA)}" }
    - { name: cdn-sender, role: ingest, components: [cdn], hash: "${hashToken(tokens.cdnOnly)}" }
    - { name: wall, role: viewer, hash: "${hashToken(tokens.viewer)}" }
    - { name: trickle, role: ingest, rate_limit: 5, hash: "${hashToken(tokens.slow)}" }
`;

let app: RunningApp;
beforeAll(async () => {
	app = await startApp({ config });
});
afterAll(() => app?.close());

function post(path: string, body: string | Buffer, headers: Record<string, string> = {}) {
	return fetch(`${app.url}${path}`, {
		method: 'POST',
		headers: { authorization: `Token ${app.adminToken}`, ...headers },
		body: body as BodyInit
	});
}
const rows = (q: string) => influxRows(app.database, q);

// Timestamps inside the retention policy (7 d): yesterday, 00:00 UTC.
const S = Math.floor(Date.now() / 86_400_000) * 86_400 - 86_400;
const iso = (seconds: number, fraction = '') => new Date(seconds * 1000).toISOString().replace('.000Z', `${fraction}Z`);

describe('POST /api/v1/write and /write', () => {
	it('stores every field type and reads back with the right types', async () => {
		const res = await post('/api/v1/write?precision=s', `types,component=cdn f=1.5,i=42i,s="hello",b=true,bf=F ${S}`);
		expect(res.status).toBe(204);
		const [row] = await rows('SELECT * FROM types');
		expect(row).toMatchObject({ time: iso(S), f: 1.5, i: 42, s: 'hello', b: true, bf: false });
		const keys = await influxQuery(app.database, 'SHOW FIELD KEYS FROM types');
		expect(keys.results[0].series![0].values).toEqual([
			['b', 'boolean'],
			['bf', 'boolean'],
			['f', 'float'],
			['i', 'integer'],
			['s', 'string']
		]);
	});

	it('keeps escaped commas, spaces, equals signs, quotes and backslashes', async () => {
		const line = String.raw`esc\ m\,x,component=cdn,tag\ k\=1=v\,a\ b\=c msg="say \"hi\" C:\path",n=1 ${S * 1000 + 1000}`;
		expect((await post('/write?precision=ms', line)).status).toBe(204);
		const [row] = await rows(String.raw`SELECT * FROM "esc m,x"`);
		expect(row).toMatchObject({ 'tag k=1': 'v,a b=c', msg: String.raw`say "hi" C:\path`, n: 1, time: iso(S + 1) });
	});

	it('rejects a bad line with its number and stores the good lines (partial write)', async () => {
		const body = [`partial,component=cdn v=1 ${S + 1}`, '# a comment', '', `partial,component=cdn v=oops ${S + 2}`, `partial,component=cdn v=3 ${S + 3}`].join('\n');
		const res = await post('/api/v1/write?precision=s', body);
		expect(res.status).toBe(400);
		const json = await res.json();
		expect(json.line).toBe(4);
		expect(json.error).toMatch(/partial write: line 4: .*invalid/);
		expect(json).toMatchObject({ accepted: 2, rejected: 1 });
		expect((await rows('SELECT v FROM partial')).map((r) => r.v)).toEqual([1, 3]);
	});

	it('refuses points older than the retention policy by line, instead of acknowledging and losing them', async () => {
		const body = [`old,component=cdn v=1 ${S}`, 'old,component=cdn v=2 1000', `old,component=cdn v=3 ${S + 1}`].join('\n');
		const res = await post('/api/v1/write?precision=s', body);
		expect(res.status).toBe(400);
		const json = await res.json();
		expect(json).toMatchObject({ line: 2, accepted: 2, rejected: 1 });
		expect(json.error).toMatch(/line 2: point is older than the retention policy \(7d\)/);
		expect((await rows('SELECT v FROM old')).map((r) => r.v)).toEqual([1, 3]);
	});

	it('rejects a field whose type conflicts with the stored type, as InfluxDB would', async () => {
		expect((await post('/api/v1/write?precision=s', `conflict,component=cdn x=1i ${S + 10}`)).status).toBe(204);
		const res = await post('/api/v1/write?precision=s', `conflict,component=cdn x=2.5 ${S + 11}\nconflict,component=cdn x=3i ${S + 12}`);
		expect(res.status).toBe(400);
		const json = await res.json();
		expect(json.line).toBe(1);
		expect(json.errors[0].error).toBe('field type conflict: input field "x" on measurement "conflict" is type float, already exists as type integer');
		expect((await rows('SELECT x FROM conflict')).map((r) => r.x)).toEqual([1, 3]);
	});

	it('rejects the later line when two lines of one batch disagree on a type, keeping the first', async () => {
		const res = await post('/api/v1/write?precision=s', `inbatch,component=cdn y=1i ${S + 1}\ninbatch,component=cdn y="text" ${S + 2}`);
		expect(res.status).toBe(400);
		expect((await res.json()).line).toBe(2);
		expect((await rows('SELECT y FROM inbatch')).map((r) => r.y)).toEqual([1]);
	});

	it('accepts a gzip body', async () => {
		const body = gzipSync(Buffer.from(`gz,component=cdn v=7 ${S + 5}\ngz,component=cdn v=8 ${S + 6}`));
		expect((await post('/api/v1/write?precision=s', body, { 'content-encoding': 'gzip' })).status).toBe(204);
		expect((await rows('SELECT v FROM gz')).map((r) => r.v)).toEqual([7, 8]);
	});

	it('rejects an invalid gzip body with 400', async () => {
		const res = await post('/api/v1/write', Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' });
		expect(res.status).toBe(400);
		expect((await res.json()).error).toMatch(/invalid gzip/);
	});

	it.each([
		['ns', `${S}123456789`, iso(S, '.123456789')],
		['us', `${S}123456`, iso(S, '.123456')],
		['ms', `${S}123`, iso(S, '.123')],
		['s', `${S}`, iso(S)]
	])('scales timestamps sent with precision=%s', async (precision, ts, expected) => {
		const m = `prec_${precision}`;
		expect((await post(`/api/v1/write?precision=${precision}`, `${m},component=cdn v=1 ${ts}`)).status).toBe(204);
		expect((await rows(`SELECT v FROM ${m}`))[0].time).toBe(expected);
	});

	it('gives lines without a timestamp the server time', async () => {
		const before = Date.now();
		expect((await post('/api/v1/write', 'notime,component=cdn v=1\nnotime,component=cdn,instance=b v=2')).status).toBe(204);
		const got = await influxRows(app.database, 'SELECT v FROM notime', undefined, 'ms');
		expect(got).toHaveLength(2);
		for (const r of got) expect(Math.abs((r.time as number) - before)).toBeLessThan(5_000);
		expect(got[0].time).toBe(got[1].time); // one server time per request, as InfluxDB does
	});

	it('refuses an unknown precision', async () => {
		expect((await post('/api/v1/write?precision=fortnight', 'x v=1')).status).toBe(400);
	});
});

describe('POST /api/v1/metrics (JSON)', () => {
	it('stores JSON points, and rejects a bad one by its position while storing the rest', async () => {
		const body = JSON.stringify({
			points: [
				{ measurement: 'json_m', tags: { component: 'cdn' }, fields: { rps: 12.5, status: 'ok' }, time: S * 1000 },
				{ measurement: 'json_m', tags: { component: 'cdn' }, fields: {}, time: S * 1000 + 1000 },
				{ measurement: 'json_m', tags: { component: 'cdn' }, fields: { rps: 13 }, time: iso(S + 2) }
			]
		});
		const res = await post('/api/v1/metrics', body, { 'content-type': 'application/json' });
		expect(res.status).toBe(400);
		expect((await res.json()).line).toBe(2);
		const got = await rows('SELECT rps FROM json_m');
		expect(got.map((r) => [r.time, r.rps])).toEqual([
			[iso(S), 12.5],
			[iso(S + 2), 13]
		]);
	});

	it('rejects a body that is not { points: [...] } with 400', async () => {
		for (const body of ['{"nope":1}', '[1,2]', '{not json']) {
			expect((await post('/api/v1/metrics', body, { 'content-type': 'application/json' })).status).toBe(400);
		}
	});
});

describe('authentication, scope and limits', () => {
	const line = (component: string, v = 1) => `authm,component=${component} v=${v}`;
	const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

	it.each([
		['Token', (t: string) => ({ headers: { authorization: `Token ${t}` }, q: '' })],
		['Bearer', (t: string) => ({ headers: { authorization: `Bearer ${t}` }, q: '' })],
		['Basic', (t: string) => ({ headers: { authorization: basic('someone', t) }, q: '' })],
		['u/p query parameters', (t: string) => ({ headers: {}, q: `&u=someone&p=${encodeURIComponent(t)}` })]
	])('accepts the token as %s', async (_name, form) => {
		const { headers, q } = form(tokens.idpA);
		const res = await fetch(`${app.url}/write?db=x${q}`, { method: 'POST', headers, body: line('idp-a') });
		expect(res.status).toBe(204);
	});

	it('answers 401 without a token and with an unknown one', async () => {
		expect((await fetch(`${app.url}/api/v1/write`, { method: 'POST', body: line('cdn') })).status).toBe(401);
		const res = await fetch(`${app.url}/api/v1/write`, { method: 'POST', headers: { authorization: 'Token nope' }, body: line('cdn') });
		expect(res.status).toBe(401);
		expect((await res.json()).error).toMatch(/unknown token/);
	});

	it('answers 403 to a token whose role may not send', async () => {
		const res = await fetch(`${app.url}/api/v1/write`, { method: 'POST', headers: { authorization: `Token ${tokens.viewer}` }, body: line('cdn') });
		expect(res.status).toBe(403);
	});

	it('answers 403 naming the component outside the token’s scope, and stores the rest', async () => {
		const body = [line('idp-a', 1), line('idp-b', 2), line('cdn', 3), `${line('idp-a', 4)} ${S + 99}`].join('\n');
		const res = await fetch(`${app.url}/api/v1/write?precision=s`, { method: 'POST', headers: { authorization: `Token ${tokens.idpA}` }, body });
		expect(res.status).toBe(403);
		const json = await res.json();
		expect(json.errors.map((e: { line: number }) => e.line)).toEqual([2, 3]);
		expect(json.errors[0].error).toMatch(/component "idp-b" is outside the scope of token "cloud-a-sender"/);
		const stored = await rows(`SELECT v FROM authm WHERE component = 'idp-a' AND time = ${S + 99}s`);
		expect(stored).toHaveLength(1);
	});

	it('scopes a component-scoped token to its components', async () => {
		const ok = await fetch(`${app.url}/api/v1/write`, { method: 'POST', headers: { authorization: `Token ${tokens.cdnOnly}` }, body: line('cdn') });
		expect(ok.status).toBe(204);
		const no = await fetch(`${app.url}/api/v1/write`, { method: 'POST', headers: { authorization: `Token ${tokens.cdnOnly}` }, body: line('idp-a') });
		expect(no.status).toBe(403);
	});

	it('answers 413 over the body limit, also for gzip that inflates past it', async () => {
		const big = `${'big,component=cdn v=1\n'.repeat(12_000)}`; // ~264 KB > 200 KB
		expect((await post('/api/v1/write', big)).status).toBe(413);
		const bomb = gzipSync(Buffer.from(big));
		expect(bomb.length).toBeLessThan(200_000);
		expect((await post('/api/v1/write', bomb, { 'content-encoding': 'gzip' })).status).toBe(413);
		// and the app keeps serving
		expect((await post('/api/v1/write', line('cdn'))).status).toBe(204);
	});

	it('answers 429 with Retry-After when a token exceeds its rate, while others are served', async () => {
		const send = (n: number) =>
			fetch(`${app.url}/api/v1/write`, {
				method: 'POST',
				headers: { authorization: `Token ${tokens.slow}` },
				body: Array.from({ length: n }, (_, i) => `ratem,component=cdn,i=${i} v=1`).join('\n')
			});
		expect((await send(50)).status).toBe(204); // overdraws a 5 points/s bucket
		const limited = await send(1);
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
		expect((await post('/api/v1/write', line('cdn'))).status).toBe(204);
	});
});

describe('what Telegraf sends', () => {
	it('creates its database, then writes gzip line protocol with Basic auth, and the points are stored', async () => {
		// Telegraf's outputs.influxdb (HTTP): CREATE DATABASE first, then gzip batches to /write.
		const auth = `Basic ${Buffer.from(`telegraf:${tokens.idpA}`).toString('base64')}`;
		const create = await fetch(`${app.url}/query`, {
			method: 'POST',
			headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'Telegraf/1.32.0 Go/1.23' },
			body: 'q=CREATE+DATABASE+%22telegraf%22'
		});
		expect(create.status).toBe(200);
		const lines = [
			`cpu,component=idp-a,cpu=cpu-total,host=idp-a-01 usage_idle=97.5,usage_user=1.25,usage_system=0.8 ${S}000000000`,
			`mem,component=idp-a,host=idp-a-01 used=8123456789i,available_percent=42.1,total=17179869184i ${S}000000000`,
			`net,component=idp-a,host=idp-a-01,interface=eth0 bytes_recv=123456789012i,err_in=0i ${S}000000000`
		].join('\n');
		const res = await fetch(`${app.url}/write?db=telegraf&precision=ns`, {
			method: 'POST',
			headers: {
				authorization: auth,
				'content-encoding': 'gzip',
				'content-type': 'text/plain; charset=utf-8',
				'user-agent': 'Telegraf/1.32.0 Go/1.23'
			},
			body: gzipSync(Buffer.from(lines + '\n')) as BodyInit
		});
		expect(res.status).toBe(204);
		expect((await rows('SELECT usage_idle, usage_user FROM cpu'))[0]).toMatchObject({ usage_idle: 97.5, usage_user: 1.25, time: iso(S) });
		expect((await rows('SELECT used FROM mem'))[0].used).toBe(8123456789);
		expect((await rows('SELECT bytes_recv FROM net'))[0].bytes_recv).toBe(123456789012);
	});

	it('answers /ping like InfluxDB, with a version header', async () => {
		const res = await fetch(`${app.url}/ping`);
		expect(res.status).toBe(204);
		expect(res.headers.get('x-influxdb-version')).toBeTruthy();
	});
});
