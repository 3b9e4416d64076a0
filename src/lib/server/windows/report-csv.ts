import type { Peak, WindowReport } from '../../protocol/windows.ts';

/**
 * The report as CSV in long form (one figure per row: metric, stage, value, at), which every
 * spreadsheet pivots and which keeps the same columns whatever the pipeline looks like.
 */
export function reportCsv(r: WindowReport): string {
	const rows: (string | number | null)[][] = [['metric', 'stage', 'value', 'at']];
	const iso = (ms: number | null | undefined) => (ms == null ? '' : new Date(ms).toISOString());
	const add = (metric: string, stage: string, value: string | number | null, at: number | null = null) => rows.push([metric, stage, value, iso(at)]);
	const addPeak = (metric: string, stage: string, p: Peak | null) => add(metric, stage, p ? p.value : null, p?.at ?? null);

	add('window', '', r.window.id, r.window.start);
	add('window_name', '', r.window.name);
	add('cohort', '', r.window.cohort);
	add('window_end', '', '', r.window.end);
	add('complete', '', String(r.complete));
	addPeak('peak_arrivals_per_s', '', r.peakArrivals);
	addPeak('peak_concurrent_users', '', r.peakConcurrent);
	addPeak('peak_queue', '', r.peakQueue);
	addPeak('longest_wait_s', '', r.longestWaitS);
	add('drain_s', '', r.drainS);
	for (const s of r.stages) {
		add('requests', s.id, s.requests);
		add('errors', s.id, s.errors);
		add('error_ratio', s.id, s.errorRatio);
		addPeak('peak_inflow_per_s', s.id, s.peakInflow);
		if (s.peakQueue) addPeak('peak_queue', s.id, s.peakQueue);
		if (s.longestWaitS) addPeak('longest_wait_s', s.id, s.longestWaitS);
		add('bottleneck_s', s.id, s.bottleneckS);
	}
	for (const b of r.bottlenecks) add('bottleneck_span_s', b.stage ?? 'none', (b.to - b.from) / 1000, b.from);
	for (const a of r.alerts) add('alert_fired', a.component ?? '', `${a.severity}: ${a.rule}`, a.at);
	return rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** RFC 4180: quote when needed, double the quotes; numbers as they are, text never as a formula. */
export function cell(v: string | number | null): string {
	if (v === null) return '';
	const s = typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(6).replace(/0+$/, '')) : neutraliseFormula(v);
	return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return before one)
 * as a formula: `=HYPERLINK(...)` in a name would act when the report is opened. A leading
 * apostrophe makes it text (OWASP's advice for CSV injection); numbers are written as numbers
 * above and keep their minus sign.
 */
export function neutraliseFormula(s: string): string {
	return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}
