/**
 * Chat webhook URLs are credentials (Slack's path, Discord's token, Teams' `sig`, Google Chat's
 * `key`/`token`), so only their origin is ever shown, and any part of them is scrubbed from
 * text that came back from a server or a network error.
 */

export const REDACTED = '***';

/** "https://hooks.slack.com/…" */
export function urlTarget(url: string): string {
	try {
		return `${new URL(url).origin}/…`;
	} catch {
		return '(invalid URL)';
	}
}

/** The whole URL, its path and query, and every path segment or query value long enough to be a key. */
export function urlSecrets(url: string): string[] {
	const out = [url];
	try {
		const u = new URL(url);
		out.push(u.pathname + u.search, u.search.slice(1));
		for (const seg of u.pathname.split('/')) if (seg.length >= 16) out.push(seg, decodeSafe(seg));
		for (const v of u.searchParams.values()) if (v.length >= 16) out.push(v, encodeURIComponent(v));
	} catch {
		// An invalid URL never passed the schema; nothing more to scrub.
	}
	return out;
}

/** `text` with every secret replaced, longest first so a part never leaves the rest of a whole. */
export function redact(text: string, secrets: string[]): string {
	const list = [...new Set(secrets.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
	let out = text;
	for (const s of list) out = out.split(s).join(REDACTED);
	return out;
}

function decodeSafe(s: string): string {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
}
