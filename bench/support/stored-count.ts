/**
 * What InfluxDB holds, counted exactly, and the wait for the monitor's spool to be replayed:
 * a 204 means "stored or durably spooled", so the count is only final once the spool is empty.
 */

/** One field every line of the measurement carries: count() of it is the number of points. */
export const COUNTED_FIELD: Record<string, string> = { traffic: 'requests', queue: 'length', errors: 'count' };

export async function countStored(influxUrl: string, db: string, measurements: readonly string[]): Promise<Record<string, number>> {
	const out: Record<string, number> = {};
	for (const m of measurements) {
		const field = COUNTED_FIELD[m];
		if (!field) throw new Error(`no counted field known for measurement "${m}" (add it to COUNTED_FIELD)`);
		const q = `SELECT count("${field}") FROM "${m}"`;
		const res = await fetch(`${influxUrl}/query?db=${encodeURIComponent(db)}&q=${encodeURIComponent(q)}`, { signal: AbortSignal.timeout(300_000) });
		const body = (await res.json()) as { results?: { error?: string; series?: { values: [unknown, number][] }[] }[]; error?: string };
		const result = body.results?.[0];
		if (!res.ok || body.error || result?.error) throw new Error(`InfluxDB ${res.status} for ${q}: ${body.error ?? result?.error}`);
		out[m] = result?.series?.[0]?.values[0]?.[1] ?? 0;
	}
	return out;
}

/** Waits until the monitor reports an empty spool; returns what it last reported. */
export async function waitForEmptySpool(url: string, timeoutMs: number): Promise<{ batches: number; bytes: number }> {
	let last = { batches: NaN, bytes: NaN };
	for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 500))) {
		try {
			const res = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(10_000) });
			const health = (await res.json()) as { spool?: { batches: number; bytes: number } };
			if (health.spool) last = health.spool;
			if (last.batches === 0) return last;
		} catch {
			// The monitor is busy or restarting its InfluxDB connection: ask again.
		}
	}
	return last;
}
