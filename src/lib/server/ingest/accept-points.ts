import { scopeViolation, type Principal } from '../auth/index.ts';
import type { LineError, Point } from './point.ts';

/** What ingest needs to know of the store: the field types InfluxDB already holds. */
export interface FieldTypeGate {
	/** null when the point's field types agree with what is stored (and are now recorded); else InfluxDB's error text. */
	claim(point: Point): string | null;
}

export interface Acceptance {
	accepted: Point[];
	/** Lines refused for scope (403) */
	forbidden: LineError[];
	/** Lines refused as bad data (400): type conflicts, points older than the retention */
	invalid: LineError[];
}

/**
 * Applies the checks that need more than the line itself: the token's scope and the stored
 * field types. A rejected point is named by the line number it came from.
 */
export function acceptPoints(
	principal: Principal,
	points: Point[],
	lineOf: (index: number) => number,
	orgOfComponent: ReadonlyMap<string, string>,
	types: FieldTypeGate,
	retention: { oldestMs: number; label: string } | null = null
): Acceptance {
	const accepted: Point[] = [];
	const forbidden: LineError[] = [];
	const invalid: LineError[] = [];
	for (let i = 0; i < points.length; i++) {
		const p = points[i];
		const outside = scopeViolation(principal, p, orgOfComponent);
		if (outside) {
			forbidden.push({ line: lineOf(i), error: outside });
			continue;
		}
		// InfluxDB drops such points silently inside a 2xx batch ("points beyond retention policy"):
		// refuse them here, by line, rather than acknowledge them and lose them.
		if (retention && p.timeMs < retention.oldestMs) {
			invalid.push({ line: lineOf(i), error: `point is older than the retention policy (${retention.label}): InfluxDB would drop it` });
			continue;
		}
		const conflict = types.claim(p);
		if (conflict) {
			invalid.push({ line: lineOf(i), error: conflict });
			continue;
		}
		accepted.push(p);
	}
	return { accepted, forbidden, invalid };
}
