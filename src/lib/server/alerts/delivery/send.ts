import type { OutgoingRequest } from '../channels/index.ts';
import { parseRetryAfter } from './backoff.ts';

/** Why a try failed, in words a person can act on; never holds a URL token or secret. */
export interface DeliveryError {
	/** HTTP status, absent for network errors and timeouts. */
	status?: number;
	/** The start of the response body: services put the reason there (Slack's "invalid_blocks"). */
	body?: string;
	message: string;
}

export type SendOutcome =
	| { ok: true; status: number }
	| { ok: false; retryable: boolean; retryAfterMs: number | null; error: DeliveryError };

const BODY_EXCERPT = 300;

/**
 * One POST, classified. Retried: network errors, timeouts, 408, 429 and 5xx. Everything else
 * that is not 2xx (a revoked webhook's 404, a rejected payload's 400, a redirect) will fail the
 * same way next time, so it is final.
 */
export async function sendRequest(req: OutgoingRequest, timeoutMs: number, scrub: (s: string) => string, nowMs: () => number): Promise<SendOutcome> {
	let res: Response;
	try {
		res = await fetch(req.url, {
			method: 'POST',
			headers: { 'user-agent': 'booking-ops-monitor', ...req.headers },
			body: req.body,
			signal: AbortSignal.timeout(timeoutMs),
			// Following a redirect would re-send the alert (and the secret's signature) to a place nobody configured.
			redirect: 'manual'
		});
	} catch (err) {
		return { ok: false, retryable: true, retryAfterMs: null, error: { message: scrub(networkMessage(err, timeoutMs)) } };
	}
	const text = await readExcerpt(res);
	if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
	const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
	const retryAfterMs =
		res.status === 429 || res.status === 503 ? parseRetryAfter(res.headers.get('retry-after'), nowMs()) ?? bodyRetryAfter(text) : null;
	const error: DeliveryError = { status: res.status, message: `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}` };
	if (text) error.body = scrub(text);
	return { ok: false, retryable, retryAfterMs, error };
}

async function readExcerpt(res: Response): Promise<string> {
	try {
		const text = await res.text();
		return text.length > BODY_EXCERPT ? `${text.slice(0, BODY_EXCERPT)}…` : text;
	} catch {
		return '';
	}
}

/** Telegram puts the wait in the body only (`parameters.retry_after`), Discord in both. */
function bodyRetryAfter(text: string): number | null {
	try {
		const j = JSON.parse(text) as { retry_after?: unknown; parameters?: { retry_after?: unknown } };
		const s = j.parameters?.retry_after ?? j.retry_after;
		return typeof s === 'number' && s >= 0 ? Math.ceil(s * 1000) : null;
	} catch {
		return null;
	}
}

/** undici says "fetch failed" and hides the reason in `cause` (ECONNREFUSED, ENOTFOUND, …). */
function networkMessage(err: unknown, timeoutMs: number): string {
	const e = err as Error & { cause?: { code?: string; message?: string } };
	if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
	const cause = e?.cause?.message ?? e?.cause?.code;
	return cause ? `${e.message}: ${cause}` : String(e?.message ?? err);
}
