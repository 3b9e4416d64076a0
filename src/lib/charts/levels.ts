import type { Threshold } from '../protocol/boards.ts';

export type Level = 'ok' | 'warning' | 'critical' | 'none';

/** Icon and word for each level: status is never told by colour alone. */
export const LEVEL_LABELS: Record<Level, { icon: string; word: string }> = {
	ok: { icon: '✓', word: 'OK' },
	warning: { icon: '▲', word: 'Warning' },
	critical: { icon: '✖', word: 'Critical' },
	none: { icon: '○', word: 'No data' }
};

/** The worst threshold the value breaches (critical before warning). */
export function levelOf(value: number | null, thresholds: readonly Threshold[] = []): Level {
	if (value === null || Number.isNaN(value)) return 'none';
	let level: Level = 'ok';
	for (const t of thresholds) {
		const breached = t.direction === 'below' ? value < t.value : value > t.value;
		if (!breached) continue;
		if (t.level === 'critical') return 'critical';
		level = 'warning';
	}
	return level;
}
