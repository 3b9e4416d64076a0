import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startSoakDriver, type SoakDriver } from '../../../bench/support/soak-driver.ts';
import { countStored } from '../../../bench/support/stored-count.ts';
import { loadConfig } from '../../../src/lib/server/config/index.ts';
import { loadScenario } from '../../../src/lib/server/simulator/index.ts';
import { startApp, type RunningApp } from '../../helpers/app.ts';

const SAMPLE = 'samples/vaccine-2021/monitor.yaml';
const config = loadConfig(SAMPLE);
const scenario = loadScenario('samples/vaccine-2021/scenarios/opening-surge.yaml');
const nextSecond = () => Math.ceil(Date.now() / 1000) * 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let app: RunningApp | undefined;
let driver: SoakDriver | undefined;
let receiver: Server | undefined;

afterEach(async () => {
	await driver?.stop().catch(() => {});
	await app?.close();
	await new Promise((r) => (receiver ? receiver.close(r) : r(undefined)));
	app = driver = receiver = undefined;
});

describe('the soak driver', () => {
	it('counts exactly the points the monitor acknowledged, per measurement, as InfluxDB then holds them', async () => {
		app = await startApp({ configFile: SAMPLE });
		driver = startSoakDriver({ url: app.url, token: app.adminToken, config, scenario, instancesPerComponent: 5, batchLines: 25, startMs: nextSecond() });
		await sleep(3_500);
		await driver.stop();
		const t = driver.totals;
		expect(t.secondsSent).toBeGreaterThanOrEqual(3);
		expect(t.statuses).toEqual({ 204: t.requests });
		expect(t.pointsGivenUp).toBe(0);
		const acknowledged = Object.values(t.acknowledged).reduce((a, b) => a + b, 0);
		expect(acknowledged).toBe(driver.linesPerSecond * t.secondsSent);
		expect(await countStored(app.influxUrl, app.database, ['traffic', 'queue', 'errors'])).toEqual(t.acknowledged);
		expect(driver.ackedAt.size).toBe(t.secondsSent);
		for (const [second, acked] of driver.ackedAt) expect(acked).toBeGreaterThanOrEqual(driver.sentAt.get(second)!);
	});

	it('resends on 503 and 429 as a sender would, counting every answer, and gives up on a 400', async () => {
		const answers = [503, 429, 204, 400];
		const seen: number[] = [];
		receiver = createServer((req, res) => {
			req.resume();
			req.on('end', () => {
				const status = answers[Math.min(seen.length, answers.length - 1)];
				seen.push(status);
				res.writeHead(status, status === 429 || status === 503 ? { 'retry-after': '0' } : {}).end();
			});
		});
		await new Promise<void>((r) => receiver!.listen(0, '127.0.0.1', r));
		const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
		// One instance per component and one batch per second: the first second is refused twice, then stored; the second is rejected.
		driver = startSoakDriver({ url, token: 't', config, scenario, instancesPerComponent: 1, batchLines: 10_000, startMs: nextSecond() });
		while (seen.length < 4) await sleep(50);
		await driver.stop();
		const t = driver.totals;
		expect(t.statuses[503]).toBe(1);
		expect(t.statuses[429]).toBe(1);
		expect(t.statuses[204]).toBe(1);
		expect(t.statuses[400]).toBeGreaterThanOrEqual(1);
		expect(t.resends).toBe(2);
		expect(Object.values(t.acknowledged).reduce((a, b) => a + b, 0)).toBe(driver.linesPerSecond);
		expect(t.pointsGivenUp).toBe(driver.linesPerSecond * (t.secondsSent - 1));
	});
});
