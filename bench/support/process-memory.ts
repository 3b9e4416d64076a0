import { readFileSync } from 'node:fs';

/** Resident set size of a process in bytes (VmRSS in /proc/<pid>/status); NaN where /proc is absent. */
export function rssBytes(pid: number): number {
	try {
		const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Number(m[1]) * 1024 : NaN;
	} catch {
		return NaN;
	}
}

export interface MonitorGauges {
	heapUsedBytes: number;
	heapTotalBytes: number;
	/** Event-loop delay since the previous scrape (prom-client resets its histogram on every scrape). */
	loopLagP99S: number;
	loopLagMaxS: number;
	/** Garbage collection so far: major (mark-compact) pauses, and all kinds together (count, seconds). */
	gcMajor: { count: number; seconds: number };
	gcAll: { count: number; seconds: number };
}

/** The monitor's own view of its V8 heap and event loop, from its Prometheus `/metrics` (prom-client's default metrics). */
export async function monitorGauges(url: string, token: string): Promise<MonitorGauges> {
	const gcNone = { count: NaN, seconds: NaN };
	const none = { heapUsedBytes: NaN, heapTotalBytes: NaN, loopLagP99S: NaN, loopLagMaxS: NaN, gcMajor: gcNone, gcAll: gcNone };
	try {
		const res = await fetch(`${url}/metrics`, { headers: { authorization: `Token ${token}` }, signal: AbortSignal.timeout(10_000) });
		if (!res.ok) return none;
		const text = await res.text();
		const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
		return {
			heapUsedBytes: value('monitor_nodejs_heap_size_used_bytes'),
			heapTotalBytes: value('monitor_nodejs_heap_size_total_bytes'),
			loopLagP99S: value('monitor_nodejs_eventloop_lag_p99_seconds'),
			loopLagMaxS: value('monitor_nodejs_eventloop_lag_max_seconds'),
			gcMajor: gcTotals(text, (kind) => kind === 'major'),
			gcAll: gcTotals(text, () => true)
		};
	} catch {
		return none;
	}
}

function gcTotals(text: string, kinds: (kind: string) => boolean): { count: number; seconds: number } {
	const total = { count: 0, seconds: 0 };
	for (const m of text.matchAll(/^monitor_nodejs_gc_duration_seconds_(sum|count)\{kind="(\w+)"\} (\S+)$/gm)) {
		if (!kinds(m[2])) continue;
		if (m[1] === 'sum') total.seconds += Number(m[3]);
		else total.count += Number(m[3]);
	}
	return total;
}

/** Busy and total CPU time of the whole machine so far (jiffies, all cores), from /proc/stat. */
export function machineCpu(): { busy: number; total: number; cores: number } {
	try {
		const stat = readFileSync('/proc/stat', 'utf8');
		const [, ...fields] = stat.slice(0, stat.indexOf('\n')).trim().split(/\s+/);
		const n = fields.map(Number);
		const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
		const idle = n[3] + n[4]; // idle + iowait
		const cores = (stat.match(/^cpu\d+ /gm) ?? []).length;
		return { busy: total - idle, total, cores };
	} catch {
		return { busy: NaN, total: NaN, cores: NaN };
	}
}

/** The 1-minute load average. */
export function loadAverage(): number {
	try {
		return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
	} catch {
		return NaN;
	}
}
