/**
 * Series colours that stay the same for a series on every chart and every reload: picked by a
 * hash of the series name from a palette that stays distinguishable for common colour-vision
 * deficiencies (Okabe-Ito, plus a few of Tableau 10), readable on light and dark backgrounds.
 */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#8F7A00', '#1B9E9E', '#6A3D9A', '#9C755F'];

export function colourFor(name: string): string {
	let h = 2166136261;
	for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
	return PALETTE[(h >>> 0) % PALETTE.length];
}

/** Distinct colours for the series of one chart: stable by name, and no two alike when avoidable. */
export function coloursFor(names: string[]): string[] {
	const used = new Set<string>();
	return names.map((n) => {
		let c = colourFor(n);
		if (used.has(c) && used.size < PALETTE.length) {
			let i = PALETTE.indexOf(c);
			while (used.has(PALETTE[i % PALETTE.length])) i++;
			c = PALETTE[i % PALETTE.length];
		}
		used.add(c);
		return c;
	});
}

export const LEVEL_COLOURS = { ok: '#2e7d32', warning: '#b26a00', critical: '#c62828' } as const;
