import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, Frame, ServerToClientEvents, Subscription } from '../../../src/lib/protocol/live.ts';
import type { SeriesResponse } from '../../../src/lib/protocol/series.ts';
import { ROLLUP_1M, ROLLUP_1S } from '../../../src/lib/server/live/rollup-names.ts';
import { SMALL_CONFIG, startApp, type RunningApp } from '../../helpers/app.ts';
import { influxRows } from '../../helpers/influx.ts';

/**
 * The hub's rollups end to end: what it streams over socket.io is what it stores in InfluxDB,
 * and what GET /api/v1/series answers from each of its sources (raw points, 1 s rollups, 1 min
 * downsample). A chart that switches source when the range widens must not change its values.
 */

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	while (cleanups.length) await cleanups.pop()!();
});

// The hub takes points only within its raw window (default 1 min). Three minutes let one POST
// cover a whole closed minute plus the current one, so the test need not wait a minute for one
// to close; a 1 s grace stores closed seconds sooner.
const CONFIG = `${SMALL_CONFIG}
live:
  raw_window: 3m
  rollup_grace: 1s
`;

const COMPONENTS = ['cdn', 'idp-a'];
const INSTANCES = ['a', 'b'];
// rps adds up across instances, p95_ms takes the worst (src/lib/server/live/rollup-rules.ts).
const FIELDS = ['rps', 'p95_ms'] as const;
type Field = (typeof FIELDS)[number];

/** What instance `ii` of component `ci` sends at `second`: non-integers, and the max switches between instances. */
function sent(ci: number, ii: number, field: Field, second: number): number {
	if (field === 'rps') return (ci + 1) * 100 + ii * 37 + ((second * (ii + 3)) % 17) * 1.25;
	return 80 + ci * 20 + ((second * (ii + 2)) % 13) * 2.5;
}

function rolledUp(ci: number, field: Field, second: number): number {
	const values = INSTANCES.map((_, ii) => sent(ci, ii, field, second));
	return field === 'rps' ? values.reduce((a, b) => a + b, 0) : Math.max(...values);
}

const minuteOf = (second: number) => second - (((second % 60) + 60) % 60);
const key = (component: string, field: string) => `${component}/${field}`;

async function start(): Promise<RunningApp> {
	const app = await startApp({ config: CONFIG });
	cleanups.push(() => app.close());
	return app;
}

function connect(app: RunningApp): Client {
	const c: Client = io(`${app.url}/live`, { auth: { token: app.adminToken }, transports: ['websocket'], reconnection: false });
	cleanups.push(() => c.close());
	return c;
}

function subscribe(c: Client, req: Parameters<ClientToServerEvents['subscribe']>[0]): Promise<Subscription> {
	return new Promise((resolve, reject) =>
		c.emit('subscribe', req, (reply) => (reply.ok ? resolve(reply.data) : reject(new Error(reply.error))))
	);
}

async function ingest(app: RunningApp, lines: string[]): Promise<void> {
	const res = await fetch(`${app.url}/api/v1/write?precision=ms`, { method: 'POST', headers: { authorization: `Token ${app.adminToken}` }, body: lines.join('\n') });
	if (res.status !== 204) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
}

async function series(app: RunningApp, params: Record<string, string | number | string[]>): Promise<SeriesResponse> {
	const search = new URLSearchParams();
	for (const [k, v] of Object.entries(params)) for (const one of [v].flat()) search.append(k, String(one));
	const res = await fetch(`${app.url}/api/v1/series?${search}`, { headers: { authorization: `Token ${app.adminToken}` } });
	if (!res.ok) throw new Error(`/api/v1/series answered ${res.status}: ${await res.text()}`);
	return (await res.json()) as SeriesResponse;
}

/** Polls `read` until `done` holds or the deadline passes, and returns the last reading either way (the caller asserts on it). */
async function poll<T>(read: () => Promise<T> | T, done: (v: T) => boolean, timeoutMs: number): Promise<T> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const v = await read();
		if (done(v) || Date.now() > until) return v;
		await new Promise((r) => setTimeout(r, 200));
	}
}

/** Every frame's values, by series and epoch second (a later frame replaces an earlier value). */
function collectFrames(c: Client, sub: Subscription) {
	const streamed = new Map<string, Map<number, number | null>>();
	const frames: Frame[] = [];
	c.on('frame', (f) => {
		frames.push(f);
		sub.series.forEach((ref, col) => {
			let bySecond = streamed.get(key(ref.component, ref.field));
			if (!bySecond) streamed.set(key(ref.component, ref.field), (bySecond = new Map()));
			f.block.times.forEach((t, i) => bySecond.set(t / 1000, f.block.values[col][i]));
		});
	});
	return { streamed, frames };
}

