import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { SMALL_CONFIG, startApp, type RunningApp } from '../../helpers/app.ts';
import { influxQuery, influxRows } from '../../helpers/influx.ts';

/**
 * Every query path of the real app (the production entry against a real InfluxDB) with values
 * that are InfluxQL if pasted: stored series whose measurement, field and tags are hostile come
 * back exactly, and nothing else; hostile values that match nothing give empty answers, not
 * errors and not other series; values written to end the statement leave the database intact.
 */

// Hostile tag values. InfluxDB itself cannot store a tag value that ends in a backslash or holds
// a newline (line protocol has no escape for them), so those are asked for, never stored.
const C = {
	orTrue: "x' OR 1=1 --",
	quotes: 'a"b\\c',
	escapedQuote: "\\'",
	punctuation: 'semi;colon/slash*.+?',
	unicode: '한글 값 😀',
	drop: `'; DROP DATABASE "DB"; --`,
	carriageReturn: 'cr\rreturn',
	nul: 'nul\u0000byte'
};
const MEASUREMENT = "x' OR 1=1 --";
const FIELD = 'a"b\\c';
const ASKED_ONLY = ['a"b\\', "' OR ''='", 'multi\nline', `') OR ("component" = 'cdn`, "\\' OR 1=1 --", ''];

const S = Math.floor(Date.now() / 60_000) * 60 - 3_600; // an hour ago, on a minute, inside retention
const local = DateTime.fromMillis(S * 1000, { zone: 'Asia/Seoul' }).toFormat("yyyy-MM-dd'T'HH:mm");
const config = `${SMALL_CONFIG}
windows:
  - { id: past-opening, name: Past opening, cohort: test, start: "${local}", duration: 120s }
`;

/** Line-protocol escapes, written here rather than taken from the product. */
const escMeasurement = (s: string) => s.replace(/[, ]/g, (c) => `\\${c}`);
const escName = (s: string) => s.replace(/[,= ]/g, (c) => `\\${c}`);

let app: RunningApp;
const components = Object.values(C);
/** component -> the value stored at each of its seconds */
const stored = new Map(components.map((c, i) => [c, [i + 1, i + 101]]));

async function get(path: string) {
	const res = await fetch(`${app.url}${path}`, { headers: { authorization: `Token ${app.adminToken}` } });
	return { status: res.status, body: await res.json() };
}
const qs = (params: [string, string][]) => new URLSearchParams(params).toString();
const series = (component: string[], extra: [string, string][] = [], measurement = MEASUREMENT, field = FIELD) =>
	get(`/api/v1/series?${qs([['measurement', measurement], ['field', field], ...component.map((c): [string, string] => ['component', c]), ['from', String(S * 1000)], ['to', String((S + 60) * 1000)], ['source', 'raw'], ['step', '1000'], ...extra])}`);

async function waitForRows(q: string, n: number): Promise<void> {
	for (let i = 0; i < 100; i++) {
		if ((await influxRows(app.database, q)).length >= n) return;
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`the writer did not store ${n} rows for ${q}`);
}

async function databaseIntact(): Promise<void> {
	const dbs = (await influxQuery(app.database, 'SHOW DATABASES')).results[0].series![0].values.flat();
	expect(dbs).toContain(app.database);
	expect(await influxRows(app.database, `SELECT * FROM "${MEASUREMENT.replace(/"/g, '\\"')}"`)).toHaveLength(components.length * 2 + 2);
}

