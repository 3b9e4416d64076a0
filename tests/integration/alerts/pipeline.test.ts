import { afterEach, describe, expect, it } from 'vitest';
import { generateToken } from '../../../src/lib/server/auth/index.ts';
import { influxRows, uniqueDatabase } from '../../helpers/influx.ts';
import { startReceiver, type Receiver } from '../../helpers/receiver.ts';
import { SMALL_CONFIG } from '../../helpers/app.ts';
import { startInProcess, type InProcessApp } from '../../helpers/services.ts';

/**
 * The whole alert path in the running services, on a simulated clock: points through the real
 * ingest, the live hub, the rule engine, the notifier and the delivery queue, to a real HTTP
 * receiver. Then a restart in the middle of a firing alert: no second firing message, and the
 * resolve still arrives, whether the recovery comes after the restart or happened while down.
 */
const configFor = (receiver: Receiver) => `${SMALL_CONFIG}
alerts:
  rules:
    - { id: cdn-busy, type: threshold, measurement: traffic, field: rps, above: 1000, recover: 800, for: 2s, severity: critical, components: [cdn] }
    - { id: idp-slow, type: threshold, measurement: traffic, field: p95_ms, above: 2000, by: instance, components: [idp-a], severity: warning }
  routes:
    - { matchers: ['severity=~"critical|warning"'], channels: [hook], group_by: [alertname], group_interval: 30s, repeat_interval: 1h }
channels:
  - { id: hook, type: webhook, url: "${receiver.url}/hook", secret: "a-secret-of-16-chars-or-more" }
`;

let app: InProcessApp | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
	await app?.close();
	await receiver?.close();
	app = receiver = undefined;
});

const T0 = Math.floor((Date.now() - 600_000) / 1000) * 1000;

async function second(a: InProcessApp, clock: { now: number }, t: number, lines: string[]): Promise<void> {
	clock.now = t + 300;
	const res = await fetch(`${a.url}/api/v1/write?precision=ms`, { method: 'POST', headers: { authorization: `Token ${a.adminToken}` }, body: lines.join('\n') });
	expect(res.status, await res.text()).toBe(204);
	clock.now = t + 1_050;
	a.app.live.flush();
	await a.app.live.tick();
	await a.app.services.alerts.evaluateUpTo(Math.floor(t / 1000));
}

const cdn = (rps: number, t: number) => `traffic,component=cdn,instance=cdn-1 rps=${rps} ${t}`;
const idp = (instance: string, p95: number, t: number) => `traffic,component=idp-a,instance=${instance} p95_ms=${p95} ${t}`;

describe('alerts end to end in the services', () => {
	it('fires after `for`, groups 20 instance alerts into one message, resolves by the recovery level, and keeps the history', async () => {
		receiver = await startReceiver();
		const clock = { now: T0 };
		app = await startInProcess({ config: configFor(receiver), now: () => clock.now });
		const instances = Array.from({ length: 20 }, (_, i) => `idp-a-${i}`);
		// 40 s: past the 30 s group_interval, which holds a group's next message (here the resolve).
		for (let s = 0; s < 40; s++) {
			const t = T0 + s * 1000;
			// cdn: breach from 2 s to 7 s, then 900 (between recover and threshold: still firing), then 700.
			const rps = s < 2 ? 500 : s < 7 ? 1500 : s < 9 ? 900 : 700;
			const p95 = s >= 3 ? 2500 : 300; // every instance slow from 3 s on
			await second(app, clock, t, [cdn(rps, t), ...instances.map((i) => idp(i, p95, t))]);
		}
		const got = await receiver.waitFor(3, 10_000);
		await new Promise((r) => setTimeout(r, 500));
		const firing = got.filter((r) => r.json.status === 'firing');
		const resolved = got.filter((r) => r.json.status === 'resolved');
		// One message for the cdn rule (fired at 4 s: 2 s of breach), one for the 20 instances together.
		expect(firing.map((r) => r.json.groupLabels?.alertname ?? r.json.alerts[0].labels.alertname).sort()).toEqual(['cdn-busy', 'idp-slow']);
		const idpMessage = firing.find((r) => r.json.alerts[0].labels.alertname === 'idp-slow')!;
		expect(idpMessage.json.alerts).toHaveLength(20);
		// The cdn alert stayed firing at 900 (above `recover`) and resolved at 700.
		expect(resolved).toHaveLength(1);
		expect(resolved[0].json.alerts[0].labels.alertname).toBe('cdn-busy');
		expect(receiver.received).toHaveLength(3);
		// Signed as the generic webhook documents it.
		expect(idpMessage.headers['x-monitor-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
		// Every transition is in InfluxDB.
		await expect
			.poll(async () => (await influxRows(app!.database, `SELECT count("alert_id") FROM "alert_transitions" WHERE "rule" = 'cdn-busy'`))[0]?.count ?? 0, { timeout: 5_000 })
			.toBe(3); // pending, firing, resolved
	}, 60_000);

	it.each([
		['recovers after the restart', true],
		['recovered while the app was down', false]
	])('a restart while firing sends no second firing message and keeps the resolve (%s)', async (_name, recoverAfterRestart) => {
		receiver = await startReceiver();
		const clock = { now: T0 };
		const shared = { dataDir: undefined as string | undefined, database: uniqueDatabase('restart'), adminToken: generateToken('test') };
		app = await startInProcess({ config: configFor(receiver), now: () => clock.now, database: shared.database, adminToken: shared.adminToken, keepData: true });
		shared.dataDir = app.dataDir;
		let s = 0;
		for (; s < 6; s++) await second(app, clock, T0 + s * 1000, [cdn(1500, T0 + s * 1000)]);
		await receiver.waitFor(1);
		expect(receiver.received[0].json.status).toBe('firing');
		await app.close();

		// Down for 20 s; the sender's points of that time never reached the monitor.
		s += 20;
		app = await startInProcess({ config: configFor(receiver), now: () => clock.now, ...shared, dataDir: shared.dataDir, keepData: false });
		if (recoverAfterRestart) {
			for (let k = 0; k < 5; k++, s++) await second(app, clock, T0 + s * 1000, [cdn(1500, T0 + s * 1000)]);
			await new Promise((r) => setTimeout(r, 500));
			expect(receiver.received, 'no second firing message after the restart').toHaveLength(1);
		}
		// Recovered; the resolve goes out once the group's 30 s group_interval since the firing message has passed.
		for (let k = 0; k < 12; k++, s++) await second(app, clock, T0 + s * 1000, [cdn(100, T0 + s * 1000)]);
		await receiver.waitFor(2);
		await new Promise((r) => setTimeout(r, 500));
		expect(receiver.received.map((r) => r.json.status)).toEqual(['firing', 'resolved']);
		expect(receiver.received[1].json.alerts[0].labels.alertname).toBe('cdn-busy');
	}, 60_000);
});
