import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

/** The run's shared InfluxDB (started by tests/global-setup.ts). */
export function influxUrl(): string {
	return inject('influxUrl');
}

/** A database name no other test uses. */
export function uniqueDatabase(prefix = 'test'): string {
	return `${prefix}_${randomBytes(4).toString('hex')}`;
}

/** Runs InfluxQL against a database of the shared InfluxDB and returns the parsed JSON. */
/** Times come back as RFC3339 strings (exact to the ns); pass `epoch` for numbers (ns numbers lose precision in JSON). */
export async function influxQuery(
	db: string,
	q: string,
	url = influxUrl(),
	epoch?: 'ms' | 's'
): Promise<InfluxQueryResult> {
	const e = epoch ? `&epoch=${epoch}` : '';
	const res = await fetch(`${url}/query?db=${encodeURIComponent(db)}${e}&q=${encodeURIComponent(q)}`, {
		method: 'POST'
	});
	const body = (await res.json()) as InfluxQueryResult;
	if (!res.ok) throw new Error(`InfluxDB ${res.status}: ${JSON.stringify(body)}`);
	return body;
}

/** The rows of the first statement's series, each as an object keyed by column. */
export async function influxRows(
	db: string,
	q: string,
	url = influxUrl(),
	epoch?: 'ms' | 's'
): Promise<Record<string, unknown>[]> {
	const body = await influxQuery(db, q, url, epoch);
	const rows: Record<string, unknown>[] = [];
	for (const s of body.results[0]?.series ?? []) {
		for (const v of s.values) {
			const row: Record<string, unknown> = { ...(s.tags ?? {}), _measurement: s.name };
			s.columns.forEach((c, i) => (row[c] = v[i]));
			rows.push(row);
		}
	}
	return rows;
}

export async function createDatabase(db: string, url = influxUrl()): Promise<void> {
	await influxQuery(db, `CREATE DATABASE "${db}"`, url);
}

export interface InfluxQueryResult {
	results: {
		statement_id: number;
		error?: string;
		series?: { name: string; tags?: Record<string, string>; columns: string[]; values: unknown[][] }[];
	}[];
}