beforeAll(async () => {
	app = await startApp({ config });
	const lines: string[] = [];
	for (const c of [...components, 'cdn']) {
		const [a, b] = stored.get(c) ?? [1000, 2000];
		lines.push(`${escMeasurement(MEASUREMENT)},component=${escName(c)} ${escName(FIELD)}=${a} ${S + 10}`);
		lines.push(`${escMeasurement(MEASUREMENT)},component=${escName(c)} ${escName(FIELD)}=${b} ${S + 20}`);
	}
	// The window report's rollups, and transitions for the alert history, as the app stores them.
	for (let s = 0; s < 120; s++) lines.push(`rollup_1s,component=cdn,measurement=traffic requests=2,rps=2 ${S + s}`);
	lines.push(`rollup_1s,component=${escName(C.orTrue)},measurement=traffic requests=1000000,rps=1000000 ${S + 5}`);
	lines.push(`rollup_1s,component=${escName(C.drop)},measurement=${escName(MEASUREMENT)} ${escName(FIELD)}=1 ${S + 6}`);
	components.forEach((c, i) =>
		lines.push(`alert_transitions,component=${escName(c)},rule=${escName(`rule ${c}`)},severity=critical,status=firing alert_id="a${i}",from="pending",summary="s${i}",summary_ko="s${i}",value=${i} ${S + 30 + i}`)
	);
	const res = await fetch(`${app.url}/api/v1/write?precision=s`, { method: 'POST', headers: { authorization: `Token ${app.adminToken}` }, body: lines.join('\n') });
	expect(res.status, await res.text()).toBe(204);
	await waitForRows('SELECT * FROM alert_transitions', components.length);
	await waitForRows(`SELECT * FROM "${MEASUREMENT.replace(/"/g, '\\"')}"`, components.length * 2 + 2);
	await waitForRows('SELECT * FROM rollup_1s', 122);
}, 120_000);
afterAll(() => app?.close());

describe('GET /api/v1/series with hostile names and values', () => {
	it.each(Object.entries(C))('returns exactly the stored series of component %s, and nothing of the others', async (_name, component) => {
		const { status, body } = await series([component]);
		expect(status, JSON.stringify(body)).toBe(200);
		expect(body.series).toHaveLength(1);
		expect(body.series[0].ref).toMatchObject({ component, measurement: MEASUREMENT, field: FIELD });
		const values = body.series[0].values as (number | null)[];
		expect(values.filter((v) => v !== null)).toEqual(stored.get(component));
		expect(values[10]).toBe(stored.get(component)![0]);
		expect(values[20]).toBe(stored.get(component)![1]);
	});

	it('keeps several hostile components apart in one request', async () => {
		const { status, body } = await series([C.orTrue, C.drop, C.nul]);
		expect(status).toBe(200);
		expect(body.series.map((s: { values: (number | null)[] }) => s.values.filter((v) => v !== null))).toEqual([stored.get(C.orTrue), stored.get(C.drop), stored.get(C.nul)]);
	});

	it.each(ASKED_ONLY.filter(Boolean))('answers a component that matches nothing (%j) with an empty series, not an error or other data', async (component) => {
		const { status, body } = await series([component]);
		expect(status, JSON.stringify(body)).toBe(200);
		expect(body.series).toHaveLength(1);
		expect(body.series[0].values.every((v: unknown) => v === null)).toBe(true);
	});

	it.each([
		['a hostile measurement that matches nothing', `m" WHERE 1=1; DROP DATABASE "x"; --`, FIELD],
		['a hostile field that matches nothing', MEASUREMENT, `v") FROM /.*/; DROP DATABASE "x"; --`],
		['a regex-looking measurement', '/.*/', FIELD]
	])('answers %s with an empty series', async (_what, measurement, field) => {
		const { status, body } = await series([C.orTrue], [], measurement, field);
		expect(status, JSON.stringify(body)).toBe(200);
		expect(body.series[0].values.every((v: unknown) => v === null)).toBe(true);
	});

	it('answers a hostile instance with an empty series', async () => {
		const { status, body } = await series([C.orTrue], [['instance', "x' OR 'a'='a"]]);
		expect(status).toBe(200);
		expect(body.series[0].values.every((v: unknown) => v === null)).toBe(true);
	});

	it.each([
		['from', '99999999999999999999999'],
		['from', '-99999999999999999999999'],
		['to', '1e400']
	])('refuses %s=%s with 400 naming the parameter, instead of sending it to InfluxDB', async (name, value) => {
		const params: [string, string][] = [['measurement', MEASUREMENT], ['field', FIELD], ['component', C.orTrue], ['from', String(S * 1000)], ['to', String((S + 60) * 1000)], ['source', 'raw']];
		const { status, body } = await get(`/api/v1/series?${qs(params.map(([k, v]) => [k, k === name ? value : v]))}`);
		expect(status).toBe(400);
		expect(body.message).toContain(name);
	});

	it('refuses a measurement InfluxQL cannot name (a carriage return) with 400, not 500', async () => {
		const { status, body } = await series([C.orTrue], [], MEASUREMENT, 'f\rx');
		expect(status).toBe(400);
		expect(body.message).toMatch(/carriage return/);
	});

	it('leaves the database and its data intact after all of the above', databaseIntact);
});

