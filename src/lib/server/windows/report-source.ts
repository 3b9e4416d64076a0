import type { RunInfluxQL } from '../history/index.ts';
import { quoteIdent, timeRange } from '../history/influxql.ts';
import { ROLLUP_1S } from '../live/rollup-names.ts';
import { VERDICT_MEASUREMENT } from '../pipeline/verdict-recorder.ts';
import type { AlertFired } from '../../protocol/windows.ts';
import { ALERT_TRANSITIONS } from '../alerts/history-names.ts';
import type { Verdict, WindowData } from './report.ts';


/** Reads back what the live path stored for a window: its rollups, verdicts and alerts. */
export async function loadWindow(run: RunInfluxQL, fromMs: number, toMs: number): Promise<{ data: WindowData; verdicts: Verdict[]; alerts: AlertFired[] }> {
	const [rollups, verdicts, alerts] = await Promise.all([
		run(`SELECT * FROM ${quoteIdent(ROLLUP_1S)} WHERE ${timeRange(fromMs, toMs)} GROUP BY "component", "measurement"`),
		// The verdict in force at the opening was stored up to a heartbeat before it.
		run(`SELECT "bottleneck" FROM ${quoteIdent(VERDICT_MEASUREMENT)} WHERE ${timeRange(fromMs - 90_000, toMs)}`),
		run(`SELECT "summary", "summary_ko" FROM ${quoteIdent(ALERT_TRANSITIONS)} WHERE "status" = 'firing' AND ${timeRange(fromMs, toMs)} GROUP BY "rule", "severity", "component"`)
	]);
	const data: WindowData = new Map();
	for (const s of rollups) {
		const component = s.tags?.component ?? '';
		const measurement = s.tags?.measurement ?? '';
		let fields = data.get(component);
		if (!fields) data.set(component, (fields = new Map()));
		s.columns.forEach((column, i) => {
			if (i === 0 || column === 'component' || column === 'measurement') return;
			const values = new Map<number, number>();
			for (const row of s.values as unknown[][]) if (typeof row[i] === 'number') values.set(Math.floor((row[0] as number) / 1000), row[i] as number);
			if (values.size) fields.set(`${measurement}.${column}`, values);
		});
	}
	return {
		data,
		verdicts: (verdicts[0]?.values ?? []).map((row) => ({ second: Math.floor((row[0] as number) / 1000), stage: String(row[1] ?? '') })),
		alerts: alerts
			.flatMap((s) =>
				(s.values as unknown[][]).map((row) => ({
					rule: s.tags?.rule ?? '',
					severity: s.tags?.severity ?? '',
					component: s.tags?.component || null,
					at: row[0] as number,
					summary: String(row[1] ?? ''),
					...(typeof row[2] === 'string' && row[2] ? { summaryKo: row[2] } : {})
				}))
			)
			.sort((a, b) => a.at - b.at)
	};
}
