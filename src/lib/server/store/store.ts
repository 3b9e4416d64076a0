import { isAbsolute, join } from 'node:path';
import { durationMs, type Config } from '../config/index.ts';
import { durationLiteral, quoteIdent } from '../history/influxql.ts';
import type { Logger, Metrics } from '../observability/index.ts';
import { BatchWriter } from './batch-writer.ts';
import { FieldTypeRegistry } from './field-types.ts';
import { InfluxHttp, type QuerySeries } from './influx-http.ts';
import { isLoopback, type InfluxTarget } from './influx-target.ts';
import { Spool } from './spool.ts';

export interface StoreOptions {
	target: InfluxTarget;
	writer: Config['writer'];
	influx: Config['influx'];
	dataDir: string;
	metrics: Metrics;
	logger: Logger;
	/** How long to wait for InfluxDB at start-up. */
	startTimeoutMs?: number;
}

export interface Store {
	writer: BatchWriter;
	fieldTypes: FieldTypeRegistry;
	/** The first statement's series, times in epoch ms. */
	query(q: string): Promise<QuerySeries[]>;
	health(): Promise<{ ok: boolean; version: string | null }>;
	spoolSize(): { batches: number; bytes: number };
	close(): Promise<void>;
}

export const RAW_RETENTION_POLICY = 'raw';

export async function createStore(o: StoreOptions): Promise<Store> {
	const http = new InfluxHttp(o.target, durationMs(o.writer.timeout));
	await waitForInflux(http, o.startTimeoutMs ?? 30_000);
	await prepareDatabase(http, o.target.database, o.influx.retention, o.logger);
	const fieldTypes = await FieldTypeRegistry.load(http);
	const spoolDir = isAbsolute(o.writer.spool.dir) ? o.writer.spool.dir : join(o.dataDir, o.writer.spool.dir.replace(/^data\//, ''));
	const spool = new Spool(spoolDir, o.writer.spool.max_bytes);
	if (!spool.empty) o.logger.info({ batches: spool.size.batches, dir: spoolDir }, 'replaying spooled batches');
	const writer = new BatchWriter(http, spool, {
		batchLines: o.writer.batch_lines,
		flushIntervalMs: durationMs(o.writer.flush_interval),
		concurrency: o.writer.concurrency,
		gzip: o.writer.gzip === 'auto' ? !isLoopback(o.target.url) : o.writer.gzip,
		metrics: o.metrics,
		log: o.logger
	});
	return {
		writer,
		fieldTypes,
		query: async (q) => (await http.query(q))[0] ?? [],
		health: () => http.ping(),
		spoolSize: () => spool.size,
		async close() {
			await writer.close();
			http.close();
		}
	};
}

async function waitForInflux(http: InfluxHttp, timeoutMs: number): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		if ((await http.ping()).ok) return;
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`InfluxDB at ${http.target.url} did not answer /ping within ${timeoutMs / 1000} s: is it running, and is INFLUX_URL right?`);
}

/**
 * The database and its default retention policy for raw points. InfluxDB 2.x/3.x v1-compatible
 * endpoints do not accept these statements (buckets are made there): that is logged, not fatal.
 */
async function prepareDatabase(http: InfluxHttp, db: string, retention: string, log: Logger): Promise<void> {
	const duration = durationLiteral(durationMs(retention));
	try {
		await http.query(`CREATE DATABASE ${quoteIdent(db)}`, { write: true, db: false });
		try {
			await http.query(`CREATE RETENTION POLICY ${quoteIdent(RAW_RETENTION_POLICY)} ON ${quoteIdent(db)} DURATION ${duration} REPLICATION 1 DEFAULT`, { write: true, db: false });
		} catch {
			await http.query(`ALTER RETENTION POLICY ${quoteIdent(RAW_RETENTION_POLICY)} ON ${quoteIdent(db)} DURATION ${duration} DEFAULT`, { write: true, db: false });
		}
	} catch (err) {
		log.warn({ err: (err as Error).message }, 'could not create the database or its retention policy; assuming they exist');
	}
}
