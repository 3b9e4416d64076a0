import type { Labels } from '../types.ts';

/**
 * Alertmanager label matchers: `severity="critical"`, `component=~"identity-.*"`, `org!="kdca"`.
 * Semantics follow Alertmanager's classic parser so rules written for it behave the same here:
 * a missing label reads as "", regexes are fully anchored, and the only escapes inside quotes are
 * \" \\ \n (any other backslash stays literal, so `host=~"a\.b"` means what a regex writer expects).
 */

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface Matcher {
	readonly name: string;
	readonly op: MatchOp;
	readonly value: string;
	/** Compiled once at parse time; null for = and !=. */
	readonly re: RegExp | null;
}

export class MatcherError extends Error {
	constructor(
		readonly matcher: string,
		readonly reason: string
	) {
		super(`bad matcher ${JSON.stringify(matcher)}: ${reason}`);
		this.name = 'MatcherError';
	}
}

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
// Longest first: "=~" must win over "=".
const OPERATORS: readonly MatchOp[] = ['=~', '!~', '!=', '='];

export function parseMatcher(text: string): Matcher {
	const s = text.trim();
	const name = LABEL_NAME.exec(s)?.[0];
	if (!name) throw new MatcherError(text, 'expected a label name (letters, digits, "_"), e.g. severity="critical"');
	const rest = s.slice(name.length).trimStart();
	const op = OPERATORS.find((o) => rest.startsWith(o));
	if (!op) throw new MatcherError(text, `expected one of =, !=, =~, !~ after "${name}"`);
	const value = unquote(rest.slice(op.length).trim(), text);
	const re = op === '=~' || op === '!~' ? compileAnchored(value, text) : null;
	return { name, op, value, re };
}

export function parseMatchers(texts: readonly string[]): Matcher[] {
	return texts.map(parseMatcher);
}

export function matches(m: Matcher, labels: Labels): boolean {
	const v = labels[m.name] ?? '';
	switch (m.op) {
		case '=':
			return v === m.value;
		case '!=':
			return v !== m.value;
		case '=~':
			return m.re!.test(v);
		case '!~':
			return !m.re!.test(v);
	}
}

/** True when every matcher matches; an empty list matches everything (a catch-all route). */
export function matchesAll(ms: readonly Matcher[], labels: Labels): boolean {
	for (const m of ms) if (!matches(m, labels)) return false;
	return true;
}

/** Canonical text (always quoted) that parses back to the same matcher. */
export function formatMatcher(m: Pick<Matcher, 'name' | 'op' | 'value'>): string {
	return `${m.name}${m.op}${JSON.stringify(m.value)}`;
}

/** `{a="x",b=~"y"}`: the form Alertmanager's UI and URLs use for a list of matchers. */
export function formatMatchers(ms: readonly Pick<Matcher, 'name' | 'op' | 'value'>[]): string {
	return `{${ms.map(formatMatcher).join(',')}}`;
}

function unquote(raw: string, text: string): string {
	if (!raw.startsWith('"')) {
		if (raw.includes('"')) throw new MatcherError(text, 'unquoted value contains a double quote; quote the whole value');
		return raw;
	}
	let out = '';
	for (let i = 1; i < raw.length; i++) {
		const c = raw[i];
		if (c === '\\' && i + 1 < raw.length) {
			const next = raw[++i];
			out += next === 'n' ? '\n' : next === '"' || next === '\\' ? next : `\\${next}`;
		} else if (c === '"') {
			if (i !== raw.length - 1) throw new MatcherError(text, 'text after the closing quote (escape inner quotes as \\")');
			return out;
		} else out += c;
	}
	throw new MatcherError(text, 'missing closing double quote');
}

function compileAnchored(value: string, text: string): RegExp {
	try {
		// Alertmanager anchors the whole expression: `identity-.*` must not match `x-identity-a`.
		return new RegExp(`^(?:${value})$`);
	} catch (err) {
		throw new MatcherError(text, `invalid regular expression: ${(err as Error).message}`);
	}
}