/** Values of a response's series for `component`, by epoch second; empty slots left out. */
function bySecond(res: SeriesResponse, component: string): Map<number, number> {
	const s = res.series.find((x) => x.ref.component === component);
	const out = new Map<number, number>();
	res.times.forEach((t, i) => s && s.values[i] !== null && out.set(t / 1000, s.values[i]!));
	return out;
}

/** `{ 'cdn/rps': [v at seconds[0], ...], ... }`: one shape for every source, so a mismatch diffs readably. */
function table(seconds: number[], valueAt: (component: string, field: Field, second: number) => number | null | undefined) {
	return Object.fromEntries(COMPONENTS.flatMap((c) => FIELDS.map((f) => [key(c, f), seconds.map((s) => valueAt(c, f, s) ?? null)])));
}

describe('rollups: streamed, stored, and served back', () => {
	it('stores the streamed 1 s rollups and their 1 min means, and /api/v1/series answers the same values from raw, rollup_1s and rollup_1m', async () => {
		const app = await start();
		const c = connect(app);
		const sub = await subscribe(c, { series: COMPONENTS.flatMap((component) => FIELDS.map((field) => ({ component, measurement: 'traffic', field }))) });
		const { streamed, frames } = collectFrames(c, sub);

		// The whole previous minute (`full`), the tail of the one before it, and the current minute so far.
		const now = Math.floor(Date.now() / 1000);
		const full = minuteOf(now) - 60;
		const seconds = Array.from({ length: now - (full - 5) }, (_, i) => full - 5 + i);
		const first = seconds[0];
		const last = seconds.at(-1)!;
		const lines = seconds.flatMap((s) =>
			COMPONENTS.flatMap((component, ci) =>
				INSTANCES.map((instance, ii) => `traffic,component=${component},instance=${instance} rps=${sent(ci, ii, 'rps', s)},p95_ms=${sent(ci, ii, 'p95_ms', s)} ${s * 1000 + (ii ? 640 : 90)}`)
			)
		);
		await ingest(app, lines);

		// What the hub streamed: every second, rolled up across the two instances.
		const streamedAt = (component: string, field: string, s: number) => streamed.get(key(component, field))?.get(s);
		await poll(
			() => frames.length,
			() => seconds.every((s) => COMPONENTS.every((comp) => FIELDS.every((f) => streamedAt(comp, f, s) != null))),
			5_000
		);
		const expected = table(seconds, (comp, f, s) => rolledUp(COMPONENTS.indexOf(comp), f, s));
		const live = table(seconds, streamedAt);
		expect(live).toEqual(expected);

		// (a) InfluxDB holds the same 1 s rollups, and each closed minute's mean of them.
		const minutes = [full - 60, full];
		const meanOfMinute = (comp: string, f: Field, m: number) => {
			const vs = seconds.filter((s) => minuteOf(s) === m).map((s) => streamedAt(comp, f, s)!);
			return vs.reduce((a, b) => a + b, 0) / vs.length;
		};
		expect(seconds.filter((s) => minuteOf(s) === full)).toHaveLength(60);
		const expectedMinutes = table(minutes, (comp, f, m) => meanOfMinute(comp, f, m));

		const storedTable = async (measurement: string, at: number[]) => {
			const rows = await influxRows(
				app.database,
				`SELECT "rps", "p95_ms" FROM "${measurement}" WHERE "measurement" = 'traffic' AND time >= ${at[0]}s AND time <= ${at.at(-1)}s GROUP BY "component"`,
				app.influxUrl,
				'ms'
			);
			const byKey = new Map(rows.map((r) => [`${r.component}@${Number(r.time) / 1000}`, r]));
			return table(at, (comp, f, s) => byKey.get(`${comp}@${s}`)?.[f] as number | undefined);
		};
		const stored1s = await poll(() => storedTable(ROLLUP_1S, seconds), (t) => JSON.stringify(t) === JSON.stringify(live), 15_000);
		expect(stored1s).toEqual(live);
		const stored1m = await poll(() => storedTable(ROLLUP_1M, minutes), (t) => closeTables(t, expectedMinutes), 15_000);
		expectCloseTables(stored1m, expectedMinutes);

		// (b) raw: per instance from InfluxDB; rolled up by the hub's rules they give what it streamed.
		const rawRange = { measurement: 'traffic', from: first * 1000, to: (last + 1) * 1000 };
		const raw = new Map<string, Map<number, number>>();
		for (const component of COMPONENTS) {
			for (const instance of INSTANCES) {
				for (const field of FIELDS) {
					const res = await poll(
						() => series(app, { ...rawRange, field, component, instance }),
						(r) => bySecond(r, component).size === seconds.length,
						5_000
					);
					expect(res).toMatchObject({ source: 'raw', stepMs: 1000 });
					expect(res.series[0].ref).toEqual({ component, measurement: 'traffic', field, instance });
					raw.set(`${key(component, field)}/${instance}`, bySecond(res, component));
				}
			}
		}
		const sentTable = (ii: number) => table(seconds, (comp, f, s) => sent(COMPONENTS.indexOf(comp), ii, f, s));
		for (const [ii, instance] of INSTANCES.entries()) {
			expect(table(seconds, (comp, f, s) => raw.get(`${key(comp, f)}/${instance}`)?.get(s))).toEqual(sentTable(ii));
		}
		const rawRolledUp = table(seconds, (comp, f, s) => {
			const vs = INSTANCES.map((i) => raw.get(`${key(comp, f)}/${i}`)!.get(s)!);
			return f === 'rps' ? vs.reduce((a, b) => a + b, 0) : Math.max(...vs);
		});
		expect(rawRolledUp).toEqual(live);

		// (b) rollup_1s, from InfluxDB: a range reaching back past the hub's 15 min memory is read from
		// storage; its axis then starts at `from` (the memory path would start at the window's oldest second).
		const old = Date.now() - 20 * 60_000;
		for (const field of FIELDS) {
			const res = await series(app, { measurement: 'traffic', field, component: COMPONENTS, from: old, to: (last + 1) * 1000 });
			expect(res).toMatchObject({ source: 'rollup_1s', stepMs: 1000 });
			expect(res.times[0]).toBe(Math.floor(old / 1000) * 1000);
			for (const component of COMPONENTS) {
				const got = bySecond(res, component);
				expect([...got.keys()]).toEqual(seconds);
				expect(seconds.map((s) => got.get(s))).toEqual(live[key(component, field)]);
			}
		}
		// ...and the same range within the hub's memory (served without InfluxDB) agrees.
		for (const field of FIELDS) {
			const res = await series(app, { measurement: 'traffic', field, component: COMPONENTS, from: first * 1000, to: (last + 1) * 1000 });
			expect(res).toMatchObject({ source: 'rollup_1s', stepMs: 1000 });
			for (const component of COMPONENTS) expect(seconds.map((s) => bySecond(res, component).get(s))).toEqual(live[key(component, field)]);
		}

		// (b) rollup_1m: ranges wider than 6 h read the downsample, one value per minute, the mean of
		// the streamed seconds of that minute.
		const wide = Date.now() - 7 * 3_600_000;
		const served1m: Record<string, (number | null)[]> = {};
		for (const field of FIELDS) {
			const res = await series(app, { measurement: 'traffic', field, component: COMPONENTS, from: wide, to: Date.now() });
			expect(res).toMatchObject({ source: 'rollup_1m', stepMs: 60_000 });
			for (const component of COMPONENTS) {
				const got = bySecond(res, component);
				served1m[key(component, field)] = minutes.map((m) => got.get(m) ?? null);
				// Nothing before the data, and nothing but whole minutes.
				for (const t of got.keys()) expect(t >= minutes[0] && t % 60 === 0).toBe(true);
			}
		}
		expectCloseTables(served1m, expectedMinutes);
	});
});

/** Means may be summed in a different order by the hub and by InfluxDB: equal to 1e-9 relative. */
function closeTables(a: Record<string, (number | null)[]>, b: Record<string, (number | null)[]>): boolean {
	return Object.keys(b).every((k) => a[k]?.length === b[k].length && a[k].every((v, i) => v !== null && Math.abs(v - b[k][i]!) <= 1e-9 * Math.abs(b[k][i]!)));
}

function expectCloseTables(got: Record<string, (number | null)[]>, want: Record<string, (number | null)[]>): void {
	if (!closeTables(got, want)) expect(got).toEqual(want);
}
