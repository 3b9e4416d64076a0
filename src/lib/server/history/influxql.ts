/**
 * Quoting for InfluxQL built from user or sender input. InfluxQL's scanner reads `\\`, `\'`,
 * `\"` and `\n` inside quotes; every other backslash sequence is an error. So a backslash must be
 * doubled *and* the quote escaped: the `influx` package's `escape.stringLit` escapes only the
 * quote, which lets a value ending in a backslash (`a\`) close the literal early. Hence these.
 */
export function quoteIdent(name: string): string {
	return `"${escapeFor(name, '"')}"`;
}

export function quoteString(value: string): string {
	return `'${escapeFor(value, "'")}'`;
}

function escapeFor(text: string, quote: '"' | "'"): string {
	let out = '';
	for (const ch of text) {
		if (ch === '\\') out += '\\\\';
		else if (ch === quote) out += `\\${quote}`;
		else if (ch === '\n') out += '\\n';
		else out += ch;
	}
	return out;
}

/** `time >= 123ms AND time < 456ms`: integer epoch ms, never text from the request. */
export function timeRange(fromMs: number, toMs: number): string {
	return `time >= ${Math.floor(fromMs)}ms AND time < ${Math.ceil(toMs)}ms`;
}

/** `(component = 'a' OR component = 'b')`; equality rather than a regex, so nothing needs regex escaping. */
export function anyOf(tag: string, values: readonly string[]): string {
	return `(${values.map((v) => `${quoteIdent(tag)} = ${quoteString(v)}`).join(' OR ')})`;
}
