import { createServer, type Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveSchema } from '../../../../src/lib/server/config/schema.ts';
import type { Changes } from '../../../../src/lib/server/live/hub.ts';
import { LiveService } from '../../../../src/lib/server/live/live-service.ts';
import { createMetrics, rootLogger } from '../../../../src/lib/server/observability/index.ts';
import { makePoint } from '../../../fixtures/points.ts';

const T0 = 1_732_500_000_000; // a whole second, ms
const INTERVAL_MS = 100;

let server: Server;
let service: LiveService;
/** When (fake ms since T0) a flush sent changes. */
let dataFlushes: number[];

beforeEach(() => {
	vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'] });
	server = createServer();
	service = new LiveService({
		config: LiveSchema.parse({ flush_interval: `${INTERVAL_MS}ms` }),
		httpServer: server,
		identify: () => null,
		scopeOf: () => null,
		resolve: () => [],
		backfill: async () => ({ times: [], values: [] }),
		writeRollups: async () => {},
		metrics: createMetrics(),
		log: rootLogger.child({ area: 'test' })
	});
	dataFlushes = [];
	const broadcast = service.sockets.broadcast.bind(service.sockets);
	vi.spyOn(service.sockets, 'broadcast').mockImplementation((changes: Changes) => {
		if (changes.size > 0) dataFlushes.push(Date.now() - T0);
		broadcast(changes);
	});
});

afterEach(async () => {
	await service.close();
	server.close();
	vi.useRealTimers();
});

const publishAt = (ms: number) => service.publish([makePoint({ measurement: 'traffic', tags: { component: 'cdn', instance: 'a' }, fields: { rps: ms }, timeMs: Date.now() })]);

describe('LiveService flush timing', () => {
	it('sends points that arrive after a quiet interval within a few milliseconds, not on the next tick of a 100 ms grid', async () => {
		await vi.advanceTimersByTimeAsync(1_030); // idle flushes ran at 100, 200, ... 1000 ms; the next is due at 1100
		publishAt(1_030);
		await vi.advanceTimersByTimeAsync(10);
		expect(dataFlushes).toEqual([1_035]);
	});

	it('sends changes at most once per flush interval while points keep coming', async () => {
		await vi.advanceTimersByTimeAsync(1_000);
		for (let ms = 1_000; ms < 1_500; ms += 10) {
			publishAt(ms);
			await vi.advanceTimersByTimeAsync(10);
		}
		await vi.advanceTimersByTimeAsync(200);
		expect(dataFlushes.length).toBeGreaterThanOrEqual(5);
		for (let i = 1; i < dataFlushes.length; i++) expect(dataFlushes[i] - dataFlushes[i - 1]).toBeGreaterThanOrEqual(INTERVAL_MS);
		expect(dataFlushes.at(-1)).toBeGreaterThanOrEqual(1_490); // the last points went out too
	});

	it('keeps flushing every interval without data, for the alert engine', async () => {
		const flushes: number[] = [];
		service.onFlush(() => flushes.push(Date.now() - T0));
		await vi.advanceTimersByTimeAsync(1_000);
		expect(flushes).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1_000]);
		expect(dataFlushes).toEqual([]);
	});
});
