import { m } from '../paraglide/messages.js';

/**
 * A range preset's name for people: the URL keeps '5m', '1h', '7d'; English buttons say the same,
 * Korean ones "5분", "1시간", "7일".
 */
export function presetName(label: string): string {
	const match = /^(\d+)([mhd])$/.exec(label);
	if (!match) return label;
	const n = Number(match[1]);
	return match[2] === 'm' ? m.range_minutes({ n }) : match[2] === 'h' ? m.range_hours({ n }) : m.range_days({ n });
}
