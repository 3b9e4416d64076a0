/** mulberry32: a tiny seeded generator, so a scenario replays with the same noise every time. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A multiplier around 1 with the given relative spread (0.05 = within ±5%). */
export function jitter(random: () => number, spread: number): number {
	return 1 + (random() * 2 - 1) * spread;
}
