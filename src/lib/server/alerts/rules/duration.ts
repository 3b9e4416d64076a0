/**
 * Rule durations ("0s", "30s", "2m", "1h") in whole seconds: rules are evaluated once a second,
 * so a finer duration would promise what the engine cannot keep. Kept apart from the config
 * module on purpose: the config schema imports the rule schema, and importing config from here
 * would make a cycle that leaves one side undefined at load time.
 */
export const RULE_DURATION = /^(\d+)(s|m|h|d)$/;

const UNIT_S = { s: 1, m: 60, h: 3_600, d: 86_400 } as const;

export function durationSeconds(text: string): number {
	const m = RULE_DURATION.exec(text);
	if (!m) throw new Error(`not a rule duration: "${text}" (use whole seconds, minutes, hours or days: "30s", "2m")`);
	return Number(m[1]) * UNIT_S[m[2] as keyof typeof UNIT_S];
}