describe('GET /api/v1/alerts/history with hostile filters', () => {
	const history = (params: [string, string][]) => get(`/api/v1/alerts/history?${qs([['from', String(S * 1000)], ['to', String((S + 60) * 1000)], ...params])}`);

	it.each(Object.entries(C))('returns exactly the transition of component %s', async (_name, component) => {
		const { status, body } = await history([['component', component]]);
		expect(status, JSON.stringify(body)).toBe(200);
		expect(body.entries.map((e: { component: string; rule: string }) => [e.component, e.rule])).toEqual([[component, `rule ${component}`]]);
	});

	it.each(Object.entries(C))('returns exactly the transition of rule "rule %s"', async (_name, component) => {
		const { body } = await history([['rule', `rule ${component}`]]);
		expect(body.entries.map((e: { component: string }) => e.component)).toEqual([component]);
	});

	it.each(ASKED_ONLY.filter(Boolean))('answers a filter that matches nothing (%j) with no entries', async (value) => {
		const { status, body } = await history([['component', value], ['rule', value]]);
		expect(status).toBe(200);
		expect(body.entries).toEqual([]);
	});

	it('refuses a hostile severity, status or limit with 400 naming it', async () => {
		for (const [k, v] of [['severity', "critical' OR 1=1 --"], ['status', 'firing; DROP DATABASE x'], ['limit', '1; DROP DATABASE x']]) {
			const { status, body } = await history([[k, v]]);
			expect(status).toBe(400);
			expect(body.message).toContain(k);
		}
	});

	it('leaves the database and its data intact', databaseIntact);
});

describe('POST /api/v1/alerts/backtest with hostile rules', () => {
	const backtest = async (rule: unknown, from: unknown = S * 1000, to: unknown = (S + 120) * 1000) => {
		const res = await fetch(`${app.url}/api/v1/alerts/backtest`, { method: 'POST', headers: { authorization: `Token ${app.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ rule, from, to }) });
		return { status: res.status, body: await res.json() };
	};
	const rule = (over: Record<string, unknown>) => ({ id: 'probe', type: 'threshold', measurement: 'traffic', field: 'rps', above: 1, ...over });

	it.each([
		['measurement', { measurement: MEASUREMENT }],
		['field', { field: `rps") FROM /.*/; DROP DATABASE "x"; --` }],
		['components', { components: [C.drop] }]
	])('refuses a rule with a hostile %s with 400, naming it', async (what, over) => {
		const { status, body } = await backtest(rule(over));
		expect(status, JSON.stringify(body)).toBe(400);
		expect(body.message).toContain(what);
	});

	it('refuses times beyond InfluxDB’s range with 400', async () => {
		const { status } = await backtest(rule({}), 1e30, 2e30);
		expect(status).toBe(400);
	});

	it('backtests a valid rule over the stored rollups (component cdn fires: 2 requests/s above 1)', async () => {
		const { status, body } = await backtest(rule({ components: ['cdn'] }));
		expect(status, JSON.stringify(body)).toBe(200);
		expect(JSON.stringify(body)).toContain('firing');
	});

	it('leaves the database and its data intact', databaseIntact);
});

describe('GET /api/v1/windows/:id/report over stored hostile rollups', () => {
	it('reports the configured components exactly; hostile stored rows neither leak into it nor break it', async () => {
		const { status, body } = await get('/api/v1/windows/past-opening/report');
		expect(status, JSON.stringify(body)).toBe(200);
		const landing = body.stages.find((s: { id: string }) => s.id === 'landing');
		expect(landing.requests).toBe(240); // 2 a second for 120 s from cdn; not the hostile 1,000,000
	});

	it('answers a hostile window id with 404 naming it', async () => {
		const { status, body } = await get(`/api/v1/windows/${encodeURIComponent(`x' OR 1=1; DROP DATABASE "x"; --`)}/report`);
		expect(status).toBe(404);
		expect(body.message).toContain("x' OR 1=1");
	});

	it('leaves the database and its data intact', databaseIntact);
});
