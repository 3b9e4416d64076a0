import type { Threshold } from '../protocol/boards.ts';
import { m } from '../paraglide/messages.js';

export type Level = 'ok' | 'warning' | 'critical' | 'none';

/** Icon and word for each level: status is never told by colour alone. The word is read in the page's language when shown. */
const label = (icon: string, word: () => string) => ({ icon, get word() { return word(); } });

export const LEVEL_LABELS: Record<Level, { icon: string; readonly word: string }> = {
	ok: label('✓', m.level_ok),
	warning: label('▲', m.level_warning),
	critical: label('✖', m.level_critical),
	none: label('○', m.level_none)
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
